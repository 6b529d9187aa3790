package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.model.Activation;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepSpec;
import org.junit.jupiter.api.Test;

/**
 * The statistics of closed-form networks taken from their factored form ({@link FactoredLayers}) equal the
 * statistics decomposed from the explicit weights ({@link Network#withoutFactors()}) to 1e-10, for every
 * closed-form setting across β (every path on, the jumps, rank 0 at large β), with ties and padded widths; and
 * a missing or inconsistent factored form is not used.
 */
class FactoredStatisticsTest {
    private static final double TOL = 1e-10;
    private static final SweepSpec SPEC = SpecReader.parse("""
            name: factored
            output: unused
            data:
              - {name: gauss, generator: gaussian, n: 30, d: 8, seed: 1}
              - {name: white-onehot, generator: whitened, n: 12, d: 20, targets: onehot, classes: 4, seed: 3}
              - {name: white-vector, generator: whitened, n: 10, d: 16, outputs: 3, seed: 4}
              - {name: white-scalar, generator: whitened, n: 10, d: 16, seed: 7}
              - {name: rank-one, generator: rank-one, n: 15, d: 5, seed: 5}
              - {name: mixture, generator: mixture, n: 24, d: 6, classes: 3, seed: 6}
            settings:
              - {name: linear, data: [gauss], depth: [2]}
            beta: [1.0]
            """, "test");
    /** From all paths on to the zero network, with β = 0 (the minimum-norm limit). */
    private static final double[] BETAS = {0.0, 1e-4, 1e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 1e6};

    private static Dataset data(String name) {
        return DatasetFactory.build(SPEC.dataset(name));
    }

    @Test
    void linearScalarAndWhitenedVectorMatchTheDenseStatistics() {
        int checked = 0;
        for (String name : List.of("gauss", "white-vector", "white-onehot")) {
            Dataset d = data(name);
            checked += compareAll(d, Setting.LINEAR, Optional.empty(), List.of(2, 3, 5));
        }
        assertTrue(checked > 100, "cells compared " + checked);
    }

    @Test
    void whitenedReluAndRankOneMatchTheDenseStatistics() {
        int checked = compareAll(data("white-onehot"), Setting.RELU_WHITENED, Optional.empty(), List.of(2, 3, 4));
        checked += compareAll(data("white-scalar"), Setting.RELU_WHITENED, Optional.empty(), List.of(2, 4));
        checked += compareAll(data("rank-one"), Setting.RELU_RANK1, Optional.empty(), List.of(2, 3, 5));
        assertTrue(checked > 80, "cells compared " + checked);
    }

    @Test
    void batchNormMatchesTheDenseStatistics() {
        int checked = 0;
        for (BnVariant v : BnVariant.values()) {
            // mixture: rank X < n (a random first layer for L >= 3); whitened: W_1 = X⁺(Z + 2)
            checked += compareAll(data("mixture"), Setting.BN, Optional.of(v), List.of(2, 3, 4));
            checked += compareAll(data("white-onehot"), Setting.BN, Optional.of(v), List.of(2, 3));
        }
        assertTrue(checked > 80, "cells compared " + checked);
    }

    /** wd and tc (t = 0.7) over {@link #BETAS}; every network with weights must carry a verified factored form. */
    private static int compareAll(Dataset d, Setting setting, Optional<BnVariant> variant, List<Integer> depths) {
        PreparedData prepared = Solvers.prepare(setting, d);
        int checked = 0;
        for (Objective o : Objective.values()) {
            if (setting == Setting.RELU_RANK1 && o == Objective.TC) {
                continue;
            }
            for (int depth : depths) {
                List<Problem> path = new ArrayList<>();
                for (double beta : BETAS) {
                    Problem p = o == Objective.WD ? Problem.wd(setting, beta, depth) : Problem.tc(setting, beta, depth,
                            0.7);
                    path.add(variant.map(p::withVariant).orElse(p));
                }
                for (Solution s : Solvers.solvePath(prepared, path)) {
                    if (s.status() == Status.FAILED || s.network().isEmpty()) {
                        continue;
                    }
                    String where = setting.cliName() + variant.map(v -> "/" + v).orElse("") + " " + o + " L=" + depth
                            + " beta=" + s.problem().beta() + " on " + d.name();
                    Network net = s.network().get();
                    assertTrue(FactoredLayers.verified(net).isPresent(), "factored form missing or rejected: " + where);
                    assertSameStatistics(NetworkStats.of(net.withoutFactors(), d, RankTolerance.SOLVED),
                            NetworkStats.of(net, d, RankTolerance.SOLVED), where);
                    // a width beyond the needed one: zero-padded factors of zero-padded layers
                    Network wide = net.padHiddenWidth(net.maxHiddenWidth() + 3);
                    assertTrue(FactoredLayers.verified(wide).isPresent(), "padded form rejected: " + where);
                    assertSameStatistics(NetworkStats.of(wide.withoutFactors(), d, RankTolerance.SOLVED),
                            NetworkStats.of(wide, d, RankTolerance.SOLVED), where + " padded");
                    checked++;
                }
            }
        }
        return checked;
    }

    static void assertSameStatistics(NetworkStats dense, NetworkStats fast, String where) {
        assertEquals(dense.layers().size(), fast.layers().size(), where);
        for (int l = 0; l < dense.layers().size(); l++) {
            LayerStats a = dense.layers().get(l);
            LayerStats b = fast.layers().get(l);
            String at = where + " layer " + (l + 1);
            assertEquals(a.rank(), b.rank(), at + " rank");
            close(a.fro(), b.fro(), a.fro(), at + " fro");
            close(a.op(), b.op(), a.op(), at + " op");
            close(a.stableRank(), b.stableRank(), a.stableRank(), at + " stable rank");
        }
        for (int l = 0; l < dense.alignment().size(); l++) {
            AlignmentStats a = dense.alignment().get(l);
            AlignmentStats b = fast.alignment().get(l);
            String at = where + " pair " + (l + 1);
            close(a.top1(), b.top1(), 1, at + " top1");
            close(a.top2(), b.top2(), 1, at + " top2");
            close(a.subspace(), b.subspace(), 1, at + " subspace");
        }
        close(dense.balance(), fast.balance(), 1, where + " balance");
        assertEquals(dense.collapse(), fast.collapse(), where + " collapse (the same features)");
    }

    /** Equal within TOL relative to {@code scale} (absolute where the value is ~0); NaN and ∞ only with themselves. */
    private static void close(double expected, double actual, double scale, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double err = Math.abs(expected - actual);
        if (!(err <= TOL * Math.max(Math.abs(scale), 1e-300) || err <= TOL * 1e-6)) {
            fail(what + ": dense " + expected + ", factored " + actual + " (difference " + err + ")");
        }
    }

    @Test
    void repeatedSingularValuesAndRankBelowWidthAgree() {
        Random r = new Random(11);
        // W_1 = Q_1 diag(2, 2, 1) P_1ᵀ (a tie at the top), W_2 = P_1 diag(1.5, 1.5, 1.5, 0) Q_2ᵀ padded: rank 3 < width 4
        Svd a = Decompositions.thinSvd(gaussian(r, 7, 4));
        Svd b = Decompositions.thinSvd(gaussian(r, 4, 4));
        Svd c = Decompositions.thinSvd(gaussian(r, 5, 4));
        double[] s1 = {2, 2, 1, 0};
        double[] s2 = {1.5, 1.5, 1.5, 0};
        LayerFactors f1 = new LayerFactors(a.u(), s1, b.u());
        LayerFactors f2 = new LayerFactors(b.u(), s2, c.u());
        Network net = Network.chain(Activation.IDENTITY, List.of(rebuild(f1), rebuild(f2))).withFactors(List.of(f1, f2));
        assertTrue(FactoredLayers.verified(net).isPresent());
        NetworkStats fast = NetworkStats.ofWeights(net, RankTolerance.SOLVED);
        assertSameStatistics(NetworkStats.ofWeights(net.withoutFactors(), RankTolerance.SOLVED), fast, "ties");
        assertEquals(3, fast.layers().get(0).rank());
        assertEquals(1.0, fast.alignment().get(0).top1(), 1e-12, "the tied leading spans coincide");
    }

    @Test
    void inconsistentOrMissingFactorsAreNotUsed() {
        Dataset d = data("white-onehot");
        Solution s = Solvers.solve(Solvers.prepare(Setting.RELU_WHITENED, d), Problem.wd(Setting.RELU_WHITENED, 0.1, 3));
        Network net = s.network().orElseThrow();
        assertTrue(FactoredLayers.verified(net).isPresent());
        assertFalse(FactoredLayers.verified(net.withoutFactors()).isPresent(), "no factored form");

        // one weight changed by 1e-8 of the layer's norm: the factors no longer describe the network
        List<Matrix> weights = new ArrayList<>(net.weights());
        Matrix w1 = weights.get(0);
        double[] entries = w1.toColumnMajor();
        entries[3] += 1e-8 * w1.frobeniusNorm();
        weights.set(0, Matrix.ofColumnMajor(w1.rows(), w1.cols(), entries));
        Network changed = new Network(net.activation(), weights, net.batchNorm(), net.hiddenBiases(), net.outputBias(),
                net.factors());
        assertFalse(FactoredLayers.verified(changed).isPresent(), "perturbed weight accepted");
        assertSameStatistics(NetworkStats.of(changed.withoutFactors(), d, RankTolerance.SOLVED),
                NetworkStats.of(changed, d, RankTolerance.SOLVED), "fallback");

        // a right factor that reconstructs W but is not orthonormal (2R with s/2) is not an SVD
        List<LayerFactors> factors = new ArrayList<>(net.factors());
        LayerFactors f = factors.get(0);
        double[] half = f.s();
        for (int i = 0; i < half.length; i++) {
            half[i] /= 2;
        }
        factors.set(0, new LayerFactors(f.left(), half, f.right().scale(2)));
        assertFalse(FactoredLayers.verified(net.withFactors(factors)).isPresent(), "non-orthonormal factor accepted");

        // a diagonal layer must equal diag(s) exactly
        List<LayerFactors> diagonal = new ArrayList<>(net.factors());
        double[] g = diagonal.get(1).s();
        g[0] *= 1 + 1e-13;
        diagonal.set(1, LayerFactors.diagonal(g));
        assertFalse(FactoredLayers.verified(net.withFactors(diagonal)).isPresent(), "diagonal mismatch accepted");
    }

    @Test
    void featuresSharedWithTheForwardObjectiveGiveTheSameValues() {
        Dataset d = data("mixture");
        Problem p = Problem.tc(Setting.BN, 0.05, 4, 0.7).withVariant(BnVariant.RELU);
        Network net = Solvers.solve(Solvers.prepare(Setting.BN, d), p).network().orElseThrow();
        Matrix features = net.features(d.x());
        assertEquals(ForwardObjective.evaluate(net, d.x(), d.y(), p), ForwardObjective.fromFeatures(net, features,
                d.y(), p), "the same forward objective to the bit");
        NetworkStats shared = NetworkStats.of(net, d, RankTolerance.SOLVED, features);
        assertTrue(shared.collapse().isPresent(), "labelled data: collapse statistics");
        assertEquals(NetworkStats.of(net, d, RankTolerance.SOLVED), shared, "the same statistics to the bit");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkStats.of(net, d, RankTolerance.SOLVED, features.rowRange(0, 2)));
        assertTrue(e.getMessage().contains("features are"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedAsWithoutFactors() {
        LayerFactors f = LayerFactors.diagonal(new double[] {1, 2});
        Network net = Network.chain(Activation.IDENTITY, List.of(Matrix.diagonal(1, Double.NaN), Matrix.diagonal(1, 2)))
                .withFactors(List.of(f, f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkStats.ofWeights(net, RankTolerance.SOLVED));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void factorsOfTheWrongShapeAreRefused() {
        LayerFactors f = LayerFactors.diagonal(new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.chain(Activation.IDENTITY, List.of(Matrix.zeros(3, 2), Matrix.zeros(2, 1)))
                        .withFactors(List.of(f, f)));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerFactors(Matrix.zeros(3, 2), new double[1],
                Matrix.zeros(2, 1)));
    }

    private static Matrix rebuild(LayerFactors f) {
        return Decompositions.scaleColumns(f.left(), f.s()).times(f.right().transpose());
    }

    private static Matrix gaussian(Random r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, v);
    }
}

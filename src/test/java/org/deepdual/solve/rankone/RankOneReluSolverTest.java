package org.deepdual.solve.rankone;

import org.deepdual.solve.core.Reconstruction;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.ChainObjective;
import org.deepdual.solve.DualSolverContract;
import org.deepdual.solve.Lbfgs;
import org.deepdual.solve.core.PowerProx;
import org.deepdual.solve.Solvers;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Deep ReLU networks on rank-one data (docs/theory.md §7.1) under the contract, plus the shared-path checks. */
class RankOneReluSolverTest extends DualSolverContract {
    static final double[] C = {1, 2, -1, 0.5, -1.5, 0.8, -0.3, 1.2};
    static final double[] A = {1, -2, 0.5};
    /** Positive on both signs of c: P₊P₋ > 0, the shared path matters. */
    static final double[] Y_SAME = {0.9, 1.7, 1.1, -0.2, 1.3, 0.5, 0.4, 1.0};
    /** Negative where c < 0: P₊ > 0 > P₋. */
    static final double[] Y_OPPOSITE = {0.9, 1.7, -1.1, 0.2, -1.3, 0.5, -0.4, 1.0};

    static Dataset data(double[] c, double[] y) {
        Matrix x = Matrix.column(c).times(Matrix.ofRows(new double[][] {A}));
        return new Dataset("rank-one", x, Matrix.column(y), Optional.empty(), "rank-one-test");
    }

    static final double[] ONE_SIGNED_C = {1, 2, 0.5, 0, 1.5};
    static final double[] ONE_SIGNED_Y = {0.3, 1.0, -0.2, 0.7, 0.9};

    private static Case noDual(String name, Dataset d, double beta, int depth) {
        return Case.closedForm(name, d, Problem.wd(Setting.RELU_RANK1, beta, depth), Gap.NO_DUAL);
    }

    @Override
    protected Setting setting() {
        return Setting.RELU_RANK1;
    }

    @Override
    protected Activation activation() {
        return Activation.RELU;
    }

    @Override
    protected List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (int depth : new int[] {2, 3, 4, 6}) {
            c.add(noDual("same-sign", data(C, Y_SAME), 0.1, depth));
            c.add(noDual("opposite-sign", data(C, Y_OPPOSITE), 0.3, depth));
        }
        c.add(noDual("same-sign", data(C, Y_SAME), 0.5, 3));
        c.add(noDual("one-signed-c", data(ONE_SIGNED_C, ONE_SIGNED_Y), 0.2, 3));
        return c;
    }

    @Override
    protected List<Case> bruteForceCases() {
        return List.of(noDual("same-sign", data(C, Y_SAME), 0.1, 3), noDual("same-sign", data(C, Y_SAME), 0.5, 4),
                noDual("opposite-sign", data(C, Y_OPPOSITE), 0.3, 3), noDual("same-sign", data(C, Y_SAME), 0.1, 2));
    }

    @Override
    protected Case sweep() {
        return noDual("same-sign", data(C, Y_SAME), 0.1, 3);
    }

    @Override
    protected double betaPastZero() {
        return 30.0;
    }

    /** ½‖y‖² − ½(P₊² + P₋²) from C and y directly: both projections are fitted exactly. */
    @Override
    protected double valueAtBetaZero() {
        double yy = 0;
        double np = 0;
        double nm = 0;
        double dp = 0;
        double dm = 0;
        for (int i = 0; i < C.length; i++) {
            yy += Y_SAME[i] * Y_SAME[i];
            if (C[i] > 0) {
                np += C[i] * C[i];
                dp += C[i] * Y_SAME[i];
            } else {
                nm += C[i] * C[i];
                dm += C[i] * Y_SAME[i];
            }
        }
        return 0.5 * (yy - dp * dp / np - dm * dm / nm);
    }

    @Override
    protected void assertDualFeasible(Case c, Solution s) {
        assertTrue(s.dualVariable().isEmpty(), c + ": no dual variable is known");
        assertTrue(s.dual().isEmpty(), c + ": no dual value is known");
    }

    /** Per-neuron balance and one Frobenius norm t* for every layer (ReLU WD, docs/theory.md L4 and L3). */
    @Override
    protected Structure expectedStructure(Case c, Solution s) {
        return new Structure(OptionalInt.empty(), false, Balance.PER_NEURON, s.tStar(), c.problem().depth());
    }

    static Solution solve(Dataset d, double beta, int depth) {
        Solution s = Solvers.solve(d, Problem.wd(Setting.RELU_RANK1, beta, depth));
        assertEquals(Status.OPTIMAL, s.status());
        assertFalse(s.certified(), "no dual, never certified");
        assertTrue(s.dual().isEmpty(), "no dual value");
        assertTrue(s.reason().orElseThrow().startsWith("no dual is known"), s.reason().get());
        Network net = s.network().orElseThrow();
        double forward = ForwardObjective.evaluate(net, d.x(), d.y(), s.problem()).value();
        assertRel(s.primal().getAsDouble(), forward, 1e-8, "forward objective at L=" + depth + " beta=" + beta);
        for (int l = 1; l <= depth; l++) {
            assertRel(s.tStar().getAsDouble(), net.layer(l).frobeniusNorm(), 1e-10, "balanced layer " + l);
        }
        assertTrue(s.neededWidth() >= 1 && s.neededWidth() <= 2 && net.maxHiddenWidth() == s.neededWidth(),
                "needed width");
        return s;
    }

    static RankOneOptimum.Structure structure(Dataset d, double beta, int depth) {
        return RankOneOptimum.of(new PreparedRankOne(d), depth, beta).structure();
    }

    /** The one-path-per-sign value, from h_pow directly (docs/theory.md §7.1, "separate"). */
    static double separateOnly(Dataset d, double beta, int depth) {
        PreparedRankOne p = new PreparedRankOne(d);
        double v = p.unreachableLoss();
        for (double[] side : new double[][] {{p.kappaPlus(), p.projPlus()}, {p.kappaMinus(), p.projMinus()}}) {
            v += side[0] == 0 ? 0.5 * side[1] * side[1]
                    : PowerProx.value(Math.abs(side[1]), depth, beta * Math.pow(side[0], -2.0 / depth));
        }
        return v;
    }

    @Test
    void sharedPathBeatsOnePathPerSign() {
        Dataset d = data(C, Y_SAME);
        PreparedRankOne p = new PreparedRankOne(d);
        assertTrue(p.projPlus() * p.projMinus() > 0, "same-sign projections");
        for (int depth : new int[] {3, 4, 5}) {
            Solution s = solve(d, 0.1, depth);
            double separate = separateOnly(d, 0.1, depth);
            assertEquals(RankOneOptimum.Structure.SHARED, structure(d, 0.1, depth), "L=" + depth);
            assertTrue(separate - s.primal().getAsDouble() > 1e-3,
                    "L=" + depth + ": separate " + separate + " vs " + s.primal().getAsDouble());
            Network net = s.network().get();
            assertEquals(2, net.layer(1).cols());
            assertEquals(1, net.layer(2).cols(), "layer 2 merges the two neurons");
        }
        Solution two = solve(d, 0.1, 2);
        assertEquals(RankOneOptimum.Structure.TWO_PATHS, structure(d, 0.1, 2));
        assertRel(separateOnly(d, 0.1, 2), two.primal().getAsDouble(), 1e-12, "L=2 has no shared path");
        Dataset opposite = data(C, Y_OPPOSITE);
        assertTrue(new PreparedRankOne(opposite).projPlus() * new PreparedRankOne(opposite).projMinus() < 0);
        for (int depth : new int[] {2, 3, 4}) {
            Solution s = solve(opposite, 0.1, depth);
            assertEquals(RankOneOptimum.Structure.TWO_PATHS, structure(opposite, 0.1, depth));
            assertRel(separateOnly(opposite, 0.1, depth), s.primal().getAsDouble(), 1e-12, "opposite signs");
        }
    }

    /**
     * docs/theory.md's own formulation of the shared cost, minimised by brute force over (p, q): β/2(p² + q²)
     * plus the scalar deep-linear WD value of L−1 layers on data diag(κ₊p, κ₋q) and target (|P₊|, |P₋|),
     * the latter by a dense search over the ridge parameter μ as in docs/theory.md §4.
     */
    @Test
    void sharedCostMatchesTheTwoDimensionalSearchOfSection7() {
        Dataset d = data(C, Y_SAME);
        PreparedRankOne p = new PreparedRankOne(d);
        for (int depth : new int[] {3, 4}) {
            for (double beta : new double[] {0.05, 0.1, 0.4}) {
                double claimed = RankOneOptimum.of(p, depth, beta).value();
                double reference = p.unreachableLoss()
                        + Math.min(sharedByPatternSearch(p, depth, beta), separateOnly(d, beta, depth) - p.unreachableLoss());
                assertRel(reference, claimed, 1e-8, "L=" + depth + " beta=" + beta);
            }
        }
    }

    private static double sharedByPatternSearch(PreparedRankOne p, int depth, double beta) {
        double[] best = {0, 0};
        double bestValue = Double.POSITIVE_INFINITY;
        for (double a = 0.05; a <= 3; a += 0.05) {
            for (double b = 0.05; b <= 3; b += 0.05) {
                double v = sharedCost(p, depth, beta, a, b);
                if (v < bestValue) {
                    bestValue = v;
                    best = new double[] {a, b};
                }
            }
        }
        for (double step = 0.01; step > 1e-10; step *= 0.5) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (double[] dir : new double[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}}) {
                    double a = best[0] + step * dir[0];
                    double b = best[1] + step * dir[1];
                    double v = a > 0 && b > 0 ? sharedCost(p, depth, beta, a, b) : Double.POSITIVE_INFINITY;
                    if (v < bestValue) {
                        bestValue = v;
                        best = new double[] {a, b};
                        moved = true;
                    }
                }
            }
        }
        return bestValue;
    }

    private static double sharedCost(PreparedRankOne p, int depth, double beta, double pp, double qq) {
        double[] s = {p.kappaPlus() * pp, p.kappaMinus() * qq};
        double[] t = {Math.abs(p.projPlus()), Math.abs(p.projMinus())};
        int layers = depth - 1;
        double best = 0.5 * (t[0] * t[0] + t[1] * t[1]);
        double lo = Math.log(Math.max(s[0], s[1]) * Math.max(s[0], s[1])) - 30;
        double hi = lo + 60;
        int grid = 400;
        double bestMu = lo;
        for (int k = 0; k <= grid; k++) {
            double logMu = lo + (hi - lo) * k / grid;
            double v = ridgeObjective(s, t, Math.exp(logMu), layers, beta);
            if (v < best) {
                best = v;
                bestMu = logMu;
            }
        }
        double a = bestMu - (hi - lo) / grid;
        double b = bestMu + (hi - lo) / grid;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 100; it++) {
            double m1 = b - g * (b - a);
            double m2 = a + g * (b - a);
            if (ridgeObjective(s, t, Math.exp(m1), layers, beta) < ridgeObjective(s, t, Math.exp(m2), layers, beta)) {
                b = m2;
            } else {
                a = m1;
            }
        }
        best = Math.min(best, ridgeObjective(s, t, Math.exp(0.5 * (a + b)), layers, beta));
        return 0.5 * beta * (pp * pp + qq * qq) + best;
    }

    private static double ridgeObjective(double[] s, double[] t, double mu, int layers, double beta) {
        double loss = 0;
        double norm = 0;
        for (int i = 0; i < 2; i++) {
            double w = s[i] * t[i] / (s[i] * s[i] + mu);
            loss += 0.5 * (s[i] * w - t[i]) * (s[i] * w - t[i]);
            norm += w * w;
        }
        return loss + 0.5 * layers * beta * Math.pow(norm, 1.0 / layers);
    }

    /**
     * Training the real network (L-BFGS from random starts) gets below the one-path-per-sign value
     * where the shared path is selected, and never below the claimed optimum.
     */
    @Test
    void trainingFindsTheSharedPath() {
        Dataset d = data(C, Y_SAME);
        for (int depth : new int[] {3, 4}) {
            Problem p = Problem.wd(Setting.RELU_RANK1, 0.1, depth);
            double value = solve(d, 0.1, depth).primal().getAsDouble();
            ChainObjective f = new ChainObjective(d.x(), d.y(), Activation.RELU, p, 4);
            Random r = new Random(depth);
            double best = Double.POSITIVE_INFINITY;
            for (int start = 0; start < 8; start++) {
                double[] x0 = new double[f.dimension()];
                for (int i = 0; i < x0.length; i++) {
                    x0[i] = (0.3 + 0.2 * start) * r.nextGaussian();
                }
                best = Math.min(best, Lbfgs.minimize(f::valueAndGradient, x0, 3000));
            }
            assertTrue(best >= value - 1e-7 * Math.max(1, value), "L=" + depth + ": " + best + " below " + value);
            assertTrue(best < separateOnly(d, 0.1, depth) - 1e-3, "L=" + depth + ": training " + best
                    + " does not beat the separate-only value " + separateOnly(d, 0.1, depth));
        }
    }

    @Test
    void valuesOnlyModeAgreesWithTheFullSolve() {
        RankOneReluSolver lean = new RankOneReluSolver(Reconstruction.CERTIFICATE_ONLY);
        for (Case c : cases()) {
            Solution full = solve(c);
            Solution values = lean.solve(lean.prepare(c.data()), c.problem());
            assertEquals(full.primal().getAsDouble(), values.primal().getAsDouble(), 0.0, c.toString());
            assertRel(full.tStar().getAsDouble(), values.tStar().getAsDouble(), 1e-14, c + ": t*");
            assertEquals(full.neededWidth(), values.neededWidth(), c.toString());
            assertTrue(values.network().isEmpty());
        }
    }

    @Test
    void betaZeroAndBetaPastTheZeroPoint() {
        Dataset d = data(C, Y_SAME);
        PreparedRankOne p = new PreparedRankOne(d);
        for (int depth : new int[] {2, 3, 5}) {
            Solution zero = solve(d, 0.0, depth);
            assertRel(p.unreachableLoss(), zero.primal().getAsDouble(), 1e-12, "beta 0 fits both projections");
            Solution off = solve(d, 50.0, depth);
            double half = 0.5 * d.y().frobeniusNormSquared();
            assertRel(half, off.primal().getAsDouble(), 1e-12, "all paths off");
            assertEquals(RankOneOptimum.Structure.ZERO, structure(d, 50.0, depth));
            assertEquals(0.0, off.network().get().forward(d.x()).maxAbs());
        }
    }

    @Test
    void valueIsNondecreasingAndContinuousInBeta() {
        for (double[] y : new double[][] {Y_SAME, Y_OPPOSITE}) {
            Dataset d = data(C, y);
            for (int depth : new int[] {3, 4}) {
                double previous = -1;
                for (int i = 0; i <= 300; i++) {
                    double beta = 0.01 * i;
                    double v = RankOneOptimum.of(new PreparedRankOne(d), depth, beta).value();
                    assertTrue(v >= previous - 1e-14, "monotone at beta " + beta);
                    assertTrue(previous < 0 || v - previous < 0.05, "continuous at beta " + beta);
                    previous = v;
                }
            }
        }
    }

    @Test
    void oneSignedColumnIsTheScalarDeepLinearProblem() {
        double[] c = {1, 2, 0.5, 0, 1.5};
        double[] y = {0.3, 1.0, -0.2, 0.7, 0.9};
        Dataset d = data(c, y);
        PreparedRankOne p = new PreparedRankOne(d);
        double kappa = Math.max(p.kappaPlus(), p.kappaMinus());
        double proj = p.kappaPlus() > 0 ? p.projPlus() : p.projMinus();
        double yy = d.y().frobeniusNormSquared();
        for (int depth : new int[] {2, 3, 4}) {
            for (double beta : new double[] {0.1, 1.0}) {
                Solution s = solve(d, beta, depth);
                double expected = 0.5 * yy - 0.5 * proj * proj
                        + PowerProx.value(Math.abs(proj), depth, beta * Math.pow(kappa, -2.0 / depth));
                assertRel(expected, s.primal().getAsDouble(), 1e-12, "L=" + depth + " beta=" + beta);
                assertTrue(s.neededWidth() == 1);
            }
        }
    }

    @Test
    void refusesOtherData() {
        Matrix full = Matrix.ofRows(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Solvers.solve(
                new Dataset("full", full, Matrix.column(1, 2, 3), Optional.empty(), "f"),
                Problem.wd(Setting.RELU_RANK1, 0.1, 3)));
        assertTrue(e.getMessage().startsWith("x must have rank one"), e.getMessage());
        Matrix x = Matrix.column(C).times(Matrix.ofRows(new double[][] {A}));
        e = assertThrows(IllegalArgumentException.class, () -> Solvers.solve(
                new Dataset("vector", x, x.columns(0, 2), Optional.empty(), "v"), Problem.wd(Setting.RELU_RANK1, 0.1, 3)));
        assertTrue(e.getMessage().startsWith("y must have one column"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Solvers.solve(
                new Dataset("zero", Matrix.zeros(3, 2), Matrix.column(1, 2, 3), Optional.empty(), "z"),
                Problem.wd(Setting.RELU_RANK1, 0.1, 3)));
        assertTrue(e.getMessage().contains("zero matrix"), e.getMessage());
    }

    @Test
    void tcIsFailedWithReasonAndWidthRuleApplies() {
        Dataset d = data(C, Y_SAME);
        Solution tc = Solvers.solve(d, Problem.tc(Setting.RELU_RANK1, 0.1, 3, 1.0));
        assertEquals(Status.FAILED, tc.status());
        assertTrue(tc.reason().get().startsWith("objective tc is not solved"), tc.reason().get());
        Solution narrow = Solvers.solve(d, Problem.wd(Setting.RELU_RANK1, 0.1, 3).withWidth(1));
        assertEquals(Status.FAILED, narrow.status());
        assertEquals("width 1 < needed 2", narrow.reason().get());
        Solution wide = Solvers.solve(d, Problem.wd(Setting.RELU_RANK1, 0.1, 4).withWidth(6));
        assertEquals(6, wide.network().get().maxHiddenWidth());
        assertRel(wide.primal().getAsDouble(),
                ForwardObjective.evaluate(wide.network().get(), d.x(), d.y(), wide.problem()).value(), 1e-8, "padded");
    }
}

package org.deepdual.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.ForwardPrefix;
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
 * The cached and structured path of a batch-norm cell (the forward prefix {@code relu(X W_1)}, {@code A_1 W_2}
 * the solver keeps per data set and seed, and the factored statistics) gives the forward objective, the
 * penultimate features and every statistic of the direct computation (a forward pass from the weights and one
 * SVD per layer) to 1e-10, for both variants, depths 2–6, wd and tc (whose budget rescales the cached
 * products), and β from 0 to rank 0.
 */
class ForwardPrefixStatisticsTest {
    private static final double TOL = 1e-10;
    private static final SweepSpec SPEC = SpecReader.parse("""
            name: prefix
            output: unused
            data:
              - {name: mixture, generator: mixture, n: 40, d: 8, classes: 4, seed: 6}
            settings:
              - {name: bn, data: [mixture], depth: [3]}
            beta: [1.0]
            """, "test");
    private static final double[] BETAS = {0.0, 1e-4, 1e-2, 0.3, 1.0, 3.0, 10.0, 1e6};

    @Test
    void batchNormCellsMatchTheDirectComputation() {
        Dataset d = DatasetFactory.build(SPEC.dataset("mixture"));
        PreparedData prepared = Solvers.prepare(Setting.BN, d);
        int withPrefix = 0;
        int rankZero = 0;
        for (BnVariant v : BnVariant.values()) {
            for (Objective o : Objective.values()) {
                for (int depth = 2; depth <= 6; depth++) {
                    List<Problem> path = new ArrayList<>();
                    for (double beta : BETAS) {
                        Problem p = o == Objective.WD ? Problem.wd(Setting.BN, beta, depth)
                                : Problem.tc(Setting.BN, beta, depth, 0.7);
                        path.add(p.withVariant(v).withSeed(3));
                    }
                    for (Solution s : Solvers.solvePath(prepared, path)) {
                        if (s.status() == Status.FAILED || s.network().isEmpty()) {
                            continue;
                        }
                        String where = "bn/" + v + " " + o + " L=" + s.problem().depth() + " beta=" + s.problem().beta();
                        Network net = s.network().get();
                        if (net.forwardPrefix().isPresent()) {
                            withPrefix++;
                        } else if (depth >= 3 && net.layer(net.depth()).frobeniusNorm() > 0) {
                            fail("a random-feature network without its forward prefix: " + where);
                        }
                        rankZero += net.layer(net.depth()).frobeniusNorm() == 0 ? 1 : 0;
                        compare(net, d, s.problem(), where);
                    }
                }
            }
        }
        assertTrue(withPrefix > 80, "networks with a forward prefix " + withPrefix);
        assertTrue(rankZero >= 20, "rank-0 cells " + rankZero);
    }

    /** The sweep row's path (shared features, prefix, factors) against a plain forward pass and SVDs. */
    private static void compare(Network net, Dataset d, Problem p, String where) {
        Network direct = net.withoutForwardPrefix().withoutFactors();
        Matrix features = net.features(d.x());
        Matrix plain = direct.features(d.x());
        closeMatrix(plain, features, where + " features");
        closeValue(ForwardObjective.evaluate(direct, d.x(), d.y(), p).value(),
                ForwardObjective.fromFeatures(net, features, d.y(), p).value(), where + " forward objective");
        NetworkStats fast = NetworkStats.of(net, d, RankTolerance.SOLVED, features);
        NetworkStats slow = NetworkStats.of(direct, d, RankTolerance.SOLVED);
        FactoredStatisticsTest.assertSameStatistics(withoutCollapse(slow), withoutCollapse(fast), where);
        assertEquals(slow.collapse().isPresent(), fast.collapse().isPresent(), where);
        CollapseStats a = slow.collapse().orElseThrow();
        CollapseStats b = fast.collapse().orElseThrow();
        double[] x = {a.nc1(), a.nc2Equinorm(), a.nc2Equiangular(), a.nc2EtfDev(), a.nc3Raw(), a.nc3Centered(),
            a.nc4(), a.trainAccuracy()};
        double[] y = {b.nc1(), b.nc2Equinorm(), b.nc2Equiangular(), b.nc2EtfDev(), b.nc3Raw(), b.nc3Centered(),
            b.nc4(), b.trainAccuracy()};
        for (int i = 0; i < x.length; i++) {
            closeValue(x[i], y[i], where + " collapse field " + i);
        }
        assertEquals(a.reason(), b.reason(), where + " collapse reason");
    }

    private static NetworkStats withoutCollapse(NetworkStats s) {
        return new NetworkStats(s.layers(), s.alignment(), s.balance(), Optional.empty());
    }

    private static void closeValue(double expected, double actual, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        if (!(Math.abs(expected - actual) <= TOL * Math.max(1.0, Math.abs(expected)))) {
            fail(what + ": direct " + expected + ", cached " + actual);
        }
    }

    private static void closeMatrix(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double scale = 1.0;
        double err = 0;
        for (int j = 0; j < expected.cols(); j++) {
            for (int i = 0; i < expected.rows(); i++) {
                scale = Math.max(scale, Math.abs(expected.get(i, j)));
                err = Math.max(err, Math.abs(expected.get(i, j) - actual.get(i, j)));
            }
        }
        if (!(err <= TOL * scale)) {
            fail(what + ": largest difference " + err + " at scale " + scale);
        }
    }

    @Test
    void thePrefixServesOnlyItsOwnInput() {
        Dataset d = DatasetFactory.build(SPEC.dataset("mixture"));
        Problem p = Problem.wd(Setting.BN, 0.01, 4).withVariant(BnVariant.RELU);
        Network net = Solvers.solve(Solvers.prepare(Setting.BN, d), p).network().orElseThrow();
        assertTrue(net.forwardPrefix().isPresent(), "random-feature network with its prefix");
        // an equal copy of X is served from the prefix, to the bit; another input is computed from the weights
        Matrix copy = Matrix.ofColumnMajor(d.n(), d.d(), d.x().toColumnMajor());
        assertEquals(net.withoutForwardPrefix().features(d.x()), net.features(copy), "equal input");
        Matrix other = d.x().scale(0.5).rowRange(0, 10);
        assertEquals(net.withoutForwardPrefix().features(other), net.features(other), "other input");
        // a prefix whose shapes do not fit the layers is refused
        ForwardPrefix prefix = net.forwardPrefix().get();
        assertThrows(IllegalArgumentException.class, () -> net.withForwardPrefix(new ForwardPrefix(prefix.input(),
                prefix.activations(), prefix.next().columns(0, prefix.next().cols() - 1))));
        assertThrows(IllegalArgumentException.class, () -> net.withForwardPrefix(new ForwardPrefix(
                prefix.input().rowRange(0, 5), prefix.activations(), prefix.next())));
    }
}

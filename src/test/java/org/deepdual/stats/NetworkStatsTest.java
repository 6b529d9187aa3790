package org.deepdual.stats;

import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.junit.jupiter.api.Test;

class NetworkStatsTest {

    @Test
    void balancedRankOneChainHasStableRankOneAndFullAlignment() {
        Random r = new Random(9);
        double[] u = unit(LayerAndAlignmentStatsTest.gaussian(r, 5));
        double[] p1 = unit(LayerAndAlignmentStatsTest.gaussian(r, 3));
        double[] p2 = unit(LayerAndAlignmentStatsTest.gaussian(r, 4));
        double a = 1.3;
        Network net = Network.chain(Activation.IDENTITY, List.of(LayerAndAlignmentStatsTest.outer(u, p1).scale(a),
                LayerAndAlignmentStatsTest.outer(p1, p2).scale(a), Matrix.column(p2).scale(a)));
        Dataset data = new Dataset("gauss", BalanceAndDataAlignmentTest.randomMatrix(r, 7, 5),
                BalanceAndDataAlignmentTest.randomMatrix(r, 7, 1), Optional.empty(), "test");
        NetworkStats s = NetworkStats.of(net, data, 1e-6);
        assertEquals(3, s.layers().size());
        assertEquals(2, s.alignment().size());
        for (LayerStats l : s.layers()) {
            assertEquals(1, l.rank());
            assertAbs(1.0, l.stableRank(), 1e-12, "stable rank");
            assertAbs(a, l.fro(), 1e-12, "equal norms");
        }
        for (AlignmentStats al : s.alignment()) {
            assertAbs(1.0, al.top1(), 1e-12, "top1");
            assertAbs(1.0, al.subspace(), 1e-12, "subspace");
        }
        assertTrue(s.balance() < 1e-14, "balance " + s.balance());
        assertTrue(s.collapse().isEmpty(), "no labels, no collapse");
    }

    /**
     * The closed-form batch-norm optimum of docs/theory.md §8 for X = I_6, two samples per class,
     * K = 3, β = 0.5: atoms z_k = 1_{class k}/√2 with weight s = √2 − β; its value is the golden
     * 1.7463203436 and its features are exactly collapsed.
     */
    @Test
    void closedFormBatchNormOptimumIsCollapsed() {
        int[] y = {0, 0, 1, 1, 2, 2};
        double beta = 0.5;
        double s = Math.sqrt(2) - beta;
        double[][] z = new double[6][3];
        double[][] oneHot = new double[6][3];
        for (int i = 0; i < 6; i++) {
            z[i][y[i]] = 1 / Math.sqrt(2);
            oneHot[i][y[i]] = 1;
        }
        Matrix w1 = Matrix.ofRows(z).map(v -> v + 2);
        double gamma = Math.sqrt(s) * Math.sqrt(2.0 / 3.0);
        double alpha = Math.sqrt(s) / Math.sqrt(3);
        BatchNorm bn = new BatchNorm(new double[] {gamma, gamma, gamma}, new double[] {alpha, alpha, alpha},
                Activation.RELU);
        Network net = new Network(Activation.RELU, List.of(w1, Matrix.identity(3),
                Matrix.identity(3).scale(Math.sqrt(s))), Optional.of(bn), List.of(), new double[0]);
        Dataset data = new Dataset("onehot", Matrix.identity(6), Matrix.ofRows(oneHot), Optional.of(Labels.of(y)),
                "test");
        double value = ForwardObjective.evaluate(net, data.x(), data.y(), Problem.wd(Setting.BN, beta, 3)).value();
        assertRel(1.7463203436, value, 1e-10, "golden value");
        NetworkStats stats = NetworkStats.of(net, data, 1e-6);
        CollapseStats c = stats.collapse().orElseThrow();
        assertAbs(0.0, c.nc1(), 1e-10, "nc1");
        assertAbs(0.0, c.nc2Equinorm(), 1e-10, "nc2 equinorm");
        assertAbs(0.0, c.nc2Equiangular(), 1e-10, "nc2 equiangular");
        assertAbs(0.0, c.nc2EtfDev(), 1e-10, "nc2 etf");
        assertAbs(0.0, c.nc3Centered(), 1e-10, "nc3 centred");
        assertAbs(0.0, c.nc4(), 0, "nc4");
        assertAbs(Math.sqrt(2 - 2 * Math.sqrt(2.0 / 3.0)), c.nc3Raw(), 1e-10, "nc3 raw");
        assertEquals(1.0, c.trainAccuracy());
        assertTrue(stats.balance() < 1e-14, "bn balance " + stats.balance());
        assertEquals(3, stats.layers().get(2).rank());
        assertAbs(3.0, stats.layers().get(2).stableRank(), 1e-12, "balanced one-hot: equal singular values");
    }

    @Test
    void signedLabelsInOneColumnHaveNoCollapseStatistics() {
        // two classes as labels ±1 in one column (targets: signed): one output, so no classifier column per class
        Network net = Network.chain(Activation.IDENTITY, List.of(Matrix.column(1, -1), Matrix.column(2.0)));
        Dataset data = new Dataset("signed", Matrix.identity(2), Matrix.column(1, -1),
                Optional.of(Labels.of(new int[] {0, 1})), "test");
        NetworkStats stats = NetworkStats.of(net, data, 1e-6);
        assertTrue(stats.collapse().isEmpty(), "collapse statistics for one output and two classes");
        assertEquals(2, stats.layers().size());
    }

    @Test
    void networkAndDataMustAgreeOnTheInputDimension() {
        Network net = Network.chain(Activation.IDENTITY, List.of(Matrix.identity(3), Matrix.column(1, 1, 1)));
        Dataset data = new Dataset("d2", Matrix.identity(2), Matrix.column(1, 2), Optional.empty(), "test");
        var e = assertThrows(IllegalArgumentException.class, () -> NetworkStats.of(net, data, 1e-6));
        assertTrue(e.getMessage().contains("d = 2"), e.getMessage());
    }

    private static double[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= n;
        }
        return out;
    }
}

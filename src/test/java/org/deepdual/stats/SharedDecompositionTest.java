package org.deepdual.stats;

import static org.deepdual.Approx.assertAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.Network;
import org.junit.jupiter.api.Test;

/**
 * The statistics of a network computed from one thin SVD per layer (shared by the layer's own
 * statistics and its two pairs) equal those of independent decompositions of each layer and each
 * pair, for tall, wide and square layers, rank-deficient ones and a zero layer.
 */
class SharedDecompositionTest {

    private static Matrix lowRank(Random r, int rows, int cols, int rank) {
        Matrix a = BalanceAndDataAlignmentTest.randomMatrix(r, rows, rank);
        Matrix b = BalanceAndDataAlignmentTest.randomMatrix(r, rank, cols);
        return a.times(b);
    }

    private static void assertSameStats(Network net, double rtol) {
        NetworkStats shared = NetworkStats.ofWeights(net, rtol);
        assertEquals(net.depth(), shared.layers().size());
        assertEquals(net.depth() - 1, shared.alignment().size());
        for (int l = 1; l <= net.depth(); l++) {
            LayerStats alone = LayerStats.of(net.layer(l), rtol);
            LayerStats s = shared.layers().get(l - 1);
            assertEquals(alone.rank(), s.rank(), "rank of layer " + l);
            assertAbs(alone.fro(), s.fro(), 1e-12 * Math.max(1, alone.fro()), "fro of layer " + l);
            assertAbs(alone.op(), s.op(), 1e-12 * Math.max(1, alone.op()), "op of layer " + l);
            assertAbs(alone.stableRank(), s.stableRank(), 1e-12 * Math.max(1, alone.stableRank()),
                    "stable rank of layer " + l);
            if (l < net.depth()) {
                AlignmentStats pair = AlignmentStats.between(net.layer(l), net.layer(l + 1), rtol);
                AlignmentStats a = shared.alignment().get(l - 1);
                assertSameOrBothNaN(pair.top1(), a.top1(), "top1 of pair " + l);
                assertSameOrBothNaN(pair.top2(), a.top2(), "top2 of pair " + l);
                assertSameOrBothNaN(pair.subspace(), a.subspace(), "subspace of pair " + l);
            }
        }
        // the shared path forms W_lᵀW_l from the SVD: equal up to rounding (relative to ‖W_l‖_F², like the residual)
        double direct = Balance.residual(net);
        if (Double.isInfinite(direct)) {
            assertEquals(direct, shared.balance(), "balance with a dead layer");
        } else {
            assertAbs(direct, shared.balance(), 1e-10 * direct + 1e-14, "balance");
        }
        assertTrue(shared.collapse().isEmpty(), "no data, no collapse");
    }

    private static void assertSameOrBothNaN(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertAbs(expected, actual, 1e-12, what);
        }
    }

    @Test
    void sharedDecompositionsGiveTheStatisticsOfIndependentOnes() {
        Random r = new Random(31);
        // tall first layer (d > width), square middle layers, one rank-deficient, a wide last layer
        List<Matrix> layers = new ArrayList<>(List.of(BalanceAndDataAlignmentTest.randomMatrix(r, 90, 12),
                BalanceAndDataAlignmentTest.randomMatrix(r, 12, 12), lowRank(r, 12, 12, 4),
                BalanceAndDataAlignmentTest.randomMatrix(r, 12, 40)));
        for (Activation act : List.of(Activation.IDENTITY, Activation.RELU)) {
            assertSameStats(Network.chain(act, layers), 1e-6);
            assertSameStats(Network.chain(act, layers), 1e-3);
        }
        // a zero layer (every path off): rank 0, alignments undefined
        List<Matrix> dead = new ArrayList<>(layers);
        dead.set(1, Matrix.zeros(12, 12));
        assertSameStats(Network.chain(Activation.IDENTITY, dead), 1e-6);
    }

    @Test
    void precomputedDecompositionsMustBelongToTheLayers() {
        Random r = new Random(5);
        Matrix w = BalanceAndDataAlignmentTest.randomMatrix(r, 6, 4);
        Matrix other = BalanceAndDataAlignmentTest.randomMatrix(r, 4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerStats.of(w, Decompositions.thinSvd(other).right(), 1e-6));
        assertTrue(e.getMessage().contains("6x4"), e.getMessage());
        IllegalArgumentException chain = assertThrows(IllegalArgumentException.class,
                () -> AlignmentStats.between(Decompositions.rightSvd(w), Decompositions.thinSvd(w), 1e-6));
        assertTrue(chain.getMessage().contains("do not chain"), chain.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AlignmentStats.between(Decompositions.rightSvd(w), Decompositions.thinSvd(other), 1.5));
    }

    /** max over pairs of the direct ‖W_lᵀW_l − W_{l+1}W_{l+1}ᵀ‖_F/‖W_l‖_F², written out here. */
    private static double directLinearBalance(List<Matrix> layers) {
        double worst = 0;
        for (int l = 0; l + 1 < layers.size(); l++) {
            Matrix a = layers.get(l);
            Matrix b = layers.get(l + 1);
            double diff = a.transposeTimes(a).minus(b.times(b.transpose())).frobeniusNorm();
            double scale = a.frobeniusNormSquared();
            worst = Math.max(worst, diff == 0 ? 0 : scale == 0 ? Double.POSITIVE_INFINITY : diff / scale);
        }
        return worst;
    }

    private static Matrix orthonormalColumns(Random r, int rows, int cols) {
        return Decompositions.thinSvd(BalanceAndDataAlignmentTest.randomMatrix(r, rows, cols)).u();
    }

    @Test
    void linearBalanceFromTheLayerSvdsEqualsTheDirectFormula() {
        Random r = new Random(41);
        List<List<Matrix>> unbalanced = List.of(
                List.of(BalanceAndDataAlignmentTest.randomMatrix(r, 90, 12), lowRank(r, 12, 12, 4),
                        BalanceAndDataAlignmentTest.randomMatrix(r, 12, 40)),
                List.of(BalanceAndDataAlignmentTest.randomMatrix(r, 784, 10).padTo(784, 32),
                        BalanceAndDataAlignmentTest.randomMatrix(r, 10, 10).padTo(32, 32),
                        BalanceAndDataAlignmentTest.randomMatrix(r, 10, 10).padTo(32, 10)),
                List.of(BalanceAndDataAlignmentTest.randomMatrix(r, 5, 9), BalanceAndDataAlignmentTest.randomMatrix(r,
                        9, 3), BalanceAndDataAlignmentTest.randomMatrix(r, 3, 3).scale(1e-3)));
        for (List<Matrix> layers : unbalanced) {
            double direct = directLinearBalance(layers);
            double shared = NetworkStats.ofWeights(Network.chain(Activation.IDENTITY, layers), 1e-6).balance();
            assertTrue(direct > 0.1, "unbalanced: " + direct);
            assertAbs(direct, shared, 1e-10 * direct, "balance of an unbalanced chain");
        }
        // balanced: W_1 = P diag(g) Q_1ᵀ, W_l = Q_{l−1} diag(g) Q_lᵀ, W_L = Q_{L−1} diag(g) Rᵀ, padded or not
        double[] g = {2.0, 1.5, 0.25, 1e-3};
        Matrix p = orthonormalColumns(r, 60, 4);
        Matrix q1 = orthonormalColumns(r, 4, 4);
        Matrix q2 = orthonormalColumns(r, 4, 4);
        Matrix out = orthonormalColumns(r, 7, 4);
        Matrix d = Matrix.diagonal(g);
        List<Matrix> balanced = List.of(p.times(d).times(q1.transpose()), q1.times(d).times(q2.transpose()),
                q2.times(d).times(out.transpose()));
        Network net = Network.chain(Activation.IDENTITY, balanced);
        for (Network n : List.of(net, net.padHiddenWidth(32))) {
            double direct = directLinearBalance(n.weights());
            double shared = NetworkStats.ofWeights(n, 1e-6).balance();
            assertTrue(direct < 1e-14 && shared < 1e-14, "balanced: direct " + direct + ", from the SVDs " + shared);
        }
        // the zero network is balanced; a dead layer before a live one is maximally unbalanced
        List<Matrix> zero = List.of(Matrix.zeros(6, 3), Matrix.zeros(3, 3), Matrix.zeros(3, 2));
        assertEquals(0.0, NetworkStats.ofWeights(Network.chain(Activation.IDENTITY, zero), 1e-6).balance());
        List<Matrix> dead = List.of(Matrix.zeros(6, 3), BalanceAndDataAlignmentTest.randomMatrix(r, 3, 2));
        assertEquals(Double.POSITIVE_INFINITY,
                NetworkStats.ofWeights(Network.chain(Activation.IDENTITY, dead), 1e-6).balance());
    }

    @Test
    void aNetworkPaddedToAWidthHasTheStatisticsOfTheUnpaddedOne() {
        Random r = new Random(43);
        Network net = Network.chain(Activation.IDENTITY, List.of(BalanceAndDataAlignmentTest.randomMatrix(r, 784, 10),
                BalanceAndDataAlignmentTest.randomMatrix(r, 10, 8), lowRank(r, 8, 8, 3),
                Matrix.diagonal(3.0, -1.0, 2.0, 0.5, 0.25, -4.0, 1.5, 0.75), BalanceAndDataAlignmentTest.randomMatrix(r,
                        8, 10)));
        NetworkStats plain = NetworkStats.ofWeights(net, 1e-6);
        NetworkStats padded = NetworkStats.ofWeights(net.padHiddenWidth(32), 1e-6);
        for (int l = 0; l < net.depth(); l++) {
            LayerStats a = plain.layers().get(l);
            LayerStats b = padded.layers().get(l);
            assertEquals(a.rank(), b.rank(), "rank of layer " + (l + 1));
            assertAbs(a.fro(), b.fro(), 1e-12 * a.fro(), "fro of layer " + (l + 1));
            assertAbs(a.op(), b.op(), 1e-12 * a.op(), "op of layer " + (l + 1));
            assertAbs(a.stableRank(), b.stableRank(), 1e-12 * a.stableRank(), "stable rank of layer " + (l + 1));
        }
        for (int l = 0; l < net.depth() - 1; l++) {
            AlignmentStats a = plain.alignment().get(l);
            AlignmentStats b = padded.alignment().get(l);
            assertSameOrBothNaN(a.top1(), b.top1(), "top1 of pair " + (l + 1));
            assertSameOrBothNaN(a.top2(), b.top2(), "top2 of pair " + (l + 1));
            assertSameOrBothNaN(a.subspace(), b.subspace(), "subspace of pair " + (l + 1));
        }
        assertAbs(plain.balance(), padded.balance(), 1e-10 * plain.balance(), "balance");
        assertAbs(directLinearBalance(net.weights()), padded.balance(), 1e-10 * plain.balance(), "direct balance");
    }

    @Test
    void aNonFiniteLayerIsNamed() {
        Random r = new Random(47);
        for (int bad = 1; bad <= 3; bad++) {
            double[][] rows = BalanceAndDataAlignmentTest.randomMatrix(r, 4, 4).toRowArrays();
            rows[2][1] = bad == 2 ? Double.POSITIVE_INFINITY : Double.NaN;
            List<Matrix> layers = new ArrayList<>(List.of(BalanceAndDataAlignmentTest.randomMatrix(r, 6, 4),
                    BalanceAndDataAlignmentTest.randomMatrix(r, 4, 4), BalanceAndDataAlignmentTest.randomMatrix(r, 4,
                            2)));
            layers.set(bad - 1, bad == 1 ? Matrix.ofRows(new double[][] {{1, 2, 3, Double.NaN}, {0, 0, 0, 0},
                {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}) : bad == 2 ? Matrix.ofRows(rows)
                    : Matrix.ofRows(new double[][] {{1, Double.NEGATIVE_INFINITY}, {0, 0}, {0, 0}, {0, 0}}));
            Network net = Network.chain(Activation.IDENTITY, layers);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NetworkStats.ofWeights(net, 1e-6));
            assertTrue(e.getMessage().contains("layer " + bad) && e.getMessage().contains("NaN or infinite"),
                    e.getMessage());
        }
    }
}

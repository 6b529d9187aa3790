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
import org.deepdual.solve.Activation;
import org.deepdual.solve.Network;
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
}

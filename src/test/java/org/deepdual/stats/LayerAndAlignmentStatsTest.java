package org.deepdual.stats;

import static org.deepdual.Approx.assertAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

class LayerAndAlignmentStatsTest {

    @Test
    void layerStatsOfADiagonalMatrixByHand() {
        // singular values 4 and 3: ‖W‖_F = 5, ‖W‖_2 = 4, stable rank 25/16
        Matrix w = Matrix.ofRows(new double[][] {{3, 0}, {0, -4}, {0, 0}});
        LayerStats s = LayerStats.of(w, 1e-6);
        assertAbs(5.0, s.fro(), 1e-14, "fro");
        assertAbs(4.0, s.op(), 1e-14, "op");
        assertEquals(2, s.rank());
        assertEquals(1e-6, s.rankRtol());
        assertAbs(25.0 / 16.0, s.stableRank(), 1e-14, "stable rank");
        // 3 ≤ 0.8·4 = 3.2: the second singular value falls below the tolerance
        assertEquals(1, LayerStats.of(w, 0.8).rank());
    }

    @Test
    void rankOneLayerHasStableRankOne() {
        Random r = new Random(3);
        Matrix w = outer(gaussian(r, 7), gaussian(r, 5));
        LayerStats s = LayerStats.of(w, 1e-6);
        assertEquals(1, s.rank());
        assertAbs(1.0, s.stableRank(), 1e-12, "stable rank");
        assertAbs(s.fro(), s.op(), 1e-12, "fro = op for rank one");
    }

    @Test
    void zeroLayerHasRankAndStableRankZero() {
        LayerStats s = LayerStats.of(Matrix.zeros(3, 4), 1e-6);
        assertEquals(0, s.rank());
        assertEquals(0.0, s.stableRank());
        assertEquals(0.0, s.fro());
        assertEquals(0.0, s.op());
    }

    @Test
    void badTolerancesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> LayerStats.of(Matrix.identity(2), -1));
        assertTrue(e.getMessage().contains("rtol") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AlignmentStats.between(Matrix.identity(2), Matrix.identity(2), 1.5));
        assertTrue(e.getMessage().contains("rtol"), e.getMessage());
    }

    @Test
    void alignmentUsesRightVectorsOfTheFirstAndLeftVectorsOfTheSecondLayer() {
        // W_l = e1 e2ᵀ outputs along e2; W_{l+1} = e2 e1ᵀ reads along e2: aligned. Comparing left with left
        // (e1 vs e2) or right with right (e2 vs e1) would give 0.
        Matrix wl = Matrix.ofRows(new double[][] {{0, 1}, {0, 0}});
        Matrix wNext = Matrix.ofRows(new double[][] {{0, 0}, {1, 0}});
        AlignmentStats a = AlignmentStats.between(wl, wNext, 1e-6);
        assertAbs(1.0, a.top1(), 1e-14, "top1");
        assertAbs(1.0, a.subspace(), 1e-14, "subspace");
        assertTrue(Double.isNaN(a.top2()), "top2 is NaN for rank one");
        AlignmentStats crossed = AlignmentStats.between(wl, wl, 1e-6);
        assertAbs(0.0, crossed.top1(), 1e-14, "e2 against e1");
    }

    @Test
    void alignmentOfRotatedLayersByHand() {
        double theta = 0.3;
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        // W_l = diag(1, 2): v_1 = e2, v_2 = e1. W_{l+1} = R(θ)·diag(3, 1): u_1 = (c, s), u_2 = (−s, c).
        Matrix wl = Matrix.diagonal(1, 2);
        Matrix wNext = Matrix.ofRows(new double[][] {{3 * c, -s}, {3 * s, c}});
        AlignmentStats a = AlignmentStats.between(wl, wNext, 1e-6);
        assertAbs(s, a.top1(), 1e-14, "top1 = |e2·u_1| = sin θ");
        assertAbs(s, a.top2(), 1e-14, "top2 = |e1·u_2| = sin θ");
        assertAbs(1.0, a.subspace(), 1e-14, "two full-rank 2x2 layers span the same plane");
        // rank-one W_l = diag(0, 2): k = 1, subspace = top1² = sin²θ
        AlignmentStats r1 = AlignmentStats.between(Matrix.diagonal(0, 2), wNext, 1e-6);
        assertAbs(s, r1.top1(), 1e-14, "top1");
        assertAbs(s * s, r1.subspace(), 1e-14, "subspace");
        assertTrue(Double.isNaN(r1.top2()));
    }

    @Test
    void subspaceAlignmentIsTheMeanSquaredCosineOfPrincipalAngles() {
        // V_k of W_l = span(e1, e2) in R^3; U_k of W_{l+1} = span(e1, cos φ e2 + sin φ e3): cos² = 1 and cos²φ
        double phi = 0.7;
        Matrix wl = Matrix.ofRows(new double[][] {{2, 0, 0}, {0, 1, 0}});
        Matrix wNext = Matrix.ofRows(new double[][] {{5, 0}, {0, 3 * Math.cos(phi)}, {0, 3 * Math.sin(phi)}});
        AlignmentStats a = AlignmentStats.between(wl, wNext, 1e-6);
        assertAbs((1 + Math.cos(phi) * Math.cos(phi)) / 2, a.subspace(), 1e-14, "subspace");
        assertAbs(1.0, a.top1(), 1e-14, "top1");
        assertAbs(Math.cos(phi), a.top2(), 1e-14, "top2");
    }

    @Test
    void rankOneChainIsAlignedEverywhere() {
        Random r = new Random(11);
        double[] u = gaussian(r, 6);
        double[] p1 = gaussian(r, 4);
        double[] p2 = gaussian(r, 5);
        Matrix w1 = outer(u, p1);
        Matrix w2 = outer(p1, p2).scale(-2.5);
        Matrix w3 = outer(p2, new double[] {1.0});
        for (Matrix[] pair : new Matrix[][] {{w1, w2}, {w2, w3}}) {
            AlignmentStats a = AlignmentStats.between(pair[0], pair[1], 1e-6);
            assertAbs(1.0, a.top1(), 1e-12, "top1");
            assertAbs(1.0, a.subspace(), 1e-12, "subspace");
        }
    }

    @Test
    void zeroLayerGivesNaNAlignmentAndMismatchedShapesAreRefused() {
        AlignmentStats a = AlignmentStats.between(Matrix.zeros(3, 2), Matrix.identity(2), 1e-6);
        assertTrue(Double.isNaN(a.top1()) && Double.isNaN(a.top2()) && Double.isNaN(a.subspace()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> AlignmentStats.between(Matrix.zeros(3, 2), Matrix.identity(3), 1e-6));
        assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("3x3"), e.getMessage());
    }

    static double[] gaussian(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static Matrix outer(double[] a, double[] b) {
        double[][] rows = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                rows[i][j] = a[i] * b[j];
            }
        }
        return Matrix.ofRows(rows);
    }
}

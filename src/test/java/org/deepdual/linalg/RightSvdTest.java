package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The singular values and right vectors without U are those of the thin SVD up to rounding (vectors of
 * the nonzero, here simple, singular values up to sign), on both sides of the threshold for factoring
 * first (m ≥ ⌊11n/6⌋), for full-rank and rank-deficient, wide, square and empty matrices; and V has
 * orthonormal columns with A V = U S.
 */
class RightSvdTest {

    private static Matrix ofRank(int m, int n, int rank, long seed) {
        return DecompositionsContractTest.gaussian(m, rank, seed).times(DecompositionsContractTest.gaussian(rank, n,
                seed + 1));
    }

    @Test
    void equalsTheThinSvdsValuesAndRightVectorsUpToRoundingAndSign() {
        int[][] shapes = {{784, 32}, {59, 32}, {58, 32}, {57, 32}, {33, 32}, {300, 17}, {2000, 4}, {11, 6}, {10, 6},
            {32, 32}, {10, 32}, {1, 1}};
        for (int[] sh : shapes) {
            for (int rank : new int[] {Math.min(sh[0], sh[1]), 1}) {
                Matrix a = ofRank(sh[0], sh[1], rank, 11L * sh[0] + sh[1] + rank);
                Svd full = Decompositions.thinSvd(a);
                RightSvd right = Decompositions.rightSvd(a);
                String what = a.shape() + " of rank " + rank;
                SvdAgreement.assertSameRight(full.right(), right, rank, what);
                assertEquals(full.rank(1e-9), right.rank(1e-9), "rank of " + what);
            }
        }
    }

    @Test
    void rightVectorsAreOrthonormalAndMapOntoTheLeftSide() {
        Matrix a = ofRank(500, 20, 20, 3);
        RightSvd r = Decompositions.rightSvd(a);
        Matrix vtv = r.v().transposeTimes(r.v());
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) {
                assertEquals(i == j ? 1.0 : 0.0, vtv.get(i, j), 1e-12, "VᵀV(" + i + ", " + j + ")");
            }
        }
        // ‖A v_i‖ = σ_i
        Matrix av = a.times(r.v());
        for (int i = 0; i < 20; i++) {
            double norm = Math.sqrt(av.columns(i, i + 1).frobeniusNormSquared());
            assertEquals(r.s()[i], norm, 1e-12 * r.s()[0], "‖A v_" + i + "‖");
        }
    }

    @Test
    void emptyAndNonFiniteMatrices() {
        RightSvd empty = Decompositions.rightSvd(Matrix.zeros(5, 0));
        assertEquals(0, empty.s().length);
        assertEquals(0, empty.rank(1e-6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Decompositions.rightSvd(Matrix.ofRows(new double[][] {{1, Double.NaN}, {0, 1}, {2, 2}})));
        assertEquals(true, e.getMessage().contains("3x2"), e.getMessage());
    }
}

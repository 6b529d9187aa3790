package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Decompositions#thinSvdOnSupport} and {@link Decompositions#rightSvd} on matrices that are
 * zero outside a block of rows and columns (layers padded to a width, scattered dead neurons,
 * signed permutation-diagonal hidden layers) agree with the dense thin SVD up to rounding and sign,
 * are valid thin SVDs (orthonormal U and V, U S Vᵀ = A), and fall back to the dense SVD when the
 * coordinate vectors cannot complete U or V.
 */
class SupportSvdTest {

    /** A rows×cols matrix holding {@code block} at the given rows and columns, zero elsewhere. */
    private static Matrix place(Matrix block, int rows, int cols, int[] at, int[] atCols) {
        double[] out = new double[rows * cols];
        for (int j = 0; j < atCols.length; j++) {
            for (int i = 0; i < at.length; i++) {
                out[at[i] + atCols[j] * rows] = block.get(i, j);
            }
        }
        return Matrix.ofColumnMajor(rows, cols, out);
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] scattered(int n, int of, long seed) {
        Random r = new Random(seed);
        java.util.List<Integer> all = new java.util.ArrayList<>();
        for (int i = 0; i < of; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, r);
        return all.subList(0, n).stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static Matrix ofRank(int m, int n, int rank, long seed) {
        return DecompositionsContractTest.gaussian(m, rank, seed).times(DecompositionsContractTest.gaussian(rank, n,
                seed + 1));
    }

    private static void assertAgrees(Matrix a, int simple, String what) {
        Svd dense = Decompositions.thinSvd(a);
        Svd support = Decompositions.thinSvdOnSupport(a);
        SvdAgreement.assertSame(a, dense, support, simple, "thinSvdOnSupport of " + what);
        SvdAgreement.assertSameRight(dense.right(), Decompositions.rightSvd(a), simple, "rightSvd of " + what);
    }

    @Test
    void paddedAndScatteredBlocksAgreeWithTheDenseSvd() {
        // a first layer d×width with its paths in some columns; hidden layers width×width; a last layer
        assertAgrees(place(ofRank(784, 10, 10, 1), 784, 32, range(784), range(10)), 10, "784x32, 10 columns");
        assertAgrees(place(ofRank(784, 10, 10, 2), 784, 32, range(784), scattered(10, 32, 3)), 10,
                "784x32, 10 scattered columns");
        assertAgrees(place(ofRank(10, 10, 10, 4), 32, 32, scattered(10, 32, 5), scattered(10, 32, 6)), 10,
                "32x32, scattered 10x10 block");
        assertAgrees(place(ofRank(12, 12, 4, 7), 32, 32, range(12), range(12)), 4, "32x32, 12x12 block of rank 4");
        assertAgrees(place(ofRank(10, 10, 10, 8), 32, 10, range(10), range(10)), 10, "32x10, 10 rows");
        assertAgrees(place(ofRank(6, 9, 6, 9), 20, 40, scattered(6, 20, 10), scattered(9, 40, 11)), 6,
                "20x40, 6x9 block");
        assertAgrees(place(ofRank(300, 5, 5, 12), 400, 8, scattered(300, 400, 13), range(5)), 5,
                "400x8, tall block");
        assertAgrees(Matrix.zeros(7, 4), 0, "zero 7x4");
        assertAgrees(Matrix.zeros(0, 4), 0, "empty 0x4");
    }

    @Test
    void signedPermutationDiagonalIsDecomposedExactly() {
        // a diagonal hidden layer of an aligned factorization, padded, with a tie, a sign and a dead path
        double[] gains = {0.5, -2.0, 2.0, 0.0, 1.25};
        Matrix diag = place(Matrix.diagonal(gains), 8, 8, new int[] {6, 1, 3, 0, 4}, new int[] {2, 5, 0, 7, 3});
        Svd svd = Decompositions.thinSvdOnSupport(diag);
        assertArrayEquals(new double[] {2.0, 2.0, 1.25, 0.5, 0, 0, 0, 0}, svd.s());
        assertArrayEquals(diag.toColumnMajor(), svd.reconstruct().toColumnMajor(), "U S V^T = A exactly");
        SvdAgreement.assertOrthonormalColumns(svd.u(), "U");
        SvdAgreement.assertOrthonormalColumns(svd.v(), "V");
        SvdAgreement.assertSameValues(Decompositions.thinSvd(diag).s(), svd.s(), "signed permutation");
        RightSvd right = Decompositions.rightSvd(diag);
        assertArrayEquals(svd.s(), right.s());
        assertArrayEquals(svd.v().toColumnMajor(), right.v().toColumnMajor());
        // the simple singular values' vectors are the dense SVD's up to sign
        Matrix distinct = Matrix.diagonal(3.0, -1.0, 2.0);
        SvdAgreement.assertSame(distinct, Decompositions.thinSvd(distinct), Decompositions.thinSvdOnSupport(distinct),
                3, "diag(3, -1, 2)");
    }

    @Test
    void fallsBackToTheDenseSvdWhenCoordinatesCannotCompleteTheVectors() {
        // every row nonzero, 2 of 4 columns: U would need 2 more vectors orthogonal to the block's inside R
        Matrix tall = place(ofRank(6, 2, 2, 21), 6, 4, range(6), new int[] {0, 2});
        Svd dense = Decompositions.thinSvd(tall);
        Svd support = Decompositions.thinSvdOnSupport(tall);
        assertArrayEquals(dense.s(), support.s());
        assertArrayEquals(dense.u().toColumnMajor(), support.u().toColumnMajor());
        assertArrayEquals(dense.v().toColumnMajor(), support.v().toColumnMajor());
        // V alone can be completed there
        SvdAgreement.assertSameRight(dense.right(), Decompositions.rightSvd(tall), 2, "rightSvd of 6x4");
        // 2 of 3 rows, every column: V cannot be completed from the columns
        Matrix wide = place(ofRank(2, 6, 2, 22), 3, 6, new int[] {0, 2}, range(6));
        RightSvd right = Decompositions.rightSvd(wide);
        SvdAgreement.assertSameRight(Decompositions.thinSvd(wide).right(), right, 2, "rightSvd of 3x6");
        assertAgrees(wide, 2, "3x6 with a zero row");
    }

    @Test
    void nonFiniteEntriesAreRejected() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Matrix a = Matrix.ofRows(new double[][] {{1, 0, 0}, {0, bad, 0}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Decompositions.thinSvdOnSupport(a));
            assertTrue(e.getMessage().contains("thinSvdOnSupport") && e.getMessage().contains("2x3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Decompositions.rightSvd(a));
            assertTrue(e.getMessage().contains("rightSvd") && e.getMessage().contains("2x3"), e.getMessage());
        }
        assertEquals(0, Decompositions.thinSvdOnSupport(Matrix.zeros(3, 0)).s().length);
    }
}

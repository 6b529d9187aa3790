package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The tiled transpose that fills LAPACK's buffer for the other orientation: every entry lands
 * where it belongs for shapes that are and are not multiples of the tile; and the tall thin SVD,
 * which decomposes that buffer, is exactly (bit for bit) the swapped SVD of the transpose.
 */
class TransposedBufferTest {

    @Test
    void transposeMovesEveryEntryForAnyShape() {
        int[][] shapes = {{0, 5}, {1, 1}, {1, 70}, {33, 70}, {70, 33}, {64, 64}, {65, 31}};
        for (int[] sh : shapes) {
            Matrix a = DecompositionsContractTest.gaussian(sh[0], sh[1], 7);
            Matrix t = a.transpose();
            assertEquals(sh[1], t.rows());
            assertEquals(sh[0], t.cols());
            for (int i = 0; i < sh[0]; i++) {
                for (int j = 0; j < sh[1]; j++) {
                    assertEquals(a.get(i, j), t.get(j, i), "entry (" + i + ", " + j + ") of " + a.shape());
                }
            }
        }
    }

    @Test
    void tallSvdIsTheSwappedSvdOfTheTransposeExactly() {
        Matrix tall = DecompositionsContractTest.gaussian(300, 17, 3);
        Svd a = Decompositions.thinSvd(tall);
        Svd t = Decompositions.thinSvd(tall.transpose());
        assertArrayEquals(t.s(), a.s());
        assertArrayEquals(t.v().toColumnMajor(), a.u().toColumnMajor());
        assertArrayEquals(t.u().toColumnMajor(), a.v().toColumnMajor());
        assertArrayEquals(Decompositions.singularValues(tall.transpose()), Decompositions.singularValues(tall));
        assertEquals(300, a.u().rows());
        assertEquals(17, a.v().rows());
    }
}

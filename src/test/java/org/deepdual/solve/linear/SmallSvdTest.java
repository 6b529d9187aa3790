package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Jacobi SVD of the iterative bounds against LAPACK's dgesdd: the same singular values, a
 * factorization that multiplies back to A, orthonormal V and orthonormal U on the positive singular
 * values — tall (with and without the QR step), square, wide, rank-deficient, zero, and with singular
 * values spanning twelve decades.
 */
class SmallSvdTest {
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of("tall 40x5", random(40, 5, 1)), Arguments.of("tall 7x5", random(7, 5, 2)),
                Arguments.of("square 6x6", random(6, 6, 3)), Arguments.of("wide 3x8", random(3, 8, 4)),
                Arguments.of("column 9x1", random(9, 1, 5)), Arguments.of("row 1x4", random(1, 4, 6)),
                Arguments.of("rank two 12x4", random(12, 2, 7).times(random(2, 4, 8))),
                Arguments.of("zero 5x3", Matrix.zeros(5, 3)), Arguments.of("graded 20x4", graded(20, 4, 9)));
    }

    static Matrix random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    /** Columns scaled by 1, 1e-4, 1e-8, 1e-12. */
    static Matrix graded(int rows, int cols, long seed) {
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            scale[j] = Math.pow(1e-4, j);
        }
        return Decompositions.scaleColumns(random(rows, cols, seed), scale);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void agreesWithLapackAndMultipliesBack(String name, Matrix a) {
        int m = a.rows();
        int n = a.cols();
        SmallSvd svd = SmallSvd.of(a.toColumnMajor(), m, n);
        double[] expected = Decompositions.singularValues(a);
        assertEquals(Math.min(m, n), svd.k, name);
        double top = Math.max(expected[0], 1e-300);
        for (int i = 0; i < svd.k; i++) {
            assertEquals(expected[i], svd.s[i], 1e-13 * top, name + ": sigma_" + (i + 1));
            assertTrue(i == 0 || svd.s[i] <= svd.s[i - 1], name + ": non-increasing");
        }
        Matrix back = Matrix.ofColumnMajor(m, n, svd.compose(svd.s, svd.k));
        assertEquals(0.0, back.minus(a).maxAbs(), 1e-13 * Math.max(1, a.maxAbs()), name + ": U diag(s) V^T = A");
        Matrix v = Matrix.ofColumnMajor(n, svd.k, svd.v);
        assertEquals(0.0, v.transposeTimes(v).minus(Matrix.identity(svd.k)).maxAbs(), 1e-14, name + ": V^T V = I");
        int positive = 0;
        while (positive < svd.k && svd.s[positive] > 0) {
            positive++;
        }
        Matrix u = Matrix.ofColumnMajor(m, svd.k, svd.u()).columns(0, positive);
        assertEquals(0.0, u.transposeTimes(u).minus(Matrix.identity(positive)).maxAbs(), 1e-12,
                name + ": U^T U = I on the positive singular values");
    }

    /**
     * U is formed on demand, a column at a time: a step that keeps some columns, then the whole U, must give
     * bit for bit what a decomposition that forms U first gives, whichever columns were asked for first.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void columnsFormedOnDemandDoNotDependOnWhichCameFirst(String name, Matrix a) {
        int m = a.rows();
        int n = a.cols();
        SmallSvd whole = SmallSvd.of(a.toColumnMajor(), m, n);
        double[] u = whole.u().clone();
        for (int mask = 1; mask < 1 << whole.k; mask++) {
            SmallSvd lazy = SmallSvd.of(a.toColumnMajor(), m, n);
            double[] keep = new double[whole.k];
            for (int c = 0; c < whole.k; c++) {
                keep[c] = (mask >> c & 1) == 1 ? whole.s[c] + 1 : 0.0;
            }
            double[] partial = lazy.compose(keep, lazy.k);
            assertArrayEquals(whole.compose(keep, whole.k), partial, name + ": compose, mask " + mask);
            assertArrayEquals(u, lazy.u(), name + ": U after columns " + mask);
        }
    }
}

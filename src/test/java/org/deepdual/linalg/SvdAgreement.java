package org.deepdual.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions that two SVDs of one matrix agree where an SVD is unique: the singular values up to
 * rounding (1e-12·σ_1), the vectors of the leading simple nonzero singular values up to sign; and
 * that a decomposition's vectors are orthonormal.
 */
final class SvdAgreement {
    private SvdAgreement() {
    }

    /** s and V agree; the first {@code simple} singular values are nonzero and simple. */
    static void assertSameRight(RightSvd expected, RightSvd actual, int simple, String what) {
        assertSameValues(expected.s(), actual.s(), what);
        assertSameVectors(expected.v(), actual.v(), simple, "V of " + what);
        assertOrthonormalColumns(actual.v(), "V of " + what);
    }

    /** s, U and V agree, and U diag(s) Vᵀ reproduces {@code a}. */
    static void assertSame(Matrix a, Svd expected, Svd actual, int simple, String what) {
        assertSameRight(expected.right(), actual.right(), simple, what);
        assertSameVectors(expected.u(), actual.u(), simple, "U of " + what);
        assertOrthonormalColumns(actual.u(), "U of " + what);
        double scale = Math.max(1e-300, expected.s().length == 0 ? 0 : expected.s()[0]);
        double err = actual.reconstruct().minus(a).maxAbs();
        if (err > 1e-12 * scale) {
            fail(what + ": |U S V^T - A| = " + err + " > 1e-12 sigma_1");
        }
    }

    static void assertSameValues(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, "number of singular values of " + what);
        double scale = expected.length == 0 ? 0 : expected[0];
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-12 * scale)) {
                fail(what + ": sigma_" + i + " = " + actual[i] + ", thinSvd has " + expected[i]);
            }
        }
    }

    private static void assertSameVectors(Matrix expected, Matrix actual, int simple, String what) {
        assertEquals(expected.rows(), actual.rows(), "rows of " + what);
        assertEquals(expected.cols(), actual.cols(), "columns of " + what);
        for (int t = 0; t < simple; t++) {
            double dot = 0;
            double[] e = expected.column(t);
            double[] a = actual.column(t);
            for (int i = 0; i < e.length; i++) {
                dot += e[i] * a[i];
            }
            if (!(Math.abs(Math.abs(dot) - 1) <= 1e-9)) {
                fail(what + ": vector " + t + " differs beyond sign, |<expected, actual>| = " + Math.abs(dot));
            }
        }
    }

    static void assertOrthonormalColumns(Matrix q, String what) {
        Matrix g = q.transposeTimes(q);
        for (int i = 0; i < g.rows(); i++) {
            for (int j = 0; j < g.cols(); j++) {
                if (!(Math.abs(g.get(i, j) - (i == j ? 1 : 0)) <= 1e-12)) {
                    fail(what + ": (Q^T Q)(" + i + ", " + j + ") = " + g.get(i, j));
                }
            }
        }
    }
}

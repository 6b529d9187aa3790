package org.deepdual.linalg;

import dev.ludovic.netlib.blas.BLAS;

/** The one place that calls BLAS level 3; netlib picks native OpenBLAS when the machine has it. */
final class Blas {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    private Blas() {
    }

    /** C = alpha·op(A)·op(B) + beta·C, column-major, op(A) m×k, op(B) k×n. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, double[] b,
            double beta, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        int lda = Math.max(1, transA ? k : m);
        int ldb = Math.max(1, transB ? n : k);
        BLAS_INSTANCE.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, lda, b, ldb, beta, c,
                Math.max(1, m));
    }

    static String implementation() {
        return BLAS_INSTANCE.getClass().getSimpleName();
    }
}

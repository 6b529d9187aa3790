package org.deepdual.linalg;

/**
 * The general matrix product {@code C = α·op(A)·op(B) + γ·C} on raw column-major arrays, for
 * iterative solvers (the ADMM of docs/theory.md §9) whose per-iteration products would otherwise
 * allocate a fresh {@link Matrix} each time. Shapes: op(A) is m×k, op(B) is k×n, C is m×n.
 */
public final class Gemm {
    private Gemm() {
    }

    public static void multiply(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            double[] b, double gamma, double[] c) {
        if ((long) m * k > a.length || (long) k * n > b.length || (long) m * n > c.length) {
            throw new IllegalArgumentException("gemm shapes m=" + m + ", n=" + n + ", k=" + k + " exceed arrays of "
                    + a.length + ", " + b.length + ", " + c.length + " entries");
        }
        if (k == 0) {
            if (m > 0 && n > 0) {
                for (int i = 0; i < m * n; i++) {
                    c[i] *= gamma;
                }
            }
            return;
        }
        Blas.gemm(transA, transB, m, n, k, alpha, a, b, gamma, c);
    }
}

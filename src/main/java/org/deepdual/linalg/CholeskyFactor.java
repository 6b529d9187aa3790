package org.deepdual.linalg;

import org.netlib.util.intW;

/** The Cholesky factor L Lᵀ = A of a symmetric positive definite matrix, reusable for many solves. */
public final class CholeskyFactor {
    private final int n;
    private final double[] factor;

    private CholeskyFactor(int n, double[] factor) {
        this.n = n;
        this.factor = factor;
    }

    /** Factors {@code spd}; throws {@link ArithmeticException} when it is not positive definite. */
    public static CholeskyFactor of(Matrix spd) {
        if (spd.rows() != spd.cols()) {
            throw new IllegalArgumentException("Cholesky needs a square matrix, got " + spd.shape());
        }
        Decompositions.requireFinite(spd, "Cholesky");
        int n = spd.rows();
        double[] a = spd.toColumnMajor();
        intW info = new intW(0);
        if (n > 0) {
            Decompositions.lapack().dpotrf("L", n, a, n, info);
        }
        if (info.val != 0) {
            throw new ArithmeticException("matrix " + spd.shape() + " is not positive definite (leading minor "
                    + info.val + ")");
        }
        return new CholeskyFactor(n, a);
    }

    public int size() {
        return n;
    }

    /** X with A X = B. */
    public Matrix solve(Matrix b) {
        if (b.rows() != n) {
            throw new IllegalArgumentException("cannot solve " + n + "x" + n + " system against " + b.shape());
        }
        double[] x = b.toColumnMajor();
        if (n == 0 || b.cols() == 0) {
            return Matrix.wrap(n, b.cols(), x);
        }
        intW info = new intW(0);
        Decompositions.lapack().dpotrs("L", n, b.cols(), factor, n, x, n, info);
        if (info.val != 0) {
            throw new ArithmeticException("dpotrs failed (info " + info.val + ")");
        }
        return Matrix.wrap(n, b.cols(), x);
    }

    /** x with A x = b. */
    public double[] solve(double[] b) {
        return solve(Matrix.column(b)).asVector();
    }
}

package org.deepdual.model;

import java.util.Objects;
import org.deepdual.linalg.Matrix;

/**
 * A weight matrix in the factored form its solver built it from, {@code W = left · diag(s) · rightᵀ}
 * (docs/theory.md L2, L5, §6–§8: layers of aligned paths, rank-one layers, batch-norm layers from the
 * data's SVD): {@code left} (rows × k) and {@code right} (cols × k) are claimed to have orthonormal columns and
 * {@code s} to be nonnegative, in any order. It is then a singular value decomposition of W, so the layer's
 * statistics need no decomposition of their own. A claim only: statistics verify it against the explicit
 * weights before they use it (org.deepdual.stats.FactoredStats) and fall back to the weights otherwise.
 */
public record LayerFactors(Matrix left, double[] s, Matrix right) {

    public LayerFactors {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(s, "s");
        Objects.requireNonNull(right, "right");
        if (left.cols() != s.length || right.cols() != s.length) {
            throw new IllegalArgumentException("factors " + left.shape() + ", " + s.length + " values, "
                    + right.shape() + " do not have one column per value");
        }
        s = s.clone();
    }

    /** {@code diag(d)}: the standard basis on both sides. */
    public static LayerFactors diagonal(double[] d) {
        return new LayerFactors(Matrix.identity(d.length), d, Matrix.identity(d.length));
    }

    /** {@code left · diag(s)} with {@code left} orthonormal: the identity on the right. */
    public static LayerFactors scaledColumns(Matrix left, double[] s) {
        return new LayerFactors(left, s, Matrix.identity(s.length));
    }

    /** {@code diag(s) · rightᵀ} with {@code right} orthonormal: the identity on the left. */
    public static LayerFactors scaledRows(double[] s, Matrix right) {
        return new LayerFactors(Matrix.identity(s.length), s, right);
    }

    /** {@code u vᵀ}: one value ‖u‖‖v‖ with the normalised u and v (the zero matrix when either is 0). */
    public static LayerFactors rankOne(double[] u, double[] v) {
        double nu = norm(u);
        double nv = norm(v);
        if (nu == 0 || nv == 0) {
            return zero(u.length, v.length);
        }
        return new LayerFactors(Matrix.column(scaled(u, 1 / nu)), new double[] {nu * nv}, Matrix.column(scaled(v, 1 / nv)));
    }

    /**
     * The factors of a matrix whose nonzero columns have pairwise disjoint supports (each row feeds one column, as
     * paths feed their output): column c = ‖w_c‖ · (w_c/‖w_c‖) e_cᵀ, one value per nonzero column.
     */
    public static LayerFactors disjointColumns(Matrix w) {
        int rows = w.rows();
        int cols = w.cols();
        double[] left = new double[rows * cols];
        double[] right = new double[cols * cols];
        double[] values = new double[cols];
        int k = 0;
        for (int c = 0; c < cols; c++) {
            double[] column = w.column(c);
            double n = norm(column);
            if (n > 0) {
                for (int i = 0; i < rows; i++) {
                    left[k * rows + i] = column[i] / n;
                }
                right[k * cols + c] = 1.0;
                values[k++] = n;
            }
        }
        return new LayerFactors(Matrix.ofColumnMajor(rows, k, java.util.Arrays.copyOf(left, rows * k)),
                java.util.Arrays.copyOf(values, k), Matrix.ofColumnMajor(cols, k, java.util.Arrays.copyOf(right, cols * k)));
    }

    private static double norm(double[] v) {
        double sq = 0;
        for (double x : v) {
            sq += x * x;
        }
        return Math.sqrt(sq);
    }

    private static double[] scaled(double[] v, double c) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = c * v[i];
        }
        return out;
    }

    /** The zero matrix of the given shape (no values). */
    public static LayerFactors zero(int rows, int cols) {
        return new LayerFactors(Matrix.zeros(rows, 0), new double[0], Matrix.zeros(cols, 0));
    }

    @Override
    public double[] s() {
        return s.clone();
    }

    /** The number of rows of W. */
    public int rows() {
        return left.rows();
    }

    /** The number of columns of W. */
    public int cols() {
        return right.rows();
    }

    /** The factors of {@code c·W} for c ≥ 0. */
    public LayerFactors scale(double c) {
        if (!(c >= 0)) {
            throw new IllegalArgumentException("scale must be >= 0, got " + c);
        }
        double[] t = s.clone();
        for (int i = 0; i < t.length; i++) {
            t[i] *= c;
        }
        return new LayerFactors(left, t, right);
    }

    /** The factors of W padded by zero rows and columns to {@code rows × cols}. */
    public LayerFactors padTo(int rows, int cols) {
        return new LayerFactors(left.padTo(rows, s.length), s, right.padTo(cols, s.length));
    }
}

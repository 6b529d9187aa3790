package org.deepdual.solve.linear;

import java.io.Serializable;
import java.util.Objects;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;

/**
 * The d × d and d × K factors through which the deep linear settings see a data set (docs/theory.md
 * §4, §5; docs/performance.md "Distributed preparation"): G = XᵀX, C = XᵀY and ‖Y‖²_F, with n. The
 * sweep sums them over row blocks on the executors; {@link PreparedLinearData#fromGram} turns them into
 * the SVD of X without an n-row decomposition.
 *
 * @param xtx G, d × d, column-major, symmetric
 * @param xty C, d × K, column-major
 */
public record GramFactors(int n, int d, int k, double[] xtx, double[] xty, double yty) implements Serializable {

    public GramFactors {
        Objects.requireNonNull(xtx, "xtx");
        Objects.requireNonNull(xty, "xty");
        if (xtx.length != d * d || xty.length != d * k) {
            throw new IllegalArgumentException("Gram factors of d = " + d + ", K = " + k + " have " + xtx.length
                    + " and " + xty.length + " entries");
        }
    }

    /** The factors computed densely in this JVM (BLAS): the reference the distributed sum is checked against. */
    public static GramFactors dense(Dataset data) {
        Matrix g = data.x().transposeTimes(data.x());
        Matrix c = data.x().transposeTimes(data.y());
        return new GramFactors(data.n(), data.d(), data.outputs(), g.toColumnMajor(), c.toColumnMajor(),
                data.y().frobeniusNormSquared());
    }

    /** G as a matrix, made exactly symmetric (the mean of G and Gᵀ). */
    public Matrix gram() {
        double[] s = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                s[i + j * d] = 0.5 * (xtx[i + j * d] + xtx[j + i * d]);
            }
        }
        return Matrix.ofColumnMajor(d, d, s);
    }

    /** C = XᵀY as a matrix. */
    public Matrix cross() {
        return Matrix.ofColumnMajor(d, k, xty);
    }
}

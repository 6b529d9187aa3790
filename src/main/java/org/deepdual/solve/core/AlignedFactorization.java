package org.deepdual.solve.core;

import org.deepdual.model.Activation;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.Network;
import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;

/**
 * An end-to-end map {@code P diag(σ) Qᵀ} (P: d × k, Q: K × k) written as L aligned layers with
 * diagonal gains, the optimal factorizations of docs/theory.md L2, L5 and section 6:
 * {@code W_1 = P diag(g_1)}, {@code W_l = diag(g_l)} for 2 ≤ l ≤ L−1 and {@code W_L = diag(g_L) Qᵀ},
 * with {@code Π_l g_l = σ}. Consecutive layers share the path axes, so every hidden width is k. The
 * network carries these factors ({@link Network#factors()}), so its statistics need no SVD.
 */
public final class AlignedFactorization {
    private AlignedFactorization() {
    }

    /** The layers for gains g_l (gains[l−1], each of length k). With k = 0 every layer is zero, width 1. */
    public static Network network(Activation activation, Matrix left, Matrix right, double[][] gains) {
        int depth = gains.length;
        int k = left.cols();
        if (right.cols() != k) {
            throw new IllegalArgumentException("left factor " + left.shape() + " and right factor " + right.shape()
                    + " have different numbers of paths");
        }
        List<Matrix> layers = new ArrayList<>(depth);
        if (k == 0) {
            layers.add(Matrix.zeros(left.rows(), 1));
            for (int l = 2; l < depth; l++) {
                layers.add(Matrix.zeros(1, 1));
            }
            layers.add(Matrix.zeros(1, right.rows()));
            List<LayerFactors> none = new ArrayList<>(depth);
            for (Matrix w : layers) {
                none.add(LayerFactors.zero(w.rows(), w.cols()));
            }
            return Network.chain(activation, layers).withFactors(none);
        }
        layers.add(Decompositions.scaleColumns(left, gains[0]));
        for (int l = 2; l < depth; l++) {
            layers.add(Matrix.diagonal(gains[l - 1]));
        }
        layers.add(Decompositions.scaleColumns(right, gains[depth - 1]).transpose());
        return Network.chain(activation, layers).withFactors(factors(left, right, gains));
    }

    /**
     * The layers' factored form ({@link LayerFactors}): P diag(g_1), diag(g_l), diag(g_L) Qᵀ. An SVD of each
     * layer when P and Q have orthonormal columns, as the closed forms' path axes do; statistics check that.
     */
    private static List<LayerFactors> factors(Matrix left, Matrix right, double[][] gains) {
        int depth = gains.length;
        Matrix identity = Matrix.identity(left.cols());
        List<LayerFactors> out = new ArrayList<>(depth);
        out.add(new LayerFactors(left, gains[0], identity));
        for (int l = 2; l < depth; l++) {
            out.add(new LayerFactors(identity, gains[l - 1], identity));
        }
        out.add(new LayerFactors(identity, gains[depth - 1], right));
        return out;
    }

    /** Balanced gains σ_i^{1/L} in every layer (docs/theory.md L2): the WD optimum. */
    public static double[][] balanced(double[] sigma, int depth) {
        double[] g = new double[sigma.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.pow(sigma[i], 1.0 / depth);
        }
        double[][] gains = new double[depth][];
        for (int l = 0; l < depth; l++) {
            gains[l] = g.clone();
        }
        return gains;
    }

    /**
     * The TC factorization of docs/theory.md L5: path i gets the budget share
     * {@code ω_i = σ_i^{2/L}/Σ_j σ_j^{2/L}}, gain {@code t√ω_i} in each of the first L−2 layers (each
     * of Frobenius norm exactly t) and {@code √(σ_i/(t√ω_i)^{L−2})} in each of the last two.
     */
    public static double[][] budgetShares(double[] sigma, int depth, double t) {
        int k = sigma.length;
        double total = 0;
        for (double s : sigma) {
            total += Math.pow(s, 2.0 / depth);
        }
        double[] early = new double[k];
        double[] late = new double[k];
        for (int i = 0; i < k; i++) {
            early[i] = t * Math.sqrt(Math.pow(sigma[i], 2.0 / depth) / total);
            late[i] = Math.sqrt(sigma[i] / Math.pow(early[i], depth - 2));
        }
        double[][] gains = new double[depth][];
        for (int l = 0; l < depth - 2; l++) {
            gains[l] = early.clone();
        }
        gains[depth - 2] = late;
        gains[depth - 1] = late.clone();
        return gains;
    }

    /** The columns of {@code m} at the given indices. */
    public static Matrix selectColumns(Matrix m, int[] columns) {
        double[] out = new double[m.rows() * columns.length];
        for (int j = 0; j < columns.length; j++) {
            System.arraycopy(m.column(columns[j]), 0, out, j * m.rows(), m.rows());
        }
        return Matrix.ofColumnMajor(m.rows(), columns.length, out);
    }

    /** Indices of the strictly positive entries. */
    public static int[] positive(double[] v) {
        return java.util.stream.IntStream.range(0, v.length).filter(i -> v[i] > 0).toArray();
    }

    public static double[] select(double[] v, int[] index) {
        double[] out = new double[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = v[index[i]];
        }
        return out;
    }
}

package org.deepdual.data;

import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * Preprocessing of X, each step recorded in the fingerprint through {@link Dataset#derive}; Y and
 * the labels are unchanged. Centering, scaling and the bias column are plain Java (bit for bit on
 * every machine); whitening uses LAPACK's SVD, so its last bits depend on the LAPACK in use.
 */
public final class Preprocessing {
    /** Relative cut-off below which a singular value counts as zero (docs/theory.md §4). */
    public static final double RANK_RTOL = 1e-10;

    private Preprocessing() {
    }

    /** X − 1 μᵀ with μ the column means. */
    public static Dataset center(Dataset data) {
        double[][] x = data.x().toRowArrays();
        int n = x.length;
        int d = data.d();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i][j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                x[i][j] -= mean;
            }
        }
        return data.derive("center", Matrix.ofRows(x), data.y());
    }

    /**
     * Each column divided by its root mean square √(Σ_i x_ij²/n) (its standard deviation when
     * centered); an all-zero column (an always-black pixel) stays zero.
     */
    public static Dataset scale(Dataset data) {
        double[][] x = data.x().toRowArrays();
        int n = x.length;
        for (int j = 0; j < data.d(); j++) {
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                sumSq += x[i][j] * x[i][j];
            }
            double rms = Math.sqrt(sumSq / n);
            if (rms > 0) {
                for (int i = 0; i < n; i++) {
                    x[i][j] /= rms;
                }
            }
        }
        return data.derive("scale", Matrix.ofRows(x), data.y());
    }

    /**
     * X → U_r V_rᵀ from the thin SVD X = U S Vᵀ, keeping the rank r (σ_i > {@link #RANK_RTOL}·σ_1):
     * the whitening of docs/theory.md §6, after which XXᵀ = I_n. Refused when r < n, because then
     * the n rows cannot become orthonormal (always the case for n > d, and after centering, which
     * makes the rows sum to zero).
     */
    public static Dataset whiten(Dataset data) {
        Matrix x = data.x();
        int n = x.rows();
        Svd svd = Decompositions.thinSvd(x);
        int r = svd.rank(RANK_RTOL);
        if (r < n) {
            String why = n > x.cols() ? "n = " + n + " > d = " + x.cols()
                    : data.fingerprint().contains("|center") ? "centering made the rows sum to zero; drop center"
                    : "the rows are linearly dependent";
            throw new IllegalArgumentException("data '" + data.name() + "': cannot whiten X (" + x.shape()
                    + ") to orthonormal rows: its rank is " + r + " < n = " + n + " (" + why + ")");
        }
        Matrix whitened = svd.u().columns(0, r).times(svd.v().columns(0, r).transpose());
        return data.derive("whiten", whitened, data.y());
    }

    /** [X, 1]: a column of ones appended, so that a bias is an ordinary weight (docs/theory.md §9). */
    public static Dataset appendBiasColumn(Dataset data) {
        double[] ones = new double[data.n()];
        java.util.Arrays.fill(ones, 1.0);
        return data.derive("bias", data.x().appendColumns(Matrix.column(ones)), data.y());
    }

    /** ‖XXᵀ − I‖_max: how far the rows of X are from orthonormal. */
    public static double rowOrthonormalityError(Matrix x) {
        return x.times(x.transpose()).minus(Matrix.identity(x.rows())).maxAbs();
    }
}

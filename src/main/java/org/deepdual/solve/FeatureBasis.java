package org.deepdual.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The features A from which the layers before batch norm reach the atoms when X does not have full
 * row rank (math.md section 8, arbitrary X): X itself when L = 2, or {@code relu(X W_1)} of a random
 * first layer. Batch norm ignores a constant shift of a pre-BN column, so for X itself only the range
 * of the centred features {@code P X} (P = I − 11ᵀ/n) matters; ReLU features must instead reach
 * {@code Z + 2} exactly, since a ReLU layer may still follow them. The thin SVD of the relevant
 * matrix, truncated at the numerical rank, is kept for every β and L.
 *
 * @param firstLayer the random W_1, empty when the features are X itself
 * @param width the number of feature columns m
 * @param centred whether {@code basis} is the SVD of P A (X itself) or of A (ReLU features)
 * @param basis the truncated thin SVD
 */
record FeatureBasis(Optional<Matrix> firstLayer, int width, boolean centred, Svd basis) {

    FeatureBasis {
        Objects.requireNonNull(firstLayer, "firstLayer");
        Objects.requireNonNull(basis, "basis");
    }

    /** The centred data X, for L = 2. */
    static FeatureBasis ofData(Matrix x) {
        return new FeatureBasis(Optional.empty(), x.cols(), true, truncated(centreColumns(x)));
    }

    /**
     * ReLU features of a random first layer for L ≥ 3: Gaussian columns g (drawn from {@code seed})
     * are kept only if relu(X g) adds a direction to the features kept so far (Gram–Schmidt, twice,
     * with a relative residual above 1e-3 so that A_1 stays well conditioned), until rank n or
     * 4n + 50 draws. The layer has at most n columns.
     */
    static FeatureBasis ofRandomRelu(Matrix x, long seed) {
        int n = x.rows();
        int d = x.cols();
        Random random = new Random(seed);
        double scale = 1.0 / Math.sqrt(d);
        List<double[]> basis = new ArrayList<>();
        List<double[]> kept = new ArrayList<>();
        int maxDraws = 4 * n + 50;
        int batch = Math.min(maxDraws, Math.max(16, n));
        for (int draws = 0; draws < maxDraws && kept.size() < n; draws += batch) {
            double[] w = new double[d * batch];
            for (int i = 0; i < w.length; i++) {
                w[i] = scale * random.nextGaussian();
            }
            Matrix block = Matrix.ofColumnMajor(d, batch, w);
            Matrix features = x.times(block).relu();
            for (int j = 0; j < batch && kept.size() < n; j++) {
                double[] f = features.column(j);
                double norm = norm(f);
                if (norm == 0) {
                    continue;
                }
                double[] r = f.clone();
                for (int pass = 0; pass < 2; pass++) {
                    for (double[] q : basis) {
                        double dot = 0;
                        for (int i = 0; i < n; i++) {
                            dot += q[i] * r[i];
                        }
                        for (int i = 0; i < n; i++) {
                            r[i] -= dot * q[i];
                        }
                    }
                }
                double rn = norm(r);
                if (rn > 1e-3 * norm) {
                    for (int i = 0; i < n; i++) {
                        r[i] /= rn;
                    }
                    basis.add(r);
                    kept.add(block.columns(j, j + 1).asVector());
                }
            }
        }
        double[] layer = new double[d * kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            System.arraycopy(kept.get(j), 0, layer, j * d, d);
        }
        Matrix w1 = Matrix.ofColumnMajor(d, kept.size(), layer);
        return new FeatureBasis(Optional.of(w1), kept.size(), false, truncated(x.times(w1).relu()));
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }

    private static Svd truncated(Matrix a) {
        Svd svd = Decompositions.thinSvd(a);
        return svd.truncate(svd.rank(PreparedBatchNorm.RANK_RTOL));
    }

    int rank() {
        return basis.s().length;
    }

    /** P M: every column minus its mean. */
    static Matrix centreColumns(Matrix m) {
        int n = m.rows();
        double[] c = m.toColumnMajor();
        for (int j = 0; j < m.cols(); j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += c[i + j * n];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                c[i + j * n] -= mean;
            }
        }
        return Matrix.ofColumnMajor(n, m.cols(), c);
    }
}

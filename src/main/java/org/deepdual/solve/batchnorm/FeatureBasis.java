package org.deepdual.solve.batchnorm;

import static org.deepdual.linalg.Vectors.norm;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The features A from which the layers before batch norm reach the atoms when X does not have full
 * row rank (docs/theory.md §8, arbitrary X): X itself when L = 2, or {@code relu(X W_1)} of a random
 * first layer. Batch norm ignores a constant shift of a pre-BN column, so for X itself only the range
 * of the centred features {@code P X} (P = I − 11ᵀ/n) matters; ReLU features must instead reach
 * {@code Z + 2} exactly, since a ReLU layer may still follow them. The thin SVD of the relevant
 * matrix, truncated at the numerical rank, is kept for every β and L.
 *
 * @param firstLayer the random W_1, empty when the features are X itself
 * @param features the matrix the last layer before BN multiplies: P X, or A_1 = relu(X W_1)
 * @param centred whether the features are P X (X itself) or A_1 (ReLU features)
 * @param basis the truncated thin SVD
 */
record FeatureBasis(Optional<Matrix> firstLayer, Matrix features, boolean centred, Svd basis) {

    FeatureBasis {
        Objects.requireNonNull(firstLayer, "firstLayer");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(basis, "basis");
    }

    /** The centred data X, for L = 2. */
    static FeatureBasis ofData(Matrix x) {
        Matrix centred = centreColumns(x);
        return new FeatureBasis(Optional.empty(), centred, true, truncated(centred));
    }

    /**
     * ReLU features of a random first layer for L ≥ 3: n Gaussian columns g drawn from {@code seed}
     * (a column whose relu(X g) vanishes is redrawn, at most 4n + 50 draws in all). If A_1 is not of
     * rank n, up to two further independent layers are drawn and the one of highest rank is kept.
     */
    static FeatureBasis ofRandomRelu(Matrix x, long seed) {
        Random random = new Random(seed);
        FeatureBasis best = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Matrix w1 = nonvanishingColumns(x, random);
            Matrix a = x.times(w1).relu();
            FeatureBasis f = new FeatureBasis(Optional.of(w1), a, false, truncated(a));
            if (best == null || f.rank() > best.rank()) {
                best = f;
            }
            if (best.rank() == x.rows()) {
                break;
            }
        }
        return best;
    }

    private static Matrix nonvanishingColumns(Matrix x, Random random) {
        int n = x.rows();
        int d = x.cols();
        double scale = 1.0 / Math.sqrt(d);
        double[] w = new double[d * n];
        int kept = 0;
        for (int draws = 0; kept < n && draws < 4 * n + 50; draws++) {
            double[] g = new double[d];
            for (int i = 0; i < d; i++) {
                g[i] = scale * random.nextGaussian();
            }
            double[] xg = x.times(g);
            if (Arrays.stream(xg).anyMatch(v -> v > 0)) {
                System.arraycopy(g, 0, w, kept * d, d);
                kept++;
            }
        }
        return Matrix.ofColumnMajor(d, kept, Arrays.copyOf(w, kept * d));
    }


    private static Svd truncated(Matrix a) {
        Svd svd = Decompositions.thinSvd(a);
        return svd.truncate(svd.rank(PreparedBatchNorm.RANK_RTOL));
    }

    int width() {
        return features.cols();
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

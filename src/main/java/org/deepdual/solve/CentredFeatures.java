package org.deepdual.solve;

import java.util.Objects;
import java.util.Optional;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The features A that feed the last layer before batch norm (math.md section 8): X itself when
 * L = 2, or {@code relu(X W_1)} of a random first layer. Batch norm ignores a constant shift of a
 * pre-BN column, so what matters is the range of the centred features {@code P A}
 * (P = I − 11ᵀ/n); its thin SVD, truncated at the numerical rank, is kept here.
 *
 * @param firstLayer the random W_1, empty when the features are X itself
 * @param width the number of feature columns m
 * @param centred the truncated thin SVD of P A
 */
record CentredFeatures(Optional<Matrix> firstLayer, int width, Svd centred) {

    CentredFeatures {
        Objects.requireNonNull(firstLayer, "firstLayer");
        Objects.requireNonNull(centred, "centred");
    }

    static CentredFeatures of(Matrix x, Optional<Matrix> firstLayer) {
        Matrix a = firstLayer.map(w -> x.times(w).relu()).orElse(x);
        Svd svd = Decompositions.thinSvd(centreColumns(a));
        return new CentredFeatures(firstLayer, a.cols(), svd.truncate(svd.rank(PreparedBatchNorm.RANK_RTOL)));
    }

    int rank() {
        return centred.s().length;
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

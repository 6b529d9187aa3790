package org.deepdual.data;

import java.util.Objects;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * A data set as docs/theory.md §1 defines it: samples X ∈ R^{n×d} (rows), targets Y ∈ R^{n×K}
 * (one column for scalar regression, one-hot columns for classification), optional class labels,
 * and a fingerprint that identifies the data bit for bit (generator and seed, or file content hash,
 * plus preprocessing) and enters every sweep cell id.
 */
public record Dataset(String name, Matrix x, Matrix y, Optional<Labels> labels, String fingerprint) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (x.rows() == 0 || x.cols() == 0) {
            throw new IllegalArgumentException("data set '" + name + "': X is " + x.shape() + "; n and d must be >= 1");
        }
        if (y.rows() != x.rows()) {
            throw new IllegalArgumentException("data set '" + name + "': X is " + x.shape() + " but Y is " + y.shape()
                    + "; they must have the same number of rows");
        }
        if (y.cols() == 0) {
            throw new IllegalArgumentException("data set '" + name + "': Y has no columns");
        }
        if (!x.allFinite()) {
            throw new IllegalArgumentException("data set '" + name + "': X has NaN or infinite entries");
        }
        if (!y.allFinite()) {
            throw new IllegalArgumentException("data set '" + name + "': Y has NaN or infinite entries");
        }
        labels.ifPresent(l -> {
            if (l.n() != x.rows()) {
                throw new IllegalArgumentException("data set '" + name + "': " + l.n() + " labels for " + x.rows()
                        + " samples");
            }
        });
    }

    public int n() {
        return x.rows();
    }

    public int d() {
        return x.cols();
    }

    /** Columns of Y: 1 for scalar output, K for one-hot. */
    public int outputs() {
        return y.cols();
    }

    /** Number of classes when labelled, otherwise the number of outputs. */
    public int k() {
        return labels.map(Labels::k).orElse(y.cols());
    }

    /** The same data with a new name and fingerprint suffix (for preprocessing steps). */
    public Dataset derive(String step, Matrix newX, Matrix newY) {
        return new Dataset(name, newX, newY, labels, fingerprint + "|" + step);
    }
}

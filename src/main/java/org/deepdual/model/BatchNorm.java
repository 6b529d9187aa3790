package org.deepdual.model;

import java.util.Objects;
import org.deepdual.linalg.Matrix;

/**
 * The batch-normalization layer of docs/theory.md §8 in its ℓ2-normalised convention:
 * {@code BN(h) = γ·Ph/‖Ph‖₂ + α·1/√n} with P = I − 11ᵀ/n, applied to each pre-activation column,
 * followed by {@code after} (ReLU for variant relu, identity for variant linear). A constant column
 * (Ph = 0) maps to α·1/√n.
 */
public record BatchNorm(double[] gamma, double[] alpha, Activation after) {

    public BatchNorm {
        Objects.requireNonNull(after, "after");
        if (gamma.length != alpha.length) {
            throw new IllegalArgumentException("gamma has " + gamma.length + " entries, alpha " + alpha.length);
        }
        gamma = gamma.clone();
        alpha = alpha.clone();
    }

    @Override
    public double[] gamma() {
        return gamma.clone();
    }

    @Override
    public double[] alpha() {
        return alpha.clone();
    }

    public int width() {
        return gamma.length;
    }

    /** φ(BN_{γ,α}(H)) for pre-activations H (n × width). */
    public Matrix apply(Matrix h) {
        if (h.cols() != gamma.length) {
            throw new IllegalArgumentException("batch norm of width " + gamma.length + " applied to " + h.shape());
        }
        int n = h.rows();
        double[] out = new double[n * h.cols()];
        double invSqrtN = 1.0 / Math.sqrt(n);
        for (int j = 0; j < h.cols(); j++) {
            double[] col = h.column(j);
            double mean = 0;
            for (double v : col) {
                mean += v;
            }
            mean /= n;
            double norm = 0;
            for (double v : col) {
                norm += (v - mean) * (v - mean);
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                double centred = norm > 0 ? (col[i] - mean) / norm : 0.0;
                out[i + j * n] = after.apply(gamma[j] * centred + alpha[j] * invSqrtN);
            }
        }
        return Matrix.ofColumnMajor(n, h.cols(), out);
    }
}

package org.deepdual.stats;

import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;

/**
 * Alignment of the first layer with the data direction the dual selects (docs/theory.md §3, §4
 * and §10): for the scalar-output linear network the optimal W_1 is rank one with left singular
 * vector ∝ Xᵀλ*, so {@code |u_1(W_1)·Xᵀλ* / ‖Xᵀλ*‖|} is 1 at the optimum.
 */
public final class DataAlignment {
    private DataAlignment() {
    }

    /**
     * {@code |u_1(W_1)·Xᵀλ/‖Xᵀλ‖|} for W_1 (d × m_1), X (n × d) and λ (n × 1). NaN when W_1 = 0 or
     * Xᵀλ = 0 (nothing to align).
     */
    public static double scalarLinear(Matrix w1, Matrix x, Matrix lambda) {
        if (lambda.cols() != 1) {
            throw new IllegalArgumentException("lambda must be a single column (scalar output), got " + lambda.shape());
        }
        if (x.rows() != lambda.rows()) {
            throw new IllegalArgumentException("x is " + x.shape() + " but lambda is " + lambda.shape());
        }
        if (w1.rows() != x.cols()) {
            throw new IllegalArgumentException("w1 is " + w1.shape() + " but x has " + x.cols() + " columns");
        }
        double[] direction = x.transposeTimes(lambda.asVector());
        double norm = Vectors.norm(direction);
        var svd = Decompositions.thinSvd(w1);
        if (norm == 0.0 || svd.s().length == 0 || svd.s()[0] == 0.0) {
            return Double.NaN;
        }
        double[] u1 = svd.u().column(0);
        double dot = Vectors.dot(u1, direction);
        return Math.min(1.0, Math.abs(dot) / norm);
    }
}

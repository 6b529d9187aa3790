package org.deepdual.solve.batchnorm;

import java.util.Objects;
import org.deepdual.linalg.Matrix;

/**
 * A decomposition of the targets into orthogonal rank-one terms, {@code Y = Σ_j a_j z_j q_jᵀ + R},
 * with unit columns z_j (orthonormal in R^n), unit columns q_j (orthonormal in R^K), amplitudes
 * a_1 ≥ a_2 ≥ … > 0, and a remainder R orthogonal to every term ({@code ‖R‖² = residualSquared}).
 * These are the atoms of the batch-norm closed form (docs/theory.md §8): at β the optimal output is
 * {@code F* = Σ_j (a_j − β)₊ z_j q_jᵀ}.
 *
 * @param amplitudes a_j, non-increasing and positive
 * @param z n × J, column j is z_j
 * @param q K × J, column j is q_j
 * @param residualSquared ‖Y − Σ a_j z_j q_jᵀ‖_F² (zero up to rounding, or the dropped tiny singular values)
 */
record TargetAtoms(double[] amplitudes, Matrix z, Matrix q, double residualSquared) {

    TargetAtoms {
        Objects.requireNonNull(z, "z");
        Objects.requireNonNull(q, "q");
        if (z.cols() != amplitudes.length || q.cols() != amplitudes.length) {
            throw new IllegalArgumentException(amplitudes.length + " amplitudes for z " + z.shape() + " and q "
                    + q.shape());
        }
        amplitudes = amplitudes.clone();
    }

    @Override
    public double[] amplitudes() {
        return amplitudes.clone();
    }

    int count() {
        return amplitudes.length;
    }

    double amplitude(int j) {
        return amplitudes[j];
    }

    /** The number of atoms with a_j > β: they are a prefix, the amplitudes being sorted. */
    int activeCount(double beta) {
        int j = 0;
        while (j < amplitudes.length && amplitudes[j] > beta) {
            j++;
        }
        return j;
    }
}

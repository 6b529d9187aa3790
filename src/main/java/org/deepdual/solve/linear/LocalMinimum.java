package org.deepdual.solve.linear;

/**
 * An end-to-end map W = V A reached by a local search, in the coordinates of {@link RotatedLoss},
 * with its singular triplets {@code A = left diag(amplitudes) rightᵀ} and its objective split into the
 * part that does not depend on β and the part linear in it: the value at any β of the same path is
 * {@code loss + β·perBeta}. The zero map (no amplitudes) is the zero network.
 *
 * @param a A, r × K column-major
 * @param left r × k, orthonormal columns
 * @param amplitudes the k positive singular values
 * @param right K × k, orthonormal columns
 * @param loss ½‖XW − Y‖²
 * @param perBeta the penalty per unit β ({@link SchattenPenalty#perBeta})
 * @param iterations the proximal-gradient iterations that produced it
 * @param converged whether the search met its step tolerance
 * @param lastStep the size of the last step
 * @param stalled whether the search stopped because the rest of its budget could not move the cell's
 *     bounds gap ({@link SchattenProxGradient#STALL_GAP_FRACTION}), not at its step tolerance
 */
record LocalMinimum(double[] a, double[] left, double[] amplitudes, double[] right, double loss, double perBeta,
        int iterations, boolean converged, double lastStep, boolean stalled) {

    /** The zero map: value ½‖Y‖² at every β. */
    static LocalMinimum zero(RotatedLoss loss) {
        return new LocalMinimum(new double[loss.r * loss.k], new double[0], new double[0], new double[0], loss.half,
                0.0, 0, true, 0.0, false);
    }

    /** This point as reached again by a search of {@code more} iterations that was stopped on its way here. */
    LocalMinimum after(int more) {
        return new LocalMinimum(a, left, amplitudes, right, loss, perBeta, iterations + more, converged, lastStep,
                stalled);
    }

    /** This point as the end of a search stopped by the stall rule. */
    LocalMinimum asStalled() {
        return new LocalMinimum(a, left, amplitudes, right, loss, perBeta, iterations, false, lastStep, true);
    }

    double value(double beta) {
        return loss + beta * perBeta;
    }

    int rank() {
        return amplitudes.length;
    }
}

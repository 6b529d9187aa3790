package org.deepdual.sweep;

/**
 * The spec's {@code baseline:}: which cells are also trained by plain nonconvex optimisation (the
 * brute force of docs/theory.md §11, invariant 1), and how. A cell gets a baseline iff
 * {@code CellId.unitHash(id) < fraction}, so the choice is deterministic and independent of the run.
 *
 * @param optimizer gd | adam | lbfgs
 * @param maxSeconds wall-time cap per baseline (0: none beyond the cell timeout)
 * @param recordEvery trajectory sampling interval in iterations
 * @param relTol relative objective change that counts as converged
 */
public record BaselinePlan(String optimizer, double fraction, int iterations, double maxSeconds, int recordEvery,
        double relTol) implements java.io.Serializable {
}

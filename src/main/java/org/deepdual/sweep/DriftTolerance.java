package org.deepdual.sweep;

/**
 * The spec's {@code drift:} for nightly studies: a cell drifts when its primal value changes by more
 * than {@code relTol} relative to the previous night; the night fails when more than
 * {@code failOver} cells drift.
 */
public record DriftTolerance(double relTol, int failOver) {
}

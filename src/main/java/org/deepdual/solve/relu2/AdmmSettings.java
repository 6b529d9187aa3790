package org.deepdual.solve.relu2;

/**
 * Stopping and tuning of the scaled ADMM of docs/theory.md §9.
 *
 * @param tolerance the primal and dual residuals must both fall below {@code tolerance} times their
 *     scales (the norms of the iterates and of the unscaled duals, at least 1)
 * @param gapTolerance the iteration also stops when the duality gap of the pattern program at the
 *     iterate, and the difference between the network's and the program's objective, are both below
 *     {@code gapTolerance·max(1, |value|)} ({@link PatternConeProgram.Bound})
 * @param maxIterations iteration cap; reaching it is a FAILED "not converged" solve
 * @param relaxation the over-relaxation factor α ∈ [1, 2) applied to w in the z-, s- and dual steps
 *     (α = 1 is plain ADMM)
 * @param adaptEvery ρ is doubled or halved every this many iterations while the residuals differ by
 *     more than a factor 10
 */
public record AdmmSettings(double tolerance, double gapTolerance, int maxIterations, double relaxation,
        int adaptEvery) {

    /** The defaults: tolerance 1e-12, gap 1e-7, 20000 iterations, α = 1.6, adapt every 50 iterations. */
    public static final AdmmSettings DEFAULT = new AdmmSettings(1e-12, 1e-7, 20000, 1.6, 50);

    public AdmmSettings {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        if (!(gapTolerance > 0)) {
            throw new IllegalArgumentException("gapTolerance must be > 0, got " + gapTolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(relaxation >= 1 && relaxation < 2)) {
            throw new IllegalArgumentException("relaxation must be in [1, 2), got " + relaxation);
        }
        if (adaptEvery < 1) {
            throw new IllegalArgumentException("adaptEvery must be >= 1, got " + adaptEvery);
        }
    }

    public AdmmSettings withTolerance(double t) {
        return new AdmmSettings(t, gapTolerance, maxIterations, relaxation, adaptEvery);
    }

    public AdmmSettings withGapTolerance(double g) {
        return new AdmmSettings(tolerance, g, maxIterations, relaxation, adaptEvery);
    }

    public AdmmSettings withMaxIterations(int m) {
        return new AdmmSettings(tolerance, gapTolerance, m, relaxation, adaptEvery);
    }

    public AdmmSettings withRelaxation(double r) {
        return new AdmmSettings(tolerance, gapTolerance, maxIterations, r, adaptEvery);
    }
}

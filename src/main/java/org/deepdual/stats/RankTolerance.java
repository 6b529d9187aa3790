package org.deepdual.stats;

import org.deepdual.data.Preprocessing;

/**
 * The relative tolerances of numerical ranks, rank = #{σ_i &gt; rtol·σ_1} (docs/theory.md §10), in one
 * place: the sweep, the baseline, the {@code solve} command, the report and the benchmarks count ranks
 * alike only when they take the tolerance from here, and a sweep records the one it used
 * ({@code rank_rtol}, docs/output.md).
 */
public final class RankTolerance {
    /** Networks of closed forms and converged solves: exact up to rounding. */
    public static final double SOLVED = 1e-6;
    /** Networks trained by the non-convex baseline, which stop short of the optimum (§10 suggests 1e-3 to 1e-4). */
    public static final double TRAINED = 1e-4;
    /**
     * The data matrix X: its rank r, for U_rᵀY of docs/theory.md §5 and the singular values that count
     * as nonzero. Preprocessing owns the value (it sits below statistics and cuts X's rank the same way).
     */
    public static final double DATA = Preprocessing.RANK_RTOL;

    private RankTolerance() {
    }
}

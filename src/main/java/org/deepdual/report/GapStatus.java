package org.deepdual.report;

/**
 * What a cell's gap P − D stands for, by its status and what docs/theory.md §3 claims for its setting.
 * Only under OPTIMAL is it a duality gap; under BOUNDS it also holds the primal's distance from the
 * optimum, which nothing bounds but the gap itself. The gap figures' captions count a panel's cells by it.
 */
enum GapStatus {
    CERTIFIED("certified (the dual proves the primal optimal within the setting's tolerance)"),
    DUAL_NOT_TIGHT("OPTIMAL, not certified: positive duality gap of the standard architecture (the paper's dual is"
            + " not tight: vector output or multi-path ReLU at L ≥ 3; the primal is the optimum)"),
    ZERO_GAP_NOT_MET("OPTIMAL, not certified where the theory claims a zero gap (listed as invariant violations)"),
    ESTIMATED_DUAL("OPTIMAL with an estimated dual (relu2 with d > 2): the gap proves nothing"),
    NO_DUAL("OPTIMAL without a dual"),
    BOUNDS("BOUNDS: primal not shown optimal (P is an upper bound and D a lower bound or an estimate, so P − D"
            + " mixes the primal's distance from the optimum with any duality gap)"),
    FAILED("FAILED");

    private final String meaning;

    GapStatus(String meaning) {
        this.meaning = meaning;
    }

    String meaning() {
        return meaning;
    }

    /** The status of {@code row}'s gap; {@code provenDual} and {@code zeroGapExpected} as InvariantCheck decides. */
    static GapStatus of(CellRow row, boolean provenDual, boolean zeroGapExpected) {
        if (!row.optimal() && !row.bounds()) {
            return FAILED; // and any status the report does not know, as SweepCounts counts it
        }
        if (row.bounds()) {
            return BOUNDS;
        }
        if (row.certified()) {
            return CERTIFIED;
        }
        if (Double.isNaN(row.dual())) {
            return NO_DUAL;
        }
        if (!provenDual) {
            return ESTIMATED_DUAL;
        }
        return zeroGapExpected ? ZERO_GAP_NOT_MET : DUAL_NOT_TIGHT;
    }
}

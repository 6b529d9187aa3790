package org.deepdual.model;

/**
 * Whether a cell's {@code dual} is a proven lower bound on the optimum (docs/theory.md §3). Since schema
 * version {@value #PROVEN_SINCE_SCHEMA} of cells/ every stored dual is (relu2 above d = 2 stores the proven
 * sign-split bound, its searched value apart as dual_estimate). Rows of older versions stored relu2's searched
 * value above d = 2, which can only come out too small, so there the dual is an estimate (docs/theory.md §9).
 * Checks that rely on the dual bounding every later primal of a β path skip the estimates.
 */
public final class DualProof {
    /** relu2's certificate maximises exactly up to this many columns of X (docs/theory.md §9). */
    public static final int RELU2_EXACT_UP_TO_D = 2;
    /** The cells/ schema version from which on every stored dual is a proof. */
    public static final int PROVEN_SINCE_SCHEMA = 2;

    private DualProof() {
    }

    /**
     * Whether the dual of a cell of {@code setting} on data with {@code d} columns, stored under cells/ schema
     * {@code schemaVersion}, is a proof; {@code d} ≤ 0 (unknown) counts as no proof for relu2 of older schemas.
     */
    public static boolean proven(String setting, int d, int schemaVersion) {
        return schemaVersion >= PROVEN_SINCE_SCHEMA || !Setting.RELU2.cliName().equals(setting)
                || (d > 0 && d <= RELU2_EXACT_UP_TO_D);
    }
}

package org.deepdual.model;

/**
 * Whether a cell's {@code dual} is a proven lower bound on the optimum (docs/theory.md §3). It is,
 * except for relu2 above d = 2, where the certificate maximises over directions it searched, which can
 * only come out too small, so the dual is an estimate (docs/theory.md §9). Checks that rely on the dual
 * bounding every later primal of a β path skip the estimates.
 */
public final class DualProof {
    /** relu2's certificate maximises exactly up to this many columns of X (docs/theory.md §9). */
    public static final int RELU2_EXACT_UP_TO_D = 2;

    private DualProof() {
    }

    /**
     * Whether the dual of a cell of {@code setting} on data with {@code d} columns is a proof; {@code d} ≤ 0
     * (unknown) counts as no proof for relu2.
     */
    public static boolean proven(String setting, int d) {
        return !Setting.RELU2.cliName().equals(setting) || (d > 0 && d <= RELU2_EXACT_UP_TO_D);
    }
}

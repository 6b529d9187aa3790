package org.deepdual.model;

/**
 * The relative tolerances of docs/theory.md §3, each relative to max(1, |primal|), with which a cell's
 * values are compared to each other: a closed form is exact up to rounding, an iterative solve only up to
 * its stopping rule. The report's invariants and the reducer's path checks take them from here, so both
 * judge a cell alike.
 */
public final class GapTolerance {
    /** Closed forms (linear whitened or scalar, relu-whitened, bn): certified at gap ≤ 1e-9. */
    public static final double CLOSED_FORM = 1e-9;
    /** Iterative solves (relu2, relu-1d, linear on general X with vector output): 1e-6. */
    public static final double ITERATIVE = 1e-6;

    private GapTolerance() {
    }

    /**
     * Whether a cell of {@code setting} that ran {@code iterations} iterations was solved iteratively:
     * relu2 and relu-1d always are, any other setting when it counted iterations (linear on general X with
     * vector output, docs/output.md {@code iterations}: 0 for closed forms).
     */
    public static boolean iterative(String setting, int iterations) {
        return alwaysIterative(setting) || iterations > 0;
    }

    /** The settings whose every cell is an iterative solve. */
    public static boolean alwaysIterative(String setting) {
        return Setting.RELU2.cliName().equals(setting) || Setting.RELU_1D.cliName().equals(setting);
    }

    /** {@link #ITERATIVE} or {@link #CLOSED_FORM}, as {@link #iterative} decides. */
    public static double of(String setting, int iterations) {
        return iterative(setting, iterations) ? ITERATIVE : CLOSED_FORM;
    }
}

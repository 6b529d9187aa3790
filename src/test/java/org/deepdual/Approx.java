package org.deepdual;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared tolerances for tests (after Spark's TestingUtils): absolute, and relative with a floor so
 * that a relative comparison is never made near zero.
 */
public final class Approx {
    private Approx() {
    }

    /** |actual − expected| ≤ tol·max(1, |expected|). */
    public static void assertRel(double expected, double actual, double tol, String what) {
        double scale = Math.max(1.0, Math.abs(expected));
        if (!(Math.abs(actual - expected) <= tol * scale)) {
            fail(what + ": expected " + expected + " but got " + actual + " (difference "
                    + Math.abs(actual - expected) + ", tolerance " + tol * scale + ")");
        }
    }

    public static void assertRel(double expected, double actual, double tol) {
        assertRel(expected, actual, tol, "value");
    }

    /** |actual − expected| ≤ tol. */
    public static void assertAbs(double expected, double actual, double tol, String what) {
        if (!(Math.abs(actual - expected) <= tol)) {
            fail(what + ": expected " + expected + " but got " + actual + " (difference "
                    + Math.abs(actual - expected) + ", tolerance " + tol + ")");
        }
    }
}

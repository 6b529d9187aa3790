package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The WD dual envelope is a lower bound on {@code min_t [D(βt^{−(L−2)}) + (L−2)βt²/2]} that no grid can
 * overshoot, and a tight one: checked against a brute-force minimum over a fine grid of t on concave
 * D known in closed form (smooth, and with a kink where chords through samples matter), and with samples
 * whose lower values are loose.
 */
class WdDualEnvelopeTest {
    private static final double HALF = 5.0;
    private static final double FLOOR = 0.4;
    private static final double GAMMA_MAX = 3.0;

    /** Smooth, concave, increasing from FLOOR at 0 to HALF at GAMMA_MAX. */
    private static double smooth(double g) {
        double u = Math.min(g / GAMMA_MAX, 1);
        return FLOOR + (HALF - FLOOR) * (1 - (1 - u) * (1 - u));
    }

    /** Piecewise linear and concave: a kink at γ = 0.2. */
    private static double kinked(double g) {
        return Math.min(HALF, Math.min(FLOOR + 12 * g, FLOOR + 2.4 + (HALF - FLOOR - 2.4) * (g - 0.2) / (GAMMA_MAX - 0.2)));
    }

    /** min over t of D(βt^{−(L−2)}) + (L−2)βt²/2 on 400,000 log-spaced t, and the limit t → 0. */
    private static double bruteForce(DoubleUnaryOperator d, double beta, int depth) {
        double best = HALF;
        for (int k = 0; k <= 400_000; k++) {
            double t = Math.exp(-12 + 24.0 * k / 400_000);
            double gamma = beta * Math.pow(t, -(depth - 2));
            best = Math.min(best, d.applyAsDouble(gamma) + 0.5 * (depth - 2) * beta * t * t);
        }
        return best;
    }

    private static WdDualEnvelope<Double> envelope(DoubleUnaryOperator d, double slack) {
        return new WdDualEnvelope<>(HALF, FLOOR, GAMMA_MAX, (gamma, nearest) -> new WdDualEnvelope.Sample<>(gamma,
                d.applyAsDouble(gamma) - slack, d.applyAsDouble(gamma), gamma, 0, true));
    }

    @Test
    void theBoundNeverExceedsTheMinimumAndMeetsIt() {
        for (DoubleUnaryOperator d : new DoubleUnaryOperator[] {WdDualEnvelopeTest::smooth, WdDualEnvelopeTest::kinked}) {
            for (int depth : new int[] {3, 4, 6}) {
                // one envelope across the betas, as along a path: samples are shared
                WdDualEnvelope<Double> env = envelope(d, 0.0);
                for (double beta : new double[] {1e-3, 0.05, 0.3, 1.0, 2.5, 10.0}) {
                    double exact = bruteForce(d, beta, depth);
                    WdDualEnvelope.Bound<Double> b = env.bound(beta, depth, 1e-12);
                    String where = "L=" + depth + " beta=" + beta;
                    assertTrue(b.value() <= exact + 1e-12, where + ": bound " + b.value() + " above " + exact);
                    // the grid overestimates the minimum by at most its resolution
                    assertEquals(exact, b.value(), 1e-7, where);
                    assertTrue(b.upper() >= b.value(), where);
                }
            }
        }
    }

    @Test
    void looseSamplesGiveALooserButStillValidBound() {
        for (double beta : new double[] {0.05, 0.3, 1.0}) {
            double exact = bruteForce(WdDualEnvelopeTest::smooth, beta, 4);
            WdDualEnvelope.Bound<Double> b = envelope(WdDualEnvelopeTest::smooth, 1e-3).bound(beta, 4, 1e-9);
            assertTrue(b.value() <= exact - 1e-3 + 1e-12, "beta " + beta + ": " + b.value() + " vs " + exact);
            assertTrue(b.value() >= exact - 1.01e-3, "beta " + beta + ": " + b.value() + " vs " + exact);
        }
    }

    @Test
    void pastTheZeroPointTheBoundIsHalfTheTargetsWithoutASample() {
        int[] calls = new int[1];
        WdDualEnvelope<Double> env = new WdDualEnvelope<>(HALF, FLOOR, GAMMA_MAX, (gamma, nearest) -> {
            calls[0]++;
            return new WdDualEnvelope.Sample<>(gamma, smooth(gamma), smooth(gamma), gamma, 0, true);
        });
        // (L−2)/2 β^{L/(L−2)} γ_max^{−2/(L−2)} ≥ ½‖Y‖² at L = 3: β³/(2·9) ≥ 5 for β ≥ 4.49
        WdDualEnvelope.Bound<Double> b = env.bound(4.5, 3, 1e-12);
        assertEquals(HALF, b.value(), 0.0);
        assertEquals(0, calls[0]);
    }
}

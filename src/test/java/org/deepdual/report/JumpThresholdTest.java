package org.deepdual.report;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** s*(L, β), m*(L, β) and their inverse against the test values of docs/theory.md §1. */
class JumpThresholdTest {
    @Test
    void goldenValuesOfMathSection1() {
        assertRel(1.189207115, JumpThreshold.sStar(3, 0.5), 1e-9, "s*(3, 0.5)");
        assertRel(0.5946035575, JumpThreshold.mStar(3, 0.5), 1e-9, "m*(3, 0.5)");
        assertRel(1.5, JumpThreshold.sStar(4, 0.5), 1e-12, "s*(4, 0.5)");
        assertRel(1.0, JumpThreshold.mStar(4, 0.5), 1e-12, "m*(4, 0.5)");
        assertRel(1.7178916688, JumpThreshold.sStar(5, 0.5), 1e-9, "s*(5, 0.5)");
        assertRel(1.2884187516, JumpThreshold.mStar(5, 0.5), 1e-9, "m*(5, 0.5)");
        assertEquals(0.7, JumpThreshold.sStar(2, 0.7), 0.0, "L = 2: soft threshold at β");
    }

    @Test
    void atTheThresholdTheTwoCandidatesOfProxPowTie() {
        // ½(m−s)² + (Lβ/2) m^{2/L} at m = m* equals ½s² (the value at m = 0) exactly when s = s*
        for (int depth = 3; depth <= 7; depth++) {
            for (double beta : new double[] {0.05, 0.5, 3.0}) {
                double s = JumpThreshold.sStar(depth, beta);
                double m = JumpThreshold.mStar(depth, beta);
                double atM = 0.5 * (m - s) * (m - s) + depth * beta / 2 * Math.pow(m, 2.0 / depth);
                assertRel(0.5 * s * s, atM, 1e-12, "tie at L=" + depth + ", β=" + beta);
            }
        }
    }

    @Test
    void criticalBetaInvertsTheThreshold() {
        for (int depth = 2; depth <= 6; depth++) {
            for (double a : new double[] {0.3, 1.0, 4.2}) {
                for (double c : new double[] {1.0, 2.5}) {
                    double beta = JumpThreshold.criticalBeta(depth, a, c);
                    assertRel(a, JumpThreshold.sStar(depth, beta * Math.pow(c, -2.0 / depth)), 1e-12,
                            "s* at the critical β, L=" + depth + ", a=" + a + ", c=" + c);
                    double[] one = {a};
                    assertEquals(1, JumpThreshold.activeCount(depth, beta * (1 - 1e-9), c, one));
                    assertEquals(0, JumpThreshold.activeCount(depth, beta * (1 + 1e-9), c, one));
                }
            }
        }
    }

    @Test
    void activeCountFallsLikeAStaircase() {
        double[] z = {3.0, 2.0, 1.2};
        int previous = Integer.MAX_VALUE;
        for (int i = 0; i <= 60; i++) {
            double beta = 1e-3 * Math.pow(1e4, i / 60.0);
            int n = JumpThreshold.activeCount(4, beta, 1.0, z);
            assertTrue(n <= previous, "nonincreasing in β");
            previous = n;
        }
        assertEquals(3, JumpThreshold.activeCount(4, 1e-3, 1.0, z));
        assertEquals(0, JumpThreshold.activeCount(4, 10, 1.0, z));
    }

    @Test
    void badInputNamesTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JumpThreshold.sStar(1, 0.5)).getMessage()
                .contains("depth"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JumpThreshold.sStar(3, -1)).getMessage()
                .contains("beta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JumpThreshold.criticalBeta(3, 1, 0))
                .getMessage().contains("c"));
    }
}

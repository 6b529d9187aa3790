package org.deepdual.solve.core;

import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scalar helpers against docs/theory.md §1's test values and an independent dense scan. */
class PowerProxTest {

    @Test
    void jumpThresholdsMatchMathMdSection1() {
        assertAbs(1.189207115, PowerProx.jumpThreshold(3, 0.5), 1e-9, "s*(3, 0.5)");
        assertAbs(0.5946035575, PowerProx.jumpAmplitude(3, 0.5), 1e-10, "m*(3, 0.5)");
        assertAbs(1.5, PowerProx.jumpThreshold(4, 0.5), 1e-12, "s*(4, 0.5)");
        assertAbs(1.0, PowerProx.jumpAmplitude(4, 0.5), 1e-12, "m*(4, 0.5)");
        assertAbs(1.7178916688, PowerProx.jumpThreshold(5, 0.5), 1e-10, "s*(5, 0.5)");
        assertAbs(1.2884187516, PowerProx.jumpAmplitude(5, 0.5), 1e-10, "m*(5, 0.5)");
        assertEquals(0.7, PowerProx.jumpThreshold(2, 0.7));
        assertEquals(0.0, PowerProx.jumpAmplitude(2, 0.7));
    }

    @Test
    void lowDepthsAreRidgeAndSoftThreshold() {
        assertAbs(2.0 / 1.5, PowerProx.prox(2.0, 1, 0.5), 1e-15, "ridge");
        assertAbs(1.5, PowerProx.prox(2.0, 2, 0.5), 1e-15, "soft threshold");
        assertEquals(0.0, PowerProx.prox(0.3, 2, 0.5));
        for (double s : new double[] {0, 0.2, 0.5, 0.9, 3}) {
            assertAbs(PowerProx.huber(s, 0.5), PowerProx.value(s, 2, 0.5), 1e-15, "h_pow(L=2) = huber at " + s);
        }
        assertAbs(0.5 * 0.3 * 0.3, PowerProx.huber(0.3, 0.5), 1e-15, "huber quadratic part");
        assertAbs(0.5 * 2 - 0.125, PowerProx.huber(2, 0.5), 1e-15, "huber linear part");
    }

    @Test
    void sumsOfHPowReproduceTheWhitenedReluGoldenValues() {
        double[] a = {2.0615528128, 1.1180339887};
        assertAbs(0.8638760405, PowerProx.value(a[0], 2, 0.3) + PowerProx.value(a[1], 2, 0.3), 1e-9, "L=2");
        assertAbs(1.1383212394, PowerProx.value(a[0], 3, 0.3) + PowerProx.value(a[1], 3, 0.3), 1e-9, "L=3");
        assertAbs(1.815641868, PowerProx.prox(a[0], 3, 0.3), 1e-8, "amp +");
        assertAbs(0.7940657513, PowerProx.prox(a[1], 3, 0.3), 1e-9, "amp -");
        assertAbs(1.4254597433, PowerProx.value(a[0], 4, 0.3) + PowerProx.value(a[1], 4, 0.3), 1e-9, "L=4");
        double root2 = Math.sqrt(2);
        assertAbs(1.0840802189, 3 * PowerProx.value(root2, 3, 0.2), 1e-9, "one-hot L=3 beta=0.2");
        assertAbs(1.227418327, PowerProx.prox(root2, 3, 0.2), 1e-9, "one-hot amplitude");
        assertEquals(3.0, 3 * PowerProx.value(root2, 3, 1.0), 1e-15);
    }

    @Test
    void proxIsTheGlobalMinimiserOnADenseScan() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int depth = 1 + rnd.nextInt(9);
            double beta = Math.exp(rnd.nextGaussian());
            double s = 4 * rnd.nextDouble();
            double m = PowerProx.prox(s, depth, beta);
            double best = PowerProx.objective(0, s, depth, beta);
            double argBest = 0;
            for (int k = 1; k <= 20000; k++) {
                double c = s * k / 20000.0;
                double v = PowerProx.objective(c, s, depth, beta);
                if (v < best) {
                    best = v;
                    argBest = c;
                }
            }
            double value = PowerProx.value(s, depth, beta);
            assertTrue(value <= best + 1e-14, "prox beaten by the scan at L=" + depth + " beta=" + beta + " s=" + s);
            assertTrue(value >= best - 1e-6, "value below the scan at L=" + depth);
            if (Math.abs(s - PowerProx.jumpThreshold(depth, beta)) > 1e-3) {
                assertAbs(argBest, m, 2 * s / 20000 + 1e-12, "argmin at L=" + depth + " beta=" + beta + " s=" + s);
            }
        }
    }

    @Test
    void minimiserJumpsToMStarAtTheThreshold() {
        for (int depth : new int[] {3, 4, 5, 8, 50}) {
            double beta = 0.37;
            double sStar = PowerProx.jumpThreshold(depth, beta);
            double mStar = PowerProx.jumpAmplitude(depth, beta);
            assertEquals(0.0, PowerProx.prox(sStar * (1 - 1e-9), depth, beta));
            double above = PowerProx.prox(sStar * (1 + 1e-12), depth, beta);
            assertTrue(above >= mStar * (1 - 1e-6), "amplitude " + above + " below m* " + mStar + " at L=" + depth);
            assertAbs(0.5 * sStar * sStar, PowerProx.objective(mStar, sStar, depth, beta), 1e-12 * sStar * sStar,
                    "tie at s*");
        }
    }

    @Test
    void rootsSolveTheStationarityEquation() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int depth = 3 + rnd.nextInt(10);
            double s = Math.exp(2 * rnd.nextGaussian());
            double kappa = PowerProx.maxKappa(s, depth) * Math.pow(rnd.nextDouble(), 3);
            double p = 2.0 / depth - 1;
            double large = PowerProx.largeRoot(s, kappa, depth);
            double small = PowerProx.smallRoot(s, kappa, depth);
            double mc = PowerProx.foldPoint(kappa, depth);
            assertTrue(large >= mc * (1 - 1e-12) && large <= s, "large root outside [m_c, s]");
            assertTrue(small <= mc * (1 + 1e-12) && small > 0, "small root outside (0, m_c]");
            assertRel(s, large + kappa * Math.pow(large, p), 1e-12, "large root residual");
            if (small > 1e-300) {
                assertRel(s, small + kappa * Math.pow(small, p), 1e-12, "small root residual");
            }
        }
        assertTrue(Double.isNaN(PowerProx.largeRoot(1.0, PowerProx.maxKappa(1.0, 4) * 1.01, 4)));
        double kc = PowerProx.maxKappa(2.0, 5);
        assertRel(PowerProx.largeRoot(2.0, kc, 5), PowerProx.smallRoot(2.0, kc, 5), 1e-6, "roots meet at the fold");
    }

    @Test
    void badArgumentsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerProx.prox(1, 3, -1));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerProx.prox(-2, 3, 1));
        assertTrue(e.getMessage().contains("s must") && e.getMessage().contains("-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerProx.largeRoot(1, 1, 2));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
    }

    /**
     * The roots with the fold at κ computed once for several targets (ReducedTcProblem) are bit for bit the
     * roots computed alone, on both sides of each target's κ_c and with and without a Newton start.
     */
    @Test
    void sharedFoldGivesTheSameRoots() {
        Random rnd = new Random(19);
        for (int depth : new int[] {3, 4, 5, 8, 12}) {
            for (int trial = 0; trial < 400; trial++) {
                double s = Math.exp(4 * rnd.nextGaussian());
                double kappa = PowerProx.maxKappa(s, depth) * Math.exp(0.5 * rnd.nextGaussian());
                double start = rnd.nextBoolean() ? Double.NaN : s * rnd.nextDouble();
                PowerProx.Fold fold = PowerProx.Fold.at(kappa, depth);
                double kc = rnd.nextBoolean() ? Double.NaN : PowerProx.maxKappa(s, depth);
                String at = "s = " + s + ", kappa = " + kappa + ", L = " + depth;
                assertEquals(Double.doubleToLongBits(PowerProx.largeRoot(s, kappa, depth, start)),
                        Double.doubleToLongBits(PowerProx.largeRoot(s, kappa, depth, start, fold, kc)), "large root, " + at);
                assertEquals(Double.doubleToLongBits(PowerProx.smallRoot(s, kappa, depth)),
                        Double.doubleToLongBits(PowerProx.smallRoot(s, kappa, depth, fold, kc)), "small root, " + at);
            }
        }
    }
}

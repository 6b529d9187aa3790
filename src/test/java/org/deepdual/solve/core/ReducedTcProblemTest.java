package org.deepdual.solve.core;

import org.deepdual.solve.NelderMead;
import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reduced TC problem (docs/theory.md §5) against golden values and an independent simplex search. */
class ReducedTcProblemTest {

    @Test
    void whitenedReluGoldenValue() {
        // docs/theory.md §6: X = I_4, y = (2, -1, 0.5, -0.5), TC L=3 beta=0.3 t=1 (gamma = 0.3, c = 1)
        ReducedTcProblem.Optimum o = new ReducedTcProblem(new double[] {2.0615528128, 1.1180339887}, 0.3, 3).solve();
        assertAbs(1.1359103355, o.value(), 1e-9, "value");
        // docs/theory.md prints the amplitudes to 5e-9 (its stationarity residual is 7e-9; ours is 1e-16)
        assertAbs(1.6941769354, o.amplitudes()[0], 1e-8, "amplitude of the + path");
        assertAbs(0.5982841014, o.amplitudes()[1], 1e-8, "amplitude of the - path");
        assertStationary(new double[] {2.0615528128, 1.1180339887}, 0.3, 3, o.amplitudes());
    }

    @Test
    void vectorLinearGoldenValueDropsTheSecondDirection() {
        // docs/theory.md §5: X = I_3, z = sigma(Y), TC L=3 beta=0.5 t=1
        ReducedTcProblem.Optimum o = new ReducedTcProblem(new double[] {3.1816828292, 1.3699979469}, 0.5, 3).solve();
        assertAbs(2.4042886018, o.value(), 1e-9, "value");
        assertAbs(2.6816828292, o.amplitudes()[0], 1e-9, "first amplitude");
        assertEquals(0.0, o.amplitudes()[1]);
        assertEquals(1, o.support());
    }

    @Test
    void depthTwoIsSoftThresholding() {
        double[] z = {3, 0.2, 1.1, 0.5};
        ReducedTcProblem.Optimum o = new ReducedTcProblem(z, 0.6, 2).solve();
        double expected = 0;
        for (int i = 0; i < z.length; i++) {
            assertAbs(Math.max(z[i] - 0.6, 0), o.amplitudes()[i], 1e-15, "m[" + i + "]");
            expected += PowerProx.huber(z[i], 0.6);
        }
        assertAbs(expected, o.value(), 1e-14, "value");
    }

    @Test
    void oneActiveTargetOnTheSmallRootIsFound() {
        // the optimum is (z_1 - w, 0, 0) with z_1 - w below the fold of m + kappa m^(-1/2) = z_1:
        // a search along large roots only misses it
        double[] z = {1.9815353414619676, 1.3632638863124575, 1.8982557724247473};
        double w = 1.598077879961153;
        ReducedTcProblem.Optimum o = new ReducedTcProblem(z, w, 4).solve();
        double m = z[0] - w;
        assertAbs(m, o.amplitudes()[0], 1e-14, "soft-thresholded amplitude");
        assertAbs(PowerProx.huber(z[0], w) + 0.5 * (z[1] * z[1] + z[2] * z[2]), o.value(), 1e-13, "value");
        // the two roots of m + kappa m^(2/L-1) = z meet at z(L-2)/(2(L-1)); the large root never goes below it
        double fold = z[0] * (4 - 2) / (2.0 * (4 - 1));
        assertTrue(m < fold, "amplitude " + m + " is on the small root (fold at " + fold + ")");
        double atFold = new ReducedTcProblem(z, w, 4).objective(new double[] {fold, 0, 0});
        assertTrue(atFold - o.value() > 0.01, "the closest large-root point is worse by only " + (atFold - o.value()));
    }

    @Test
    void zeroWeightAndZeroTargets() {
        ReducedTcProblem.Optimum o = new ReducedTcProblem(new double[] {2, 0, 1}, 0.0, 5).solve();
        assertEquals(0.0, o.value());
        assertEquals(2.0, o.amplitudes()[0]);
        o = new ReducedTcProblem(new double[] {0, 0}, 1.0, 5).solve();
        assertEquals(0.0, o.value());
        o = new ReducedTcProblem(new double[] {0.5, 0.4}, 10.0, 3).solve();
        assertEquals(0, o.support());
        assertAbs(0.5 * (0.25 + 0.16), o.value(), 1e-15, "all off");
    }

    @Test
    void simplexSearchNeverBeatsTheSolver() {
        Random rnd = new Random(11);
        double worst = -1;
        for (int trial = 0; trial < 120; trial++) {
            int r = 1 + rnd.nextInt(4);
            int depth = 3 + rnd.nextInt(5);
            double[] z = new double[r];
            double tie = Math.exp(rnd.nextGaussian());
            for (int i = 0; i < r; i++) {
                z[i] = rnd.nextBoolean() ? tie : Math.exp(rnd.nextGaussian());
            }
            double w = Math.exp(rnd.nextGaussian() - 1);
            ReducedTcProblem problem = new ReducedTcProblem(z, w, depth);
            ReducedTcProblem.Optimum o = problem.solve();
            assertRel(o.value(), problem.objective(o.amplitudes()), 1e-14, "value of the returned amplitudes");
            double best = Double.POSITIVE_INFINITY;
            for (int s = 0; s < 12; s++) {
                double[] start = new double[r];
                for (int i = 0; i < r; i++) {
                    start[i] = rnd.nextDouble() < 0.3 ? 0 : 1.2 * z[i] * rnd.nextDouble();
                }
                best = Math.min(best, NelderMead.minimize(x -> problem.objective(abs(x)), start, 0.3, 4000));
            }
            worst = Math.max(worst, o.value() - best);
            assertTrue(o.value() <= best + 1e-12 * Math.max(1, best), "simplex search reached " + best + " below "
                    + o.value() + " for z=" + java.util.Arrays.toString(z) + " w=" + w + " L=" + depth);
        }
        assertTrue(worst > -1e-3, "the simplex search never came close to the optimum: " + worst);
    }

    @Test
    void badInputNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReducedTcProblem(new double[] {1, -2}, 1, 3));
        assertTrue(e.getMessage().contains("targets[1]") && e.getMessage().contains("-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReducedTcProblem(new double[] {1}, -1, 3));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReducedTcProblem(new double[] {1}, 1, 1));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
    }

    private static double[] abs(double[] x) {
        double[] m = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            m[i] = Math.abs(x[i]);
        }
        return m;
    }

    private static void assertStationary(double[] z, double w, int depth, double[] m) {
        double s = 0;
        for (double v : m) {
            s += v > 0 ? Math.pow(v, 2.0 / depth) : 0;
        }
        double kappa = w * Math.pow(s, depth / 2.0 - 1);
        for (int i = 0; i < z.length; i++) {
            if (m[i] > 0) {
                assertAbs(z[i], m[i] + kappa * Math.pow(m[i], 2.0 / depth - 1), 1e-13, "stationarity of m[" + i + "]");
            }
        }
    }
}

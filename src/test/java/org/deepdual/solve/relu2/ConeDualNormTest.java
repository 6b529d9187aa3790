package org.deepdual.solve.relu2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The dual constraint of one pattern block (docs/theory.md §9): {@link ConeDualNorm#direction} is the
 * projection of a onto the cone C = {u : σ_k x_kᵀu ≥ 0}, checked by Moreau's characterization
 * (u ∈ C, a − u in the polar cone, uᵀ(a − u) = 0), and its norm is the maximum of aᵀu over the unit
 * ball of C, checked by brute force in d = 2.
 */
class ConeDualNormTest {

    /** n points in d dimensions and the signs of the pattern of a random direction. */
    private record Cone(Matrix x, double[] signs, double[] generator) {
        static Cone random(int n, int d, long seed) {
            Random rnd = new Random(seed);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            Matrix xm = Matrix.ofColumnMajor(n, d, x);
            double[] g = new double[d];
            for (int j = 0; j < d; j++) {
                g[j] = rnd.nextGaussian();
            }
            double[] xg = xm.times(g);
            double[] signs = new double[n];
            for (int k = 0; k < n; k++) {
                signs[k] = xg[k] >= 0 ? 1 : -1;
            }
            return new Cone(xm, signs, g);
        }

        double worstViolation(double[] u) {
            double[] xu = x.times(u);
            double worst = 0;
            for (int k = 0; k < xu.length; k++) {
                worst = Math.min(worst, signs[k] * xu[k]);
            }
            return -worst;
        }

        /**
         * Points of C ∩ unit ball by hit-and-run from the generator: each step moves uniformly along
         * the chord of a random line through the current point (a rejection sampler would almost never
         * hit a cone of one pattern among ~n^(d−1)).
         */
        double[][] members(Random rnd, int count) {
            int d = x.cols();
            int n = x.rows();
            double[] p = generator.clone();
            double pn = Math.sqrt(dot(p, p));
            for (int j = 0; j < d; j++) {
                p[j] *= 0.5 / pn;
            }
            double[][] out = new double[count][];
            for (int i = 0; i < count; i++) {
                double[] r = new double[d];
                for (int j = 0; j < d; j++) {
                    r[j] = rnd.nextGaussian();
                }
                double[] xp = x.times(p);
                double[] xr = x.times(r);
                // the ball: |p + tr| ≤ 1
                double aa = dot(r, r);
                double bb = dot(p, r);
                double cc = dot(p, p) - 1;
                double disc = Math.sqrt(bb * bb - aa * cc);
                double lo = (-bb - disc) / aa;
                double hi = (-bb + disc) / aa;
                for (int k = 0; k < n; k++) {
                    double c0 = signs[k] * xp[k];
                    double c1 = signs[k] * xr[k];
                    if (c1 > 0) {
                        lo = Math.max(lo, -c0 / c1);
                    } else if (c1 < 0) {
                        hi = Math.min(hi, -c0 / c1);
                    }
                }
                double t = lo + rnd.nextDouble() * (hi - lo);
                for (int j = 0; j < d; j++) {
                    p[j] += t * r[j];
                }
                out[i] = p.clone();
            }
            return out;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void theDirectionIsTheProjectionOntoTheCone() {
        for (long seed = 1; seed <= 20; seed++) {
            int d = 2 + (int) (seed % 5);
            Cone cone = Cone.random(200, d, seed);
            Random rnd = new Random(seed + 100);
            double[] a = new double[d];
            for (int j = 0; j < d; j++) {
                a[j] = 3 * rnd.nextGaussian();
            }
            double[] u = ConeDualNorm.direction(cone.x(), cone.signs(), a, 4 * d + 10);
            double an = norm(a);
            assertTrue(cone.worstViolation(u) <= 1e-10 * an, "u in C, seed " + seed);
            double[] rest = new double[d];
            double cross = 0;
            for (int j = 0; j < d; j++) {
                rest[j] = a[j] - u[j];
                cross += u[j] * rest[j];
            }
            assertEquals(0.0, cross, 1e-10 * an * an, "u orthogonal to a − u, seed " + seed);
            // a − u lies in the polar cone: nonpositive inner product with every member of C
            for (double[] w : cone.members(rnd, 2000)) {
                assertTrue(cone.worstViolation(w) <= 1e-12, "hit-and-run stays in C");
                assertTrue(dot(rest, w) <= 1e-10 * an, "a − u polar to C, seed " + seed + ": " + dot(rest, w));
            }
        }
    }

    @Test
    void itsNormIsTheLargestCorrelationOverTheConesUnitBall() {
        for (long seed = 1; seed <= 10; seed++) {
            Cone cone = Cone.random(50, 2, seed);
            Random rnd = new Random(seed);
            double[] a = {rnd.nextGaussian(), rnd.nextGaussian()};
            double best = 0;
            int steps = 200_000;
            for (int i = 0; i < steps; i++) {
                double angle = 2 * Math.PI * i / steps;
                double[] u = {Math.cos(angle), Math.sin(angle)};
                if (cone.worstViolation(u) <= 0) {
                    best = Math.max(best, a[0] * u[0] + a[1] * u[1]);
                }
            }
            double value = ConeDualNorm.of(cone.x(), cone.signs(), a, 18);
            // the grid misses the maximum by at most ‖a‖(1 − cos(π/steps)) plus the boundary step
            assertEquals(best, value, 1e-4 * norm(a), "seed " + seed);
            assertTrue(value >= best - 1e-12, "a truncated search can only overestimate, seed " + seed);
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

package org.deepdual.solve.spline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The double-double arithmetic of RampLasso's residual, checked against exact BigDecimal arithmetic. */
class DoubleDoubleTest {
    private static final double U = 0x1p-53;

    private static BigDecimal exact(DoubleDouble v) {
        return new BigDecimal(v.hi()).add(new BigDecimal(v.lo()));
    }

    private static double relativeError(DoubleDouble v, BigDecimal reference) {
        return exact(v).subtract(reference).abs().doubleValue() / reference.abs().doubleValue();
    }

    @Test
    void twoSumIsExact() {
        Random r = new Random(1);
        for (int t = 0; t < 10_000; t++) {
            double a = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            double b = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            DoubleDouble s = DoubleDouble.sum(a, b);
            assertEquals(0, new BigDecimal(a).add(new BigDecimal(b)).compareTo(exact(s)), a + " + " + b);
            assertEquals(a + b, s.hi(), 0.0, "hi is the rounded sum");
        }
    }

    /** Sums whose terms cancel to far below their rounding: plain double keeps nothing of them. */
    @Test
    void cancellingSumsKeepWhatPlainDoubleLoses() {
        assertEquals(2.0, DoubleDouble.ZERO.add(1e16).add(1.0).add(1.0).add(-1e16).value(), 0.0);
        assertEquals(0.0, 1e16 + 1.0 + 1.0 - 1e16, 0.0, "plain double loses both ones");
        Random r = new Random(2);
        for (int t = 0; t < 200; t++) {
            int n = 100;
            double[] terms = new double[2 * n + 1];
            for (int i = 0; i < n; i++) {
                terms[2 * i] = r.nextGaussian() * 1e12;
                terms[2 * i + 1] = -terms[2 * i] * (1 + 1e-15 * r.nextGaussian());
            }
            terms[2 * n] = 1e-3 * r.nextGaussian();
            BigDecimal reference = BigDecimal.ZERO;
            double absSum = 0;
            double plain = 0;
            DoubleDouble sum = DoubleDouble.ZERO;
            for (double v : terms) {
                reference = reference.add(new BigDecimal(v));
                absSum += Math.abs(v);
                plain += v;
                sum = t % 2 == 0 ? sum.add(v) : sum.add(new DoubleDouble(v, 0.0));
            }
            double bound = 2 * Math.pow(terms.length * U, 2) * absSum;
            assertTrue(exact(sum).subtract(reference).abs().doubleValue() <= bound, "trial " + t);
            assertTrue(Math.abs(plain - reference.doubleValue()) > bound, "the plain sum is not already exact");
        }
    }

    /** The residual's dot product Σ (a_hi + a_lo)·(x − κ), large coefficients, a small result. */
    @Test
    void compensatedDotProductMatchesTheExactOne() {
        Random r = new Random(3);
        for (int t = 0; t < 200; t++) {
            int n = 150;
            DoubleDouble dot = DoubleDouble.ZERO;
            DoubleDouble unfused = DoubleDouble.ZERO;
            BigDecimal reference = BigDecimal.ZERO;
            double absSum = 0;
            for (int i = 0; i < n; i++) {
                double hi = 1e4 * r.nextGaussian();
                DoubleDouble a = new DoubleDouble(hi, Math.ulp(hi) * (r.nextDouble() - 0.5));
                DoubleDouble ramp = DoubleDouble.sum(r.nextDouble(), -r.nextDouble());
                dot = dot.addProduct(a, ramp);
                unfused = unfused.add(a.mul(ramp));
                BigDecimal term = exact(a).multiply(exact(ramp));
                reference = reference.add(term);
                absSum += Math.abs(term.doubleValue());
            }
            assertEquals(unfused, dot, "addProduct is add(mul)");
            double bound = 4 * Math.pow(2 * n * U, 2) * absSum;
            assertTrue(exact(dot).subtract(reference).abs().doubleValue() <= bound, "trial " + t);
        }
    }

    @Test
    void productQuotientAndNormalizationAreAccurateToTwiceDoublePrecision() {
        Random r = new Random(4);
        for (int t = 0; t < 10_000; t++) {
            double h1 = r.nextGaussian() * Math.pow(10, r.nextInt(10) - 5);
            double h2 = r.nextGaussian() * Math.pow(10, r.nextInt(10) - 5);
            DoubleDouble a = new DoubleDouble(h1, Math.ulp(h1) * (r.nextDouble() - 0.5));
            DoubleDouble b = new DoubleDouble(h2, Math.ulp(h2) * (r.nextDouble() - 0.5));
            assertTrue(relativeError(a.mul(b), exact(a).multiply(exact(b))) <= 8 * U * U, "product " + t);
            int n = 1 + r.nextInt(1000);
            BigDecimal quotient = exact(a).divide(new BigDecimal(n), new MathContext(60));
            assertTrue(relativeError(a.divide(n), quotient) <= 8 * U * U, "quotient " + t);
            DoubleDouble loose = new DoubleDouble(h1, h1 * 1e-10 * r.nextGaussian());
            DoubleDouble tight = loose.normalized();
            assertEquals(0, exact(loose).compareTo(exact(tight)), "normalizing keeps the number");
            assertEquals(tight.hi(), tight.value(), 0.0, "hi is the nearest double");
            assertTrue(Math.abs(tight.lo()) <= Math.ulp(tight.hi()) / 2);
        }
    }
}

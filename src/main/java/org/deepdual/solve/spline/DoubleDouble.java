package org.deepdual.solve.spline;

/**
 * A double-double number: the unevaluated sum {@code hi + lo} of two doubles, for sums and products
 * whose terms cancel far below double precision. {@link RampLasso} needs it near interpolation, where
 * ‖a‖₁ is 10⁴ and the residual λ = ỹ − Φ̃a is 10⁻⁵ (docs/theory.md §7.2): in plain double the
 * cancellation leaves errors of 10⁻¹² in λ, which the certificate cannot tolerate.
 *
 * <p>The arithmetic is compensated (Ogita, Rump and Oishi, "Accurate sum and dot product", SIAM J.
 * Sci. Comput. 2005): {@link #add(DoubleDouble)}, {@link #mul} and {@link #addProduct} keep in
 * {@code hi} the rounded result of the high parts and gather in {@code lo} their rounding errors,
 * which TwoSum and the FMA product give exactly, plus the low parts. The result is as accurate as
 * if computed in twice the working precision and then rounded, without renormalising after every
 * step; {@link #normalized} renormalises (|lo| ≤ ulp(hi)/2) where {@code hi} itself must be the
 * nearest double.
 */
record DoubleDouble(double hi, double lo) {
    static final DoubleDouble ZERO = new DoubleDouble(0.0, 0.0);

    /** a + b exactly (TwoSum: no condition on the magnitudes). */
    static DoubleDouble sum(double a, double b) {
        double s = a + b;
        double z = s - a;
        return new DoubleDouble(s, (a - (s - z)) + (b - z));
    }

    /** this + v: the high parts by TwoSum, its error added to lo. */
    DoubleDouble add(double v) {
        DoubleDouble s = sum(hi, v);
        return new DoubleDouble(s.hi, s.lo + lo);
    }

    /** this + o: the high parts by TwoSum, its error and o's low part added to lo. */
    DoubleDouble add(DoubleDouble o) {
        DoubleDouble s = sum(hi, o.hi);
        return new DoubleDouble(s.hi, lo + (s.lo + o.lo));
    }

    /**
     * this + a·b, the step of a compensated dot product: the same number as {@code add(a.mul(b))},
     * without the intermediate product, since the loop it serves runs n·|support| times per step of
     * {@link RampLasso} and the tests' JVM (C1) does not remove short-lived objects.
     */
    DoubleDouble addProduct(DoubleDouble a, DoubleDouble b) {
        double p = a.hi * b.hi;
        double pe = (Math.fma(a.hi, b.hi, -p) + a.hi * b.lo) + a.lo * b.hi;
        // TwoSum(hi, p) written out, not through sum(): no object per term
        double s = hi + p;
        double z = s - hi;
        return new DoubleDouble(s, lo + (((hi - (s - z)) + (p - z)) + pe));
    }

    DoubleDouble negate() {
        return new DoubleDouble(-hi, -lo);
    }

    /** this · o: the product of the high parts with its exact error (FMA), plus the cross terms. */
    DoubleDouble mul(DoubleDouble o) {
        double p = hi * o.hi;
        return new DoubleDouble(p, (Math.fma(hi, o.hi, -p) + hi * o.lo) + lo * o.hi);
    }

    /** this / v: the quotient of the high part, with its remainder hi − q·v (exact by FMA) and lo in lo. */
    DoubleDouble divide(double v) {
        double q = hi / v;
        return new DoubleDouble(q, (Math.fma(-q, v, hi) + lo) / v);
    }

    /** The same number with hi the double nearest to it and |lo| ≤ ulp(hi)/2 (Fast2Sum). */
    DoubleDouble normalized() {
        double s = hi + lo;
        return new DoubleDouble(s, lo - (s - hi));
    }

    /** hi + lo rounded to a double. */
    double value() {
        return hi + lo;
    }
}

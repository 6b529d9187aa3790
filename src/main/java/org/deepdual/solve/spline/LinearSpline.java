package org.deepdual.solve.spline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A continuous piecewise-linear function of one variable (docs/theory.md §7.2): its values at the
 * sorted distinct knots, linear between consecutive knots and extended linearly beyond the first and
 * last knot with the slopes of the end segments (ramps (x − τ)₊ and (τ − x)₊ are linear there).
 * With one knot the function is constant.
 *
 * @param knots strictly increasing abscissae (the distinct data points)
 * @param values the function's value at each knot
 */
public record LinearSpline(double[] knots, double[] values) {

    public LinearSpline {
        if (knots.length == 0 || knots.length != values.length) {
            throw new IllegalArgumentException("a spline needs as many values as knots (at least one), got "
                    + knots.length + " knots and " + values.length + " values");
        }
        for (int i = 1; i < knots.length; i++) {
            if (!(knots[i] > knots[i - 1])) {
                throw new IllegalArgumentException("knots must be strictly increasing, knot " + i + " is " + knots[i]
                        + " after " + knots[i - 1]);
            }
        }
        knots = knots.clone();
        values = values.clone();
    }

    @Override
    public double[] knots() {
        return knots.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The slope of each of the knots.length − 1 segments. */
    public double[] slopes() {
        double[] s = new double[Math.max(0, knots.length - 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (values[i + 1] - values[i]) / (knots[i + 1] - knots[i]);
        }
        return s;
    }

    /**
     * The interior knots where the slope changes by more than {@code tol} times the largest
     * absolute slope (or than {@code tol} when all slopes are below 1): the kinks of the fit.
     */
    public double[] kinks(double tol) {
        double[] s = slopes();
        double scale = 1.0;
        for (double v : s) {
            scale = Math.max(scale, Math.abs(v));
        }
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < s.length; i++) {
            if (Math.abs(s[i] - s[i - 1]) > tol * scale) {
                out.add(knots[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The function's value at t. */
    public double valueAt(double t) {
        int m = knots.length;
        if (m == 1) {
            return values[0];
        }
        int seg;
        if (t <= knots[0]) {
            seg = 0;
        } else if (t >= knots[m - 1]) {
            seg = m - 2;
        } else {
            int pos = Arrays.binarySearch(knots, t);
            if (pos >= 0) {
                return values[pos];
            }
            seg = -pos - 2;
        }
        double slope = (values[seg + 1] - values[seg]) / (knots[seg + 1] - knots[seg]);
        return values[seg] + slope * (t - knots[seg]);
    }
}

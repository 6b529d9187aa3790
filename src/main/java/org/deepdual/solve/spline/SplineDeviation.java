package org.deepdual.solve.spline;

import java.util.Arrays;
import java.util.TreeSet;
import org.deepdual.model.Network;

/**
 * How far the function of a 1-D ReLU network is from a linear spline with knots at the data points
 * (docs/theory.md §7.3), on the data range [x_1, x_n], computed exactly from its {@link NetworkPieces}:
 *
 * <ul>
 * <li>{@code sup} and {@code rms}: the largest and the root-mean-square (over the range, uniform
 * weight) distance between f and its own piecewise-linear interpolant s through (x_k, f(x_k)). f − s
 * is piecewise linear with breakpoints among f's piece boundaries and the data points, so its
 * maximum is attained at one of them and ∫(f − s)² is a sum of exact segment integrals — no grid.
 * <li>{@code kinksOffData}: breakpoints of f inside the range farther than {@value #POSITION_TOL}·(x_n − x_1)
 * from every data point whose slope change exceeds {@value #SLOPE_TOL} times f's largest absolute
 * slope on the range. The tolerances are far above round-off (a breakpoint is a ratio of two
 * accumulated sums, exact to ~1e-15 relative) and far below anything visible; a network that is a spline
 * with knots at data points has none, and one extra ramp with a slope change of 1 % of the largest
 * slope is counted. {@code materialKinksOffData} counts only slope changes above
 * {@value #MATERIAL_SLOPE_TOL} of the largest slope: the kinks one can see in a plot.
 * </ul>
 *
 * @param sup max over [x_1, x_n] of |f − s|
 * @param rms sqrt(∫(f − s)² / (x_n − x_1)) over [x_1, x_n]
 * @param kinksOffData kinks away from the data points (tolerances above)
 * @param materialKinksOffData those of them whose slope change exceeds {@value #MATERIAL_SLOPE_TOL} of the largest slope
 * @param kinksAtData kinks at data points (within the position tolerance)
 * @param offDataLocations where the kinks away from data points are
 */
public record SplineDeviation(double sup, double rms, int kinksOffData, int materialKinksOffData, int kinksAtData,
        double[] offDataLocations) {
    /** Relative slope change below which a breakpoint is not a kink. */
    public static final double SLOPE_TOL = 1e-6;
    /** Relative slope change of a kink one can see in a plot. */
    public static final double MATERIAL_SLOPE_TOL = 1e-2;
    /** Relative distance (to the data range) within which a kink is at a data point. */
    public static final double POSITION_TOL = 1e-6;

    public SplineDeviation {
        offDataLocations = offDataLocations.clone();
    }

    @Override
    public double[] offDataLocations() {
        return offDataLocations.clone();
    }

    /**
     * The deviation of {@code net} (scalar-output ReLU chain) on the data {@code x} (any order, repeats
     * allowed; at least two distinct values), input column {@code inputColumn}.
     */
    public static SplineDeviation of(Network net, int inputColumn, double[] x) {
        double[] knots = Arrays.stream(x).map(v -> v + 0.0).distinct().sorted().toArray();
        if (knots.length < 2) {
            throw new IllegalArgumentException("the spline distance needs at least two distinct inputs, got "
                    + knots.length);
        }
        double lo = knots[0];
        double hi = knots[knots.length - 1];
        double span = hi - lo;
        NetworkPieces pieces = NetworkPieces.of(net, inputColumn, lo, hi);
        double[] values = Arrays.stream(knots).map(pieces::valueAt).toArray();
        LinearSpline interpolant = new LinearSpline(knots, values);
        TreeSet<Double> points = new TreeSet<>();
        for (double b : pieces.breaks()) {
            points.add(b);
        }
        for (double k : knots) {
            points.add(k);
        }
        double sup = 0;
        double integral = 0;
        Double prevT = null;
        double prevG = 0;
        for (double t : points) {
            double g = pieces.valueAt(t) - interpolant.valueAt(t);
            sup = Math.max(sup, Math.abs(g));
            if (prevT != null) {
                integral += (t - prevT) * (prevG * prevG + prevG * g + g * g) / 3.0;
            }
            prevT = t;
            prevG = g;
        }
        double[] slopes = pieces.slopes();
        double scale = 0;
        for (double s : slopes) {
            scale = Math.max(scale, Math.abs(s));
        }
        double[] kinks = pieces.kinks(SLOPE_TOL * scale);
        double[] breaks = pieces.breaks();
        int off = 0;
        int material = 0;
        int atData = 0;
        double[] where = new double[kinks.length];
        for (int p = 1; p < slopes.length; p++) {
            double jump = Math.abs(slopes[p] - slopes[p - 1]);
            if (!(jump > SLOPE_TOL * scale)) {
                continue;
            }
            double t = breaks[p];
            if (nearestDistance(knots, t) <= POSITION_TOL * span) {
                atData++;
            } else {
                where[off++] = t;
                if (jump > MATERIAL_SLOPE_TOL * scale) {
                    material++;
                }
            }
        }
        return new SplineDeviation(sup, Math.sqrt(Math.max(0.0, integral) / span), off, material, atData,
                Arrays.copyOf(where, off));
    }

    private static double nearestDistance(double[] sorted, double t) {
        int p = Arrays.binarySearch(sorted, t);
        if (p >= 0) {
            return 0.0;
        }
        int ins = -p - 1;
        double best = Double.POSITIVE_INFINITY;
        if (ins < sorted.length) {
            best = sorted[ins] - t;
        }
        if (ins > 0) {
            best = Math.min(best, t - sorted[ins - 1]);
        }
        return best;
    }
}

package org.deepdual.report;

import java.util.Arrays;
import org.deepdual.data.Dataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The parts every 1-D fit figure shares: the data points, their linear interpolant, the plotted x range. */
final class OneDimensionalData {
    private OneDimensionalData() {
    }

    /** Adds the data as points and, as a second series, the piecewise linear interpolant through them. */
    static void addPointsAndInterpolant(XYSeriesCollection ds, Dataset data) {
        double[] x = data.x().column(0);
        double[] y = data.y().column(0);
        XYSeries points = new XYSeries("data (x_i, y_i)");
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
            points.add(x[i], y[i]);
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        XYSeries interp = new XYSeries("linear interpolant of the data", false, true);
        for (Integer i : order) {
            interp.add(x[i], y[i]);
        }
        ds.addSeries(points);
        ds.addSeries(interp);
    }

    /** The data's x range padded by 10 % on each side, so that the fit's behaviour beyond the data shows. */
    static double[] paddedRange(double[] x) {
        double lo = Arrays.stream(x).min().orElse(0);
        double hi = Arrays.stream(x).max().orElse(1);
        double pad = 0.1 * Math.max(hi - lo, 1e-12);
        return new double[] {lo - pad, hi + pad};
    }
}

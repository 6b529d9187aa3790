package org.deepdual.report;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import org.deepdual.data.Dataset;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
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

    /**
     * The chart of a 1-D fit figure: the data (series 0) as black dots, the interpolant (series 1) dashed
     * grey, on axes that need not include zero; the fits' own series keep the styles already set in {@code r}.
     */
    static JFreeChart chart(String title, XYSeriesCollection ds, XYLineAndShapeRenderer r) {
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesPaint(0, Color.BLACK);
        r.setSeriesPaint(1, Color.GRAY);
        r.setSeriesStroke(1, ChartFiles.dashed());
        NumberAxis x = new NumberAxis("input x (data units)");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("output f(x) (target units)");
        y.setAutoRangeIncludesZero(false);
        return new JFreeChart(title, ChartFiles.TITLE, new XYPlot(ds, x, y, r), true);
    }
}

package org.deepdual.report;

import java.nio.file.Path;
import java.util.List;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * 1-D regression (docs/theory.md §7.2 and §13, experiment 4): the data points, their piecewise
 * linear interpolant and the function computed by the optimal two-layer ReLU network with free
 * biases at several β (recomputed from the data set).
 */
final class SplineFitChart {
    private SplineFitChart() {
    }

    static FigureOutcome draw(PanelKey panel, List<CellRow> cells, CellNetworks networks, Path dir) {
        String title = "1-D fits against the data — " + panel.title();
        if (cells.isEmpty()) {
            return FigureOutcome.omitted(title, "no OPTIMAL cell in this panel");
        }
        XYSeriesCollection ds = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        Dataset data = null;
        String why = "";
        int series = 2;
        for (CellRow c : cells) {
            CellNetworks.Result rebuilt = networks.rebuild(c.parameters());
            if (rebuilt.network().isEmpty()) {
                why = rebuilt.why().orElse("");
                continue;
            }
            data = rebuilt.data().get();
            if (data.d() != 1) {
                return FigureOutcome.omitted(title, "data set '" + panel.data() + "' has d = " + data.d()
                        + "; the 1-D figure needs one input column");
            }
            if (ds.getSeriesCount() == 0) {
                OneDimensionalData.addPointsAndInterpolant(ds, data);
            }
            double[] range = OneDimensionalData.paddedRange(data.x().column(0));
            int grid = 400;
            double[] xs = new double[grid + 1];
            for (int i = 0; i <= grid; i++) {
                xs[i] = range[0] + (range[1] - range[0]) * i / grid;
            }
            Matrix f = rebuilt.network().get().forward(Matrix.column(xs));
            XYSeries s = new XYSeries("optimal network f(x), β = " + Format.number(c.parameters().beta()));
            for (int i = 0; i <= grid; i++) {
                s.add(xs[i], f.get(i, 0));
            }
            ds.addSeries(s);
            r.setSeriesPaint(series, ChartFiles.colour(series - 1));
            r.setSeriesStroke(series++, ChartFiles.solid());
        }
        if (data == null) {
            return FigureOutcome.omitted(title, why);
        }
        JFreeChart chart = OneDimensionalData.chart(title, ds, r);
        String caption = "Data (dots), their piecewise linear interpolant (dashed) and the function of the optimal "
                + "two-layer ReLU network with free biases (solid), recomputed from the data set. Theory (docs/theory.md §7.2): "
                + "the problem is a Lasso over ramps with knots at the data points, so an optimal network is a linear "
                + "spline with kinks only at data points, tending to the interpolant as β → 0 (on [x_1, x_n]). The "
                + "optimal function need not be unique between data points; deep (L ≥ 3) spline claims were not "
                + "confirmed (docs/theory.md §7.2 caveat).";
        String file = "fit1d_" + panel.slug() + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, ChartFiles.HEIGHT, caption));
    }
}

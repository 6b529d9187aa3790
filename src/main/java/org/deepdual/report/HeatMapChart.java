package org.deepdual.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A heat map of one {@link HeatMetric} over the (log₁₀ β, L) grid of a panel, averaged over seeds,
 * with FAILED cells marked by a black cross.
 */
final class HeatMapChart {
    private HeatMapChart() {
    }

    static FigureOutcome draw(PanelGrid grid, HeatMetric metric, Path dir) {
        String title = metric.title() + " over (β, L) — " + grid.key().title();
        List<GridPoint> points = grid.all().stream().filter(p -> p.beta() > 0).toList();
        long defined = points.stream().filter(p -> !Double.isNaN(metric.colourValue(p))).count();
        if (defined == 0) {
            return FigureOutcome.omitted(title, "no cell of this panel reports " + metric.title()
                    + (points.isEmpty() ? " (no cell with β > 0)" : ""));
        }
        List<Double> logBetas = points.stream().map(p -> Math.log10(p.beta())).distinct().sorted().toList();
        // one block per grid β: as wide as the closest spacing of the (log) grid, 1 decade when alone
        double blockWidth = logBetas.size() == 1 ? 1.0 : Double.MAX_VALUE;
        for (int i = 1; i < logBetas.size(); i++) {
            blockWidth = Math.min(blockWidth, logBetas.get(i) - logBetas.get(i - 1));
        }
        // one row per depth of the grid, in order: a depth the grid leaves out gets no (blank) row
        List<Integer> depths = grid.depths();
        java.util.Map<Integer, Integer> row = new java.util.HashMap<>();
        for (int i = 0; i < depths.size(); i++) {
            row.put(depths.get(i), i);
        }
        double[][] xyz = new double[3][points.size()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        XYSeries failed = new XYSeries("FAILED cell (×)");
        int failedCells = 0;
        for (int i = 0; i < points.size(); i++) {
            GridPoint p = points.get(i);
            xyz[0][i] = Math.log10(p.beta());
            xyz[1][i] = row.get(p.depth());
            xyz[2][i] = metric.colourValue(p);
            if (!Double.isNaN(xyz[2][i])) {
                lo = Math.min(lo, xyz[2][i]);
                hi = Math.max(hi, xyz[2][i]);
            }
            if (p.failed() > 0) {
                failed.add(xyz[0][i], row.get(p.depth()));
                failedCells += p.failed();
            }
        }
        if (metric == HeatMetric.MIN_ALIGNMENT) {
            lo = Math.min(lo, 0);
            hi = 1;
        }
        if (metric.logScale()) {
            // round-off (1e−16 … 1e−13) must look like zero, not like structure: the scale starts at the
            // floor and spans at least up to 1e−6
            lo = Math.log10(HeatMetric.LOG_FLOOR);
            hi = Math.max(hi, -6);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(metric.title(), xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(blockWidth);
        blocks.setBlockHeight(1.0);
        ColourScale scale = new ColourScale(lo, hi);
        blocks.setPaintScale(scale);
        blocks.setDefaultSeriesVisibleInLegend(false);

        NumberAxis x = new NumberAxis("log₁₀ β  (β: weight-decay strength, loss units)");
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        x.setRange(logBetas.get(0) - blockWidth / 2, logBetas.get(logBetas.size() - 1) + blockWidth / 2);
        SymbolAxis y = new SymbolAxis("depth L (layers; only depths in the grid)",
                depths.stream().map(d -> "L = " + d).toArray(String[]::new));
        y.setGridBandsVisible(false);
        y.setRange(-0.5, depths.size() - 0.5);
        XYPlot plot = new XYPlot(data, x, y, blocks);
        XYLineAndShapeRenderer marks = new XYLineAndShapeRenderer(false, true);
        marks.setSeriesShape(0, ShapeUtils.createDiagonalCross(5f, 1.2f));
        marks.setSeriesPaint(0, Color.BLACK);
        failed.setKey("FAILED cell (×): " + failedCells);
        // a (β, L) of the grid without any cell is marked, so the white background is never read as a value
        XYSeries missing = new XYSeries("missing grid point (□)");
        java.util.Set<String> present = new java.util.HashSet<>();
        points.forEach(p -> present.add(p.depth() + "|" + Math.log10(p.beta())));
        for (int d : depths) {
            for (double lb : logBetas) {
                if (!present.contains(d + "|" + lb)) {
                    missing.add(lb, row.get(d));
                }
            }
        }
        XYSeriesCollection markSeries = new XYSeriesCollection(failed);
        if (missing.getItemCount() > 0) {
            markSeries.addSeries(missing);
            marks.setSeriesShape(1, new java.awt.geom.Rectangle2D.Double(-4, -4, 8, 8));
            marks.setSeriesPaint(1, Color.GRAY);
            marks.setSeriesShapesFilled(1, false);
        }
        plot.setDataset(1, markSeries);
        plot.setRenderer(1, marks);

        JFreeChart chart = new JFreeChart(title, ChartFiles.TITLE, plot, true);
        NumberAxis scaleAxis = new NumberAxis(metric.scaleLabel());
        scaleAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        ChartFiles.style(scaleAxis);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        legend.setStripWidth(14);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        long zeroBeta = grid.all().stream().filter(p -> p.beta() <= 0).count();
        String caption = metric.scaleLabel() + ", mean over seeds; grey: undefined (no cell, or a cell that does not define it). " + metric.prediction(grid.key())
                + (metric == HeatMetric.GAP ? " " + grid.gapStatusSentence() : "")
                + (failedCells > 0 ? " " + failedCells + " FAILED cell(s) are marked ×." : " No cell FAILED.")
                + (missing.getItemCount() > 0 ? " " + missing.getItemCount() + " grid point(s) without any cell are "
                        + "marked □ (missing, not a value)." : "")
                + (zeroBeta > 0 ? " (" + zeroBeta + " grid point(s) with β = 0 are not on the log axis.)" : "");
        String file = "heat_" + grid.key().slug() + "_" + metric.slug() + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, ChartFiles.HEIGHT, caption));
    }

    static List<FigureOutcome> drawAll(PanelGrid grid, Path dir) {
        List<FigureOutcome> out = new ArrayList<>();
        for (HeatMetric m : HeatMetric.values()) {
            if (m.collapseOnly() && !grid.hasCollapse()) {
                continue;
            }
            out.add(draw(grid, m, dir));
        }
        return out;
    }
}

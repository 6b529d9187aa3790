package org.deepdual.report;

import java.nio.file.Path;
import java.util.List;
import org.deepdual.model.GapTolerance;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The relative gap (P − D)/max(1, |P|) against β, one line per depth L (docs/theory.md §13,
 * experiment 6), drawn for panels where some cell has a gap above the closed-form tolerance; a duality gap
 * only where the cells are OPTIMAL, which the caption counts ({@link GapStatus}).
 * Gaps at or below 1e−16 are drawn at 1e−16.
 */
final class GapChart {
    static final double FLOOR = 1e-16;

    private GapChart() {
    }

    static boolean worthDrawing(PanelGrid grid) {
        return grid.all().stream().anyMatch(p -> p.relativeGap() > GapTolerance.CLOSED_FORM);
    }

    static FigureOutcome draw(PanelGrid grid, Path dir) {
        String title = "duality gap against β for each L — " + grid.key().title();
        List<Double> betas = grid.betas().stream().filter(b -> b > 0).toList();
        if (betas.isEmpty()) {
            return FigureOutcome.omitted(title, "no cell with β > 0");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (int depth : grid.depths()) {
            XYSeries s = new XYSeries("L = " + depth);
            for (GridPoint p : grid.path(depth)) {
                if (p.beta() > 0 && !Double.isNaN(p.relativeGap())) {
                    s.add(p.beta(), Math.max(p.relativeGap(), FLOOR));
                }
            }
            data.addSeries(s);
            r.setSeriesPaint(i, ChartFiles.colour(i));
            r.setSeriesStroke(i++, ChartFiles.solid());
        }
        ValueAxis x = ChartFiles.betaAxis(betas);
        LogAxis y = new LogAxis("relative gap (P − D)/max(1, |P|), log scale (floor 1e−16)");
        y.setSmallestValue(FLOOR / 10);
        y.setRange(FLOOR / 3, 10);
        ChartFiles.decades(y, 1e17);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(title, ChartFiles.TITLE, plot, true);
        String caption = "Relative gap (P − D)/max(1, |P|), mean over seeds, one line per depth. "
                + HeatMetric.GAP.prediction(grid.key()) + " " + grid.gapStatusSentence();
        String file = "gap_" + grid.key().slug() + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, ChartFiles.HEIGHT, caption));
    }
}

package org.deepdual.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The staircase: rank of each layer against β at one depth (mean over seeds), with the predicted
 * rank #{targets &gt; s*(L, β)} as a dashed step line and the switching points β where a target
 * meets s* as vertical lines (docs/theory.md §5, §6 and §11.7).
 */
final class StaircaseChart {
    static final int MAX_DEPTHS = 4;

    private StaircaseChart() {
    }

    /** Up to {@link #MAX_DEPTHS} depths spread over the panel's depths. */
    static List<Integer> chosenDepths(PanelGrid grid) {
        List<Integer> d = grid.depths();
        if (d.size() <= MAX_DEPTHS) {
            return d;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < MAX_DEPTHS; i++) {
            int v = d.get((int) Math.round(i * (d.size() - 1) / (double) (MAX_DEPTHS - 1)));
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    static FigureOutcome draw(PanelGrid grid, int depth, Optional<RankPrediction> prediction, Path dir) {
        String title = "rank of W_l against β, L = " + depth + " — " + grid.key().title();
        List<GridPoint> path = grid.path(depth).stream().filter(p -> !p.allFailed()).toList();
        int layers = path.stream().mapToInt(GridPoint::layers).max().orElse(0);
        if (path.isEmpty() || layers == 0) {
            return FigureOutcome.omitted(title, "no solved cell at L = " + depth + " reports layer ranks");
        }
        List<Double> betas = path.stream().map(GridPoint::beta).toList();
        ValueAxis x = ChartFiles.betaAxis(betas);
        boolean log = ChartFiles.logBeta(betas);
        XYSeriesCollection measured = new XYSeriesCollection();
        for (int l = 1; l <= layers; l++) {
            XYSeries s = new XYSeries("rank(W_" + l + ")");
            for (GridPoint p : path) {
                if (!Double.isNaN(p.rank(l)) && (!log || p.beta() > 0)) {
                    s.add(p.beta(), p.rank(l) + jitter(l, layers));
                }
            }
            measured.addSeries(s);
        }
        NumberAxis y = new NumberAxis("rank of W_l (count; layers offset by ±0.06 to stay visible)");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setAutoRangeIncludesZero(true);
        // markers only: the rank is known at the grid's β values, not between them
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int l = 0; l < layers; l++) {
            r.setSeriesPaint(l, ChartFiles.colour(l));
        }
        XYPlot plot = new XYPlot(measured, x, y, r);
        String predictionText;
        if (prediction.isPresent()) {
            RankPrediction pr = prediction.get();
            double lo = betas.stream().mapToDouble(Double::doubleValue).filter(b -> !log || b > 0).min().orElse(0);
            double hi = betas.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            XYSeries predicted = new XYSeries("predicted rank #{targets > s*(L, β)}");
            int steps = 400;
            for (int i = 0; i <= steps; i++) {
                double b = log ? lo * Math.pow(hi / lo, i / (double) steps) : lo + (hi - lo) * i / steps;
                predicted.add(b, pr.predictedRank(depth, b));
            }
            XYStepRenderer step = new XYStepRenderer();
            step.setSeriesPaint(0, Color.BLACK);
            step.setSeriesStroke(0, ChartFiles.dashed());
            step.setDefaultShapesVisible(false);
            plot.setDataset(1, new XYSeriesCollection(predicted));
            plot.setRenderer(1, step);
            double[] crit = pr.criticalBetas(depth);
            double[] targets = pr.targets();
            double lastLabelled = Double.NaN;
            for (int i = crit.length - 1; i >= 0; i--) {
                if (crit[i] >= lo && crit[i] <= hi) {
                    ValueMarker m = new ValueMarker(crit[i], Color.GRAY, ChartFiles.dotted());
                    // label a switching point only where it does not collide with the previous label
                    double position = log ? Math.log(crit[i] / lo) / Math.log(hi / lo) : (crit[i] - lo) / (hi - lo);
                    if (!(Math.abs(position - lastLabelled) < 0.07)) {
                        m.setLabel("a=" + Format.number(targets[i]));
                        lastLabelled = position;
                    }
                    m.setLabelFont(ChartFiles.TICK);
                    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                    plot.addDomainMarker(m, Layer.BACKGROUND);
                }
            }
            predictionText = " Dashed: the predicted rank, " + pr.describe() + "; dotted verticals: the β where a "
                    + "target meets s*(L, β)" + (depth >= 3 ? " — past it the surviving amplitude jumps from ≥ m* to 0"
                            : "") + ".";
        } else {
            predictionText = " No threshold prediction is drawn: " + noPredictionReason(grid.key()) + ".";
        }
        JFreeChart chart = new JFreeChart(title, ChartFiles.TITLE, plot, true);
        String caption = "Numerical rank of each layer (σ_i > rtol·σ_1), mean over seeds, against β. Theory "
                + "(docs/theory.md §11.7): for L ≥ 3 a path or singular value is on iff its target exceeds s*(L, β) = "
                + "m*(L−1)/(L−2), m* = ((L−2)β)^(L/(2(L−1))); for L = 2, s* = β. The rank is a staircase falling "
                + "with β, the same in every layer." + predictionText;
        String file = "rank_" + grid.key().slug() + "_L" + depth + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, ChartFiles.HEIGHT, caption));
    }

    static String noPredictionReason(PanelKey key) {
        if (!"wd".equals(key.objective())) {
            return "the thresholds s*(L, β) are those of the weight-decay objective; tc cells solve the reduced TC "
                    + "problem instead";
        }
        return switch (key.setting()) {
            case "linear" -> "the data set is not whitened (no common singular value c) or OUTPUT/datasets/ has no "
                    + "targets z_i for it";
            case "relu-whitened" -> "OUTPUT/datasets/ has no path targets for this data set";
            case "bn" -> "OUTPUT/datasets/ has no singular values of Y for this data set";
            default -> "the setting " + key.setting() + " has no closed-form threshold";
        };
    }

    /** Offsets the layers slightly so coinciding ranks stay visible. */
    private static double jitter(int l, int layers) {
        return layers == 1 ? 0 : 0.12 * ((l - 1) / (double) (layers - 1) - 0.5);
    }
}

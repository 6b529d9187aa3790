package org.deepdual.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The non-convex baseline of one cell against iterations (docs/theory.md §13, experiments 2 and
 * 3): its training objective with the certified optimum P and the dual bound D as horizontal
 * lines; and its per-layer norms converging to the closed-form (balanced) norms, with the top-1
 * alignment of consecutive layers below.
 */
final class TrainingChart {
    private TrainingChart() {
    }

    static FigureOutcome objective(CellRow cell, List<TrajectorySample> traj, Path dir) {
        String title = "baseline objective against iterations — " + cell.parameters().panel().title() + ", "
                + cell.parameters().shortLabel();
        List<TrajectorySample> pts = traj.stream().filter(s -> !Double.isNaN(s.objective())).toList();
        if (pts.isEmpty()) {
            return FigureOutcome.omitted(title, "the trajectory of cell " + cell.cellId() + " records no objective");
        }
        XYSeries s = new XYSeries("training objective (" + "baseline)");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (TrajectorySample t : pts) {
            s.add(t.iteration(), t.objective());
            min = Math.min(min, t.objective());
            max = Math.max(max, t.objective());
        }
        for (double v : new double[] {cell.primal(), cell.dual()}) {
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        ValueAxis y;
        if (min > 0 && max / min > 100) {
            LogAxis la = new LogAxis("objective ½‖f(X)−Y‖² + regulariser (loss units), log scale");
            la.setSmallestValue(min / 2);
            ChartFiles.decades(la, max / min);
            y = la;
        } else {
            NumberAxis na = new NumberAxis("objective ½‖f(X)−Y‖² + regulariser (loss units)");
            na.setAutoRangeIncludesZero(false);
            y = na;
        }
        NumberAxis x = new NumberAxis("iteration of the baseline optimiser");
        x.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, pts.size() <= 40);
        r.setSeriesPaint(0, ChartFiles.colour(0));
        r.setSeriesStroke(0, ChartFiles.solid());
        XYSeriesCollection data = new XYSeriesCollection(s);
        XYPlot plot = new XYPlot(data, null, y, r);
        // the horizontal lines also go in as series so that they appear in the legend
        addLevel(plot, 1, "certified optimum P = " + Format.number(cell.primal()), cell.primal(), x, pts,
                new Color(0, 158, 115), ChartFiles.solid());
        addLevel(plot, 2, "dual bound D = " + Format.number(cell.dual()), cell.dual(), x, pts, new Color(213, 94, 0),
                ChartFiles.dashed());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(10);
        combined.add(plot, 3);
        boolean excess = !Double.isNaN(cell.primal());
        if (excess) {
            combined.add(excessPlot(cell, pts), 2);
        }
        JFreeChart chart = new JFreeChart(title, ChartFiles.TITLE, combined, true);
        for (Object p : combined.getSubplots()) {
            XYPlot sp = (XYPlot) p;
            sp.setBackgroundPaint(Color.WHITE);
            sp.setRangeGridlinePaint(new Color(220, 220, 220));
            ChartFiles.style(sp.getRangeAxis());
        }
        ChartFiles.style(x);
        String caption = (excess ? "Below, on a log axis, the relative excess (objective − P)/max(1, |P|), so that an "
                + "excess of 1e−15 is as visible as one of 1e−2 (values ≤ 1e−16, round-off, are drawn at 1e−16). " : "")
                + "Training objective of the non-convex baseline (" + cell.baseline().map(b -> "final excess "
                + Format.number(b.excess()) + " relative to P").orElse("") + "). Theory: no trained network goes below "
                + "the global optimum P (docs/theory.md §11.1); D ≤ P always, and D = P where the setting has zero gap "
                + "(docs/theory.md §3). Random initialisation can stall above P at larger β·L (docs/theory.md §6, practical caveat).";
        String file = "train_objective_" + cellName(cell) + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, excess ? 640 : ChartFiles.HEIGHT,
                caption));
    }

    /** The relative excess over the certified optimum against iterations, on a log axis floored at 1e−16. */
    private static XYPlot excessPlot(CellRow cell, List<TrajectorySample> pts) {
        XYSeries s = new XYSeries("relative excess (objective − P)/max(1, |P|)");
        double scale = Math.max(1.0, Math.abs(cell.primal()));
        double max = HeatMetric.LOG_FLOOR;
        for (TrajectorySample t : pts) {
            double e = Math.max((t.objective() - cell.primal()) / scale, HeatMetric.LOG_FLOOR);
            s.add(t.iteration(), e);
            max = Math.max(max, e);
        }
        LogAxis y = new LogAxis("relative excess over P, log scale");
        y.setSmallestValue(HeatMetric.LOG_FLOOR);
        y.setRange(HeatMetric.LOG_FLOOR / 2, Math.max(max * 3, 1e-12));
        ChartFiles.decades(y, Math.max(max * 3, 1e-12) / HeatMetric.LOG_FLOOR);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, pts.size() <= 40);
        r.setSeriesPaint(0, ChartFiles.colour(4));
        r.setSeriesStroke(0, ChartFiles.solid());
        return new XYPlot(new XYSeriesCollection(s), null, y, r);
    }

    private static void addLevel(XYPlot plot, int index, String name, double level, NumberAxis x,
            List<TrajectorySample> pts, Color colour, java.awt.Stroke stroke) {
        if (Double.isNaN(level)) {
            return;
        }
        XYSeries s = new XYSeries(name);
        s.add(pts.get(0).iteration(), level);
        s.add(pts.get(pts.size() - 1).iteration(), level);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, colour);
        r.setSeriesStroke(0, stroke);
        plot.setDataset(index, new XYSeriesCollection(s));
        plot.setRenderer(index, r);
    }

    static FigureOutcome norms(CellRow cell, List<TrajectorySample> traj, Path dir) {
        String title = "baseline norms and alignment against iterations — " + cell.parameters().panel().title() + ", "
                + cell.parameters().shortLabel();
        int layers = traj.stream().mapToInt(t -> Math.max(t.fro().length, t.op().length)).max().orElse(0);
        if (layers == 0) {
            return FigureOutcome.omitted(title, "the trajectory of cell " + cell.cellId() + " records no layer norms");
        }
        XYSeriesCollection normData = new XYSeriesCollection();
        XYLineAndShapeRenderer nr = ChartFiles.layerPairs(layers);
        for (int l = 1; l <= layers; l++) {
            XYSeries fro = new XYSeries("‖W_" + l + "‖_F (trained)");
            XYSeries op = new XYSeries("‖W_" + l + "‖_2 (trained)");
            for (TrajectorySample t : traj) {
                if (l <= t.fro().length && !Double.isNaN(t.fro()[l - 1])) {
                    fro.add(t.iteration(), t.fro()[l - 1]);
                }
                if (l <= t.op().length && !Double.isNaN(t.op()[l - 1])) {
                    op.add(t.iteration(), t.op()[l - 1]);
                }
            }
            normData.addSeries(fro);
            normData.addSeries(op);
        }
        NumberAxis ny = new NumberAxis("norm of W_l (dimensionless)");
        XYPlot normPlot = new XYPlot(normData, null, ny, nr);
        double[] target = cell.layers().fro();
        for (int l = 0; l < target.length; l++) {
            if (!Double.isNaN(target[l])) {
                ValueMarker m = new ValueMarker(target[l], (Color) ChartFiles.colour(l), ChartFiles.dotted());
                m.setLabel("closed form ‖W_" + (l + 1) + "‖_F = " + Format.number(target[l]));
                m.setLabelFont(ChartFiles.TICK);
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                normPlot.addRangeMarker(m);
            }
        }
        NumberAxis x = new NumberAxis("iteration of the baseline optimiser");
        x.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(10);
        combined.add(normPlot, 3);
        int pairs = traj.stream().mapToInt(t -> Math.max(t.top1().length, t.subspace().length)).max().orElse(0);
        if (pairs > 0) {
            XYSeriesCollection al = new XYSeriesCollection();
            XYLineAndShapeRenderer ar = new XYLineAndShapeRenderer(true, false);
            for (int l = 1; l <= pairs; l++) {
                XYSeries s = new XYSeries("|v_1(W_" + l + ")·u_1(W_" + (l + 1) + ")|");
                for (TrajectorySample t : traj) {
                    double[] a = t.top1().length > 0 ? t.top1() : t.subspace();
                    if (l <= a.length && !Double.isNaN(a[l - 1])) {
                        s.add(t.iteration(), a[l - 1]);
                    }
                }
                al.addSeries(s);
                ar.setSeriesPaint(l - 1, ChartFiles.colour(l - 1));
                ar.setSeriesStroke(l - 1, ChartFiles.solid());
            }
            NumberAxis ay = new NumberAxis("alignment ∈ [0, 1]");
            ay.setRange(0, 1.05);
            combined.add(new XYPlot(al, null, ay, ar), 2);
        }
        JFreeChart chart = new JFreeChart(title, ChartFiles.TITLE, combined, true);
        for (Object p : combined.getSubplots()) {
            XYPlot sp = (XYPlot) p;
            sp.setBackgroundPaint(Color.WHITE);
            sp.setRangeGridlinePaint(new Color(220, 220, 220));
            ChartFiles.style(sp.getRangeAxis());
        }
        ChartFiles.style(x);
        String caption = "Frobenius (solid, filled markers) and spectral (dashed, hollow markers) norm of each layer of "
                + "the trained baseline (one colour and marker shape per layer, markers staggered), with the "
                + "closed-form optimum's ‖W_l‖_F as dotted levels; below, the alignment of consecutive layers. Theory "
                + "(docs/theory.md §13 experiment 2, L4): gradient training of the WD objective converges to a balanced "
                + "factorization, so the norms approach the balanced closed-form norms (‖w*‖^(1/L) for scalar "
                + "output), the stable rank ‖W_l‖_F²/‖W_l‖_2² approaches 1 and the alignment approaches 1.";
        String file = "train_norms_" + cellName(cell) + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, 640, caption));
    }

    /** The cell in a file name: its panel, depth, β and seed (unique within a sweep's report). */
    static String cellName(CellRow cell) {
        CellParameters p = cell.parameters();
        return (p.panel().slug() + "_L" + p.depth() + "_b" + Format.number(p.beta()) + "_s" + p.seed())
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

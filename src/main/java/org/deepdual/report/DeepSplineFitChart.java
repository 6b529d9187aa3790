package org.deepdual.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.spline.SplineDeviation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The deep 1-D spline study (docs/theory.md §7.3, setting relu-1d-deep): per β, one figure overlaying the
 * data, their piecewise-linear interpolant, the two-layer convex optimum at that β (relu-1d) and the
 * trained network of every depth L (re-trained from the data set exactly as the sweep trained it). The
 * caption gives, per depth, the trained objective against the two-layer optimum P₂ and the learned
 * function's distance to its own interpolant through the data points and its kinks away from data points.
 */
final class DeepSplineFitChart {
    /** β values drawn per panel (the largest, the smallest and one between). */
    static final int BETAS = 3;

    private DeepSplineFitChart() {
    }

    static List<FigureOutcome> draw(PanelKey panel, List<CellRow> cells, CellNetworks networks, Path dir) {
        String title = "Deep 1-D fits against the data — " + panel.title();
        if (cells.isEmpty()) {
            return List.of(FigureOutcome.omitted(title, "no trained (BOUNDS) cell in this panel"));
        }
        TreeMap<Double, List<CellRow>> byBeta = new TreeMap<>();
        long seed = cells.stream().mapToLong(c -> c.parameters().seed()).min().getAsLong();
        for (CellRow c : cells) {
            if (c.parameters().seed() == seed) {
                byBeta.computeIfAbsent(c.parameters().beta(), b -> new ArrayList<>()).add(c);
            }
        }
        List<Double> betas = new ArrayList<>(byBeta.descendingKeySet());
        List<Double> chosen = new ArrayList<>();
        for (int i = 0; i < Math.min(BETAS, betas.size()); i++) {
            double b = betas.get((int) Math.round(i * (betas.size() - 1) / (double) Math.max(1, BETAS - 1)));
            if (!chosen.contains(b)) {
                chosen.add(b);
            }
        }
        List<FigureOutcome> out = new ArrayList<>();
        for (double beta : chosen) {
            List<CellRow> atBeta = new ArrayList<>(byBeta.get(beta));
            atBeta.sort((a, b) -> Integer.compare(a.parameters().depth(), b.parameters().depth()));
            out.add(drawBeta(panel, beta, atBeta, networks, dir));
        }
        return out;
    }

    private static FigureOutcome drawBeta(PanelKey panel, double beta, List<CellRow> cells, CellNetworks networks,
            Path dir) {
        String title = "Deep 1-D fits, β = " + Format.number(beta) + " — " + panel.title();
        XYSeriesCollection ds = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        Dataset data = null;
        List<String> notes = new ArrayList<>();
        Map<Integer, Network> fits = new TreeMap<>();
        Map<Integer, Double> values = new TreeMap<>();
        for (CellRow c : cells) {
            CellNetworks.Result rebuilt = networks.rebuild(c.parameters());
            if (rebuilt.network().isEmpty()) {
                notes.add("L = " + c.parameters().depth() + ": " + rebuilt.why().orElse("no network"));
                continue;
            }
            data = rebuilt.data().get();
            fits.put(c.parameters().depth(), rebuilt.network().get());
            values.put(c.parameters().depth(), c.primal());
        }
        if (data == null) {
            return FigureOutcome.omitted(title, String.join("; ", notes));
        }
        if (data.d() != 1) {
            return FigureOutcome.omitted(title, "data set '" + panel.data() + "' has d = " + data.d()
                    + "; the 1-D figure needs one input column");
        }
        OneDimensionalData.addPointsAndInterpolant(ds, data);
        double[] x = data.x().column(0);
        double[] range = OneDimensionalData.paddedRange(x);
        int grid = 600;
        double[] xs = new double[grid + 1];
        for (int i = 0; i <= grid; i++) {
            xs[i] = range[0] + (range[1] - range[0]) * i / grid;
        }
        Solution two = Solvers.solve(data, Problem.wd(Setting.RELU_1D, beta, 2));
        double p2 = two.primal().orElse(Double.NaN);
        int series = 2;
        if (two.network().isPresent()) {
            ds.addSeries(curve("two-layer optimum (relu-1d), P₂ = " + Format.number(p2), two.network().get(), xs));
            r.setSeriesPaint(series, Color.DARK_GRAY);
            r.setSeriesStroke(series++, ChartFiles.dotted());
        }
        List<String> measures = new ArrayList<>();
        for (Map.Entry<Integer, Network> e : fits.entrySet()) {
            int depth = e.getKey();
            double value = values.get(depth);
            ds.addSeries(curve("trained L = " + depth + ", objective " + Format.number(value), e.getValue(), xs));
            r.setSeriesPaint(series, ChartFiles.colour(series - 2));
            r.setSeriesStroke(series++, ChartFiles.solid());
            String objective = String.format(Locale.ROOT, "L = %d: objective %s (%+.2f %% vs P₂)", depth,
                    Format.number(value), 100 * (value / p2 - 1));
            if (Arrays.stream(x).distinct().count() < 2) {
                measures.add(objective + ", no spline distance (fewer than two distinct inputs)");
                continue;
            }
            SplineDeviation dev = SplineDeviation.of(e.getValue(), 0, x);
            measures.add(String.format(Locale.ROOT, "%s, distance to its own interpolant sup %s / rms %s, kinks off"
                    + " the data %d (%d above 1 %% of the largest slope)", objective, Format.number(dev.sup()),
                    Format.number(dev.rms()), dev.kinksOffData(), dev.materialKinksOffData()));
        }
        JFreeChart chart = OneDimensionalData.chart(title, ds, r);
        String caption = "Data (dots), their piecewise-linear interpolant (dashed), the two-layer convex optimum at "
                + "this β (dotted; relu-1d, a linear spline with knots at data points) and the best trained deep ReLU "
                + "network with free biases of each depth (solid; multi-start L-BFGS, re-trained from the data set). "
                + "The paper's claim (docs/theory.md §7.3): norm-regularized deep ReLU networks fit 1-D data by a "
                + "linear spline with knots at the data points, in the weak-regularization regime β → 0. A spline "
                + "with knots at data points has distance 0 to its own interpolant and no kink off the data. "
                + String.join("; ", measures) + "." + (notes.isEmpty() ? "" : " Not drawn: " + String.join("; ", notes)
                + ".");
        String file = String.format(Locale.ROOT, "fit1d_deep_%s_beta%s.png", panel.slug(),
                Format.number(beta).replaceAll("[^0-9a-zA-Z.+-]", "_"));
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, ChartFiles.WIDTH, ChartFiles.HEIGHT, caption));
    }

    private static XYSeries curve(String name, Network net, double[] xs) {
        Matrix f = net.forward(Matrix.column(xs));
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < xs.length; i++) {
            s.add(xs[i], f.get(i, 0));
        }
        return s;
    }
}

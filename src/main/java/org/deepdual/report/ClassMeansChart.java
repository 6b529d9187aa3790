package org.deepdual.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Network;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The globally centred class means of the penultimate features of a cell's optimal network,
 * projected onto the plane in which a simplex ETF is a regular K-gon ({@link ClassMeanGeometry}),
 * with the vertices and edges of the nearest simplex ETF (docs/theory.md §8 and §13, experiment 5). The means are recomputed from the data set: the rows carry only the NC metrics.
 */
final class ClassMeansChart {
    private ClassMeansChart() {
    }

    static FigureOutcome draw(CellRow cell, CellNetworks networks, Path dir) {
        CellParameters p = cell.parameters();
        String title = "class means of the penultimate features — " + p.panel().title() + ", " + p.shortLabel();
        CellNetworks.Result rebuilt = networks.rebuild(p);
        if (rebuilt.network().isEmpty()) {
            return FigureOutcome.omitted(title, rebuilt.why().orElse("no network"));
        }
        Dataset data = rebuilt.data().get();
        if (data.labels().isEmpty() || data.labels().get().k() < 2) {
            return FigureOutcome.omitted(title, "data set '" + p.data() + "' has no class labels with K ≥ 2");
        }
        Network net = rebuilt.network().get();
        int k = data.labels().get().k();
        ClassMeanGeometry g = ClassMeanGeometry.of(net.features(data.x()), data.labels().get(), 2);
        if (Double.isNaN(g.etfDeviation())) {
            return FigureOutcome.omitted(title, "every class mean coincides (all paths off at β = "
                    + Format.number(p.beta()) + "): nothing to project");
        }
        XYSeries means = new XYSeries("centred class means μ_k − μ_G");
        XYSeries etf = new XYSeries("nearest simplex ETF vertices");
        double[][] mc = planar(g.coordinates());
        double[][] ec = planar(g.etf());
        for (int c = 0; c < k; c++) {
            means.add(mc[0][c], mc[1][c]);
            etf.add(ec[0][c], ec[1][c]);
        }
        XYSeries origin = new XYSeries("global mean μ_G");
        origin.add(0, 0);
        XYSeriesCollection ds = new XYSeriesCollection();
        ds.addSeries(means);
        ds.addSeries(etf);
        ds.addSeries(origin);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, ChartFiles.colour(0));
        r.setSeriesShape(0, new Ellipse2D.Double(-6, -6, 12, 12));
        r.setSeriesPaint(1, ChartFiles.colour(1));
        r.setSeriesShape(1, new Ellipse2D.Double(-9, -9, 18, 18));
        r.setSeriesShapesFilled(1, false);
        r.setSeriesPaint(2, Color.BLACK);
        r.setSeriesShape(2, new java.awt.Rectangle(-3, -3, 6, 6));
        NumberAxis x = new NumberAxis("coordinate along u_1 (feature units)");
        NumberAxis y = new NumberAxis("coordinate along u_2 (feature units)");
        XYPlot plot = new XYPlot(ds, x, y, r);
        BasicStroke edge = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f, 4f}, 0f);
        for (int a = 0; a < k; a++) {
            int b = (a + 1) % k;
            if (k >= 3 || a == 0) {
                plot.addAnnotation(new XYLineAnnotation(ec[0][a], ec[1][a], ec[0][b], ec[1][b], edge,
                        (Color) ChartFiles.colour(1)));
            }
            XYTextAnnotation label = new XYTextAnnotation("class " + a, mc[0][a], mc[1][a]);
            label.setFont(ChartFiles.TICK);
            label.setTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        equalScales(plot, mc, ec);
        JFreeChart chart = new JFreeChart(title, ChartFiles.TITLE, plot, true);
        String caption = "Class means of the penultimate features H = A_{L−1} of the optimal network (recomputed from "
                + "the data set), centred at the mean of the class means and projected onto the plane in which a "
                + "simplex ETF appears as a regular K-gon (u_1 ∝ Σ_k cos(2πk/K)M_k, u_2 ∝ Σ_k sin(2πk/K)M_k; "
                + "K = " + k + "); hollow circles and the dashed polygon: the nearest scaled simplex ETF, seen in "
                + "the same plane. Relative distance to it: " + Format.number(g.etfDeviation())
                + ". Theory (docs/theory.md §8): with balanced one-hot targets and β < √(n/K) the optimum collapses — the "
                + "means sit exactly on the ETF vertices (distance 0), equal norms and angles arccos(−1/(K−1)). "
                + "Row metrics: " + cell.collapse().map(c -> "NC1 = " + Format.number(c.nc1()) + ", NC2 ETF deviation = "
                        + Format.number(c.nc2EtfDev())).orElse("none") + ".";
        String file = "class_means_" + p.panel().slug() + "_L" + p.depth() + "_b" + Format.number(p.beta())
                .replaceAll("[^0-9eE.-]", "") + ".png";
        return FigureOutcome.drawn(ChartFiles.save(chart, dir, file, 700, 620, caption));
    }

    private static double[][] planar(Matrix c) {
        int k = c.cols();
        double[][] out = new double[2][k];
        for (int j = 0; j < k; j++) {
            out[0][j] = c.get(0, j);
            out[1][j] = c.get(1, j);
        }
        return out;
    }

    /** Same scale on both axes so that an ETF looks regular. */
    private static void equalScales(XYPlot plot, double[][] a, double[][] b) {
        double m = 0;
        for (double[][] s : new double[][][] {a, b}) {
            for (double[] row : s) {
                for (double v : row) {
                    m = Math.max(m, Math.abs(v));
                }
            }
        }
        m = m == 0 ? 1 : m * 1.25;
        plot.getDomainAxis().setRange(-m, m);
        plot.getRangeAxis().setRange(-m, m);
    }
}

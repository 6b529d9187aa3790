package org.deepdual.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Shared look of the report's charts (headless JFreeChart) and their PNG output: fonts that exist
 * on a plain Debian machine, white background, grid, a categorical palette, and a β axis that is
 * logarithmic when β spans more than a decade.
 */
final class ChartFiles {
    static final int WIDTH = 820;
    static final int HEIGHT = 520;
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final String BETA_LABEL = "β (weight-decay strength, loss units)";

    /** Okabe–Ito colours (distinguishable with colour-blindness), then greys. */
    static final Paint[] PALETTE = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(240, 228, 66),
        Color.BLACK, Color.DARK_GRAY, Color.GRAY};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartFiles() {
    }

    static Paint colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static Stroke solid() {
        return new BasicStroke(2.0f);
    }

    static Stroke dashed() {
        return new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    static Stroke dotted() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);
    }

    /**
     * A renderer for a pair of series per layer (series 2(l−1): solid, filled markers; 2(l−1)+1: dashed,
     * hollow markers), colour and marker shape by layer. Each layer's markers sit on every
     * {@code layers}-th point, offset by its index, so where balanced layers draw the same line every
     * layer's marker still shows along it.
     */
    static XYLineAndShapeRenderer layerPairs(int layers) {
        java.awt.Shape[] shapes = org.jfree.chart.plot.DefaultDrawingSupplier.createStandardSeriesShapes();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean getItemShapeVisible(int series, int item) {
                return item % layers == (series / 2) % layers;
            }
        };
        r.setUseFillPaint(true);
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < 2; k++) {
                int series = 2 * l + k;
                r.setSeriesPaint(series, colour(l));
                r.setSeriesStroke(series, k == 0 ? solid() : dashed());
                r.setSeriesShape(series, shapes[l % shapes.length]);
                r.setSeriesFillPaint(series, k == 0 ? colour(l) : Color.WHITE);
            }
        }
        return r;
    }

    /** Applies the common look to {@code chart}. */
    static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TICK);
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(new Color(220, 220, 220));
            p.setRangeGridlinePaint(new Color(220, 220, 220));
            for (int i = 0; i < p.getDomainAxisCount(); i++) {
                style(p.getDomainAxis(i));
            }
            for (int i = 0; i < p.getRangeAxisCount(); i++) {
                style(p.getRangeAxis(i));
            }
        }
        return chart;
    }

    static void style(ValueAxis a) {
        if (a != null) {
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
        }
    }

    /** A β axis: logarithmic when every β is positive and they span more than one decade. */
    static ValueAxis betaAxis(List<Double> betas) {
        double min = betas.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = betas.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (min > 0 && max / min > 10) {
            LogAxis a = new LogAxis(BETA_LABEL + ", log scale");
            a.setBase(10);
            a.setSmallestValue(min / 10);
            a.setRange(min / 1.3, max * 1.3);
            decades(a, max / min);
            return a;
        }
        NumberAxis a = new NumberAxis(BETA_LABEL);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /** Ticks at whole decades (every second one past 8 decades), labelled 0.01, 0.1, 1, 10, 1e-5. */
    static void decades(LogAxis a, double span) {
        if (span >= 100) {
            // fewer than two decades: JFreeChart's own log tick units label more than one tick
            a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(Math.log10(span) > 8 ? 2 : 1), false, true);
        }
        a.setMinorTickCount(9);
        a.setMinorTickMarksVisible(true);
        a.setNumberFormatOverride(new java.text.NumberFormat() {
            private static final long serialVersionUID = 1L;

            @Override
            public StringBuffer format(double v, StringBuffer b, java.text.FieldPosition pos) {
                return b.append(Format.number(v).replace(".000e", "e").replaceAll("e([+-])0*(\\d)", "e$1$2")
                        .replace("e+", "e"));
            }

            @Override
            public StringBuffer format(long v, StringBuffer b, java.text.FieldPosition pos) {
                return format((double) v, b, pos);
            }

            @Override
            public Number parse(String source, java.text.ParsePosition pos) {
                return null;
            }
        });
    }

    /** Whether {@link #betaAxis} will be logarithmic. */
    static boolean logBeta(List<Double> betas) {
        return betaAxis(betas) instanceof LogAxis;
    }

    /** Writes {@code chart} as a PNG of the given size and returns its figure record. */
    static Figure save(JFreeChart chart, Path dir, String file, int width, int height, String caption) {
        try {
            ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), styled(chart), width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + dir.resolve(file), e);
        }
        String title = chart.getTitle() == null ? file : chart.getTitle().getText();
        return new Figure(file, width, height, title, caption);
    }
}

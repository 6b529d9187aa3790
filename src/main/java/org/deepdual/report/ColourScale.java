package org.deepdual.report;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * A perceptually ordered colour scale (viridis anchors, linearly interpolated) from a lower to an
 * upper bound; NaN (an undefined value) is light grey.
 */
final class ColourScale implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    static final Color UNDEFINED = new Color(215, 215, 215);
    private static final int[][] ANCHORS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98},
        {253, 231, 37}};

    private final double lower;
    private final double upper;

    ColourScale(double lower, double upper) {
        if (!(upper > lower)) {
            double mid = Double.isNaN(lower) ? 0 : lower;
            lower = mid - 0.5;
            upper = mid + 0.5;
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        if (Double.isNaN(value)) {
            return UNDEFINED;
        }
        double u = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (ANCHORS.length - 1);
        int i = Math.min((int) Math.floor(u), ANCHORS.length - 2);
        double f = u - i;
        int[] a = ANCHORS[i];
        int[] b = ANCHORS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }
}

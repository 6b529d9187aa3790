package org.deepdual.report.trend;

/**
 * One β path of one night, over its β points and seeds: cells and failed cells, the mean optimal value
 * (primal of the cells that have one), the largest duality gap, the mean rank of W_1, the mean NC1, the
 * mean solve time per cell, and how many of its cells that night's drift.csv names. NaN: no cell had
 * the value.
 */
public record PathMetrics(long cells, long failed, double primal, double maxGap, double rank1, double nc1,
        double solveMs, long drifted) {

    /**
     * The path's id on the trend page and in trend.csv (docs/output.md):
     * {@code setting[/variant] data objective[ t=T] width=W L=D}, omitting what the cells leave null.
     */
    public static String id(String setting, String variant, String data, String objective, Double t, Integer width,
            Integer depth) {
        StringBuilder b = new StringBuilder(setting);
        if (variant != null) {
            b.append('/').append(variant);
        }
        b.append(' ').append(data).append(' ').append(objective);
        if (t != null && !t.isNaN()) {
            b.append(" t=").append(t);
        }
        if (width != null) {
            b.append(" width=").append(width);
        }
        return b.append(" L=").append(depth).toString();
    }
}

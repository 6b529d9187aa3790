package org.deepdual.sweep;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The short table a sweep prints at the end: one line per β path key of {@code summary/by_path}. */
public final class SummaryTable {
    static final int MAX_LINES = 40;

    private SummaryTable() {
    }

    public static void print(SparkSession spark, SweepOutput out, PrintWriter w) {
        List<Row> rows = spark.read().parquet(out.summaryByPath().toString())
                .orderBy(CellSchema.DATA, CellSchema.SETTING, CellSchema.VARIANT, CellSchema.OBJECTIVE, CellSchema.T,
                        CellSchema.WIDTH, CellSchema.DEPTH)
                .collectAsList();
        w.println("summary by path (critical beta: the network is zero from there on; steps: where rank W_1 drops)");
        w.printf(Locale.ROOT, "%-14s %-14s %-7s %-4s %-6s %-5s %5s %7s %6s %13s %13s %12s%n", "data", "setting",
                "variant", "obj", "t", "width", "depth", "cells", "failed", "beta range", "critical", "max gap");
        int shown = 0;
        for (Row r : rows) {
            if (shown++ == MAX_LINES) {
                w.printf(Locale.ROOT, "... %d more paths in %s/summary/by_path%n", rows.size() - MAX_LINES, out);
                break;
            }
            w.printf(Locale.ROOT, "%-14s %-14s %-7s %-4s %-6s %-5s %5d %7d %6d %13s %13s %12s%n",
                    r.getAs(CellSchema.DATA), r.getAs(CellSchema.SETTING), text(r.getAs(CellSchema.VARIANT)),
                    r.getAs(CellSchema.OBJECTIVE), text(r.getAs(CellSchema.T)), text(r.getAs(CellSchema.WIDTH)),
                    r.<Integer>getAs(CellSchema.DEPTH), r.<Long>getAs("cells"), r.<Long>getAs("failed"),
                    num(r.getAs("beta_min")) + ".." + num(r.getAs("beta_max")), num(r.getAs("critical_beta")),
                    num(r.getAs("max_gap")));
        }
        w.flush();
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String num(Object o) {
        return o == null ? "-" : String.format(Locale.ROOT, "%.3g", ((Number) o).doubleValue());
    }
}

package org.deepdual.sweep;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The short table a sweep prints at the end: one line per β path key of {@code summary/by_path}. A gap
 * is printed beside the statuses it comes from, since under BOUNDS it also holds the primal's distance from
 * the optimum, and beside the path checks of docs/theory.md §11.10.
 */
public final class SummaryTable {
    static final int MAX_LINES = 40;
    private static final String ROW = "%-14s %-14s %-7s %-4s %-6s %-5s %5s %6s %7s %6s %6s %6s %13s %9s %9s %9s %9s%n";

    private SummaryTable() {
    }

    public static void print(SparkSession spark, SweepOutput out, PrintWriter w) {
        List<Row> rows;
        try (JobDescription d = JobDescription.of(spark.sparkContext(), "summary table of " + out)) {
            rows = spark.read().parquet(out.summaryByPath().toString())
                    .orderBy(CellSchema.DATA, CellSchema.SETTING, CellSchema.VARIANT, CellSchema.OBJECTIVE,
                            CellSchema.T, CellSchema.WIDTH, CellSchema.DEPTH)
                    .collectAsList();
        }
        w.println("summary by path (critical beta: the network is zero from there on; gaps are P - D, relative to"
                + " max(1, |P|) in rel gap; checks: cells breaking docs/theory.md 11.10 (value drops / above the zero"
                + " network / dual above a later primal), - not checked)");
        w.printf(Locale.ROOT, ROW, "data", "setting", "variant", "obj", "t", "width", "depth", "cells", "optimal",
                "bounds", "failed", "cert", "beta range", "critical", "max gap", "max rel", "checks");
        int shown = 0;
        for (Row r : rows) {
            if (shown++ == MAX_LINES) {
                w.printf(Locale.ROOT, "... %d more paths in %s/summary/by_path%n", rows.size() - MAX_LINES, out);
                break;
            }
            w.printf(Locale.ROOT, ROW, r.getAs(CellSchema.DATA), r.getAs(CellSchema.SETTING),
                    text(r.getAs(CellSchema.VARIANT)), r.getAs(CellSchema.OBJECTIVE), text(r.getAs(CellSchema.T)),
                    text(r.getAs(CellSchema.WIDTH)), r.<Integer>getAs(CellSchema.DEPTH), r.<Long>getAs("cells"),
                    r.<Long>getAs("optimal"), r.<Long>getAs("bounds"), r.<Long>getAs("failed"),
                    r.<Long>getAs("certified"), num(r.getAs("beta_min")) + ".." + num(r.getAs("beta_max")),
                    num(r.getAs("critical_beta")), num(r.getAs("max_gap")), num(r.getAs("max_rel_gap")), checks(r));
        }
        w.flush();
    }

    /** The counts of the three path checks as a/b/c, "-" for one that was not checked. */
    private static String checks(Row r) {
        StringBuilder b = new StringBuilder();
        for (String f : PathViolations.FLAGS) {
            b.append(b.length() == 0 ? "" : "/").append(text(r.getAs(f)));
        }
        return b.toString();
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String num(Object o) {
        return o == null ? "-" : String.format(Locale.ROOT, "%.3g", ((Number) o).doubleValue());
    }
}

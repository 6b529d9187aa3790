package org.deepdual.sweep;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The dry run of a spec ({@code deepdual sweep --dry-run}): cells per setting, β paths and data sets
 * (all built, so bad data is found), and an estimate of the work from timing a few cells of one path
 * per (setting, data set) on this machine.
 */
public final class WorkEstimate {
    /** Cells of each sampled path that are timed. */
    static final int SAMPLE_CELLS = 3;
    /** Times each sample path is evaluated; the first {@link #WARM_UP_RUNS} are not timed. */
    static final int PROBE_RUNS = 4;
    static final int WARM_UP_RUNS = 1;

    private WorkEstimate() {
    }

    /**
     * Prints the dry run and returns the estimated wall time of the cells still to solve on {@code cores}
     * (one core when empty), in milliseconds. {@code missing} says which cells the output lacks: a path with a
     * missing cell is solved whole (as the sweep does), a complete path costs nothing.
     */
    public static double print(SweepPlan plan, PathSolver solver, OptionalInt cores, MissingCells missing,
            PrintWriter out) {
        SweepSpec spec = plan.spec();
        SweepGrid grid = plan.grid();
        out.printf(Locale.ROOT, "spec %s (%s): %d cells in %d beta paths, output %s%n", spec.name(), spec.source(),
                grid.cellCount(), grid.groups().size(), plan.output());
        out.println("data sets:");
        for (var d : spec.data()) {
            var ds = plan.catalog().get(d.name());
            out.printf(Locale.ROOT, "  %-16s n=%d d=%d k=%d  %s%n", d.name(), ds.n(), ds.d(), ds.k(), ds.fingerprint());
        }
        Map<String, long[]> perKey = new LinkedHashMap<>();
        Map<String, CellGroup> sample = new LinkedHashMap<>();
        for (CellGroup g : grid.groups()) {
            String key = g.setting().cliName() + g.variant().map(v -> " (" + v.cliName() + ")").orElse("") + " on "
                    + g.data();
            long m = missing.missingIn(g);
            long[] c = perKey.computeIfAbsent(key, k -> new long[3]);
            c[0] += g.size();
            c[1]++;
            c[2] += m > 0 ? g.size() : 0;   // cells solved: the whole path when any of it is missing
            sample.putIfAbsent(key, g);
        }
        out.println("cells per setting:");
        grid.cellsPerSetting().forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %,d%n", k, v));
        out.printf(Locale.ROOT, "cells present in the output: %,d of %,d; missing: %,d%n",
                missing.cellCount() - missing.missing(), missing.cellCount(), missing.missing());
        out.println("estimated cell work (a few cells of one path per setting and data set, timed after "
                + WARM_UP_RUNS + " warm-up run(s), median of the " + (PROBE_RUNS - WARM_UP_RUNS) + " later runs):");
        double totalMs = 0;
        for (Map.Entry<String, long[]> e : perKey.entrySet()) {
            long toSolve = e.getValue()[2];
            double perCell = toSolve == 0 ? 0 : timePerCell(plan, sample.get(e.getKey()), solver);
            double ms = perCell * toSolve;
            totalMs += Double.isFinite(ms) ? ms : 0;
            out.printf(Locale.ROOT, "  %-34s %,9d cells to solve of %,9d in %,7d paths  %8.2f ms/cell  %s%n",
                    e.getKey(), toSolve, e.getValue()[0], e.getValue()[1], perCell,
                    SweepProgress.duration(ms / 1000));
        }
        int n = cores.orElse(1);
        out.printf(Locale.ROOT, "cells: %s of one core%s%n", SweepProgress.duration(totalMs / 1000),
                cores.isPresent() ? String.format(Locale.ROOT, ", about %s on %d cores", SweepProgress.duration(
                        totalMs / 1000 / n), n) : "");
        if (grid.cellCount() > spec.maxCells()) {
            out.printf(Locale.ROOT, "note: %,d cells exceed max_cells = %,d; a run needs --force%n",
                    grid.cellCount(), spec.maxCells());
        }
        out.flush();
        return totalMs / n;
    }

    /** The cells of the plan's grid that its output lacks (all when it has no cells/), as the sweep reads them. */
    public static MissingCells missingIn(org.apache.spark.sql.SparkSession spark, SweepPlan plan) {
        return MissingCells.of(plan.grid(), CellsTable.doneCells(spark, plan.output()));
    }

    /**
     * The report's panels of a grid times their depths: a panel is one (data, setting, variant, objective, t,
     * width), and its figures (staircases, norms, training curves) grow with its depths.
     */
    public static long panelDepths(SweepGrid grid) {
        return grid.groups().stream().map(g -> List.of(g.data(), g.setting(), g.variant(), g.objective(), g.t(),
                g.width(), g.depth())).distinct().count();
    }

    /** Milliseconds per cell (solve and statistics) of the first few cells of {@code g}, on this JVM. */
    private static double timePerCell(SweepPlan plan, CellGroup g, PathSolver solver) {
        return millisPerCell(plan, g, solver, SAMPLE_CELLS, PROBE_RUNS, WARM_UP_RUNS);
    }

    /**
     * Milliseconds per cell (solve, statistics and rows) of {@code cells} β values spread over {@code g}'s path,
     * evaluated as one warm-started path {@code runs} times on the calling thread: the median of the runs after the
     * first {@code warmUps} (the projection of {@code bench --parts projection} probes whole paths this way).
     */
    public static double millisPerCell(SweepPlan plan, CellGroup g, PathSolver solver, int cells, int runs,
            int warmUps) {
        if (runs <= warmUps || warmUps < 0 || cells < 1) {
            throw new IllegalArgumentException("need cells >= 1 and runs > warmUps >= 0, got cells = " + cells
                    + ", runs = " + runs + ", warmUps = " + warmUps);
        }
        int n = Math.min(cells, g.size());
        double[] betas = new double[n];
        for (int i = 0; i < n; i++) {
            betas[i] = g.beta((int) ((long) i * (g.size() - 1) / Math.max(1, n - 1)));
        }
        betas = java.util.Arrays.stream(betas).distinct().sorted().toArray();
        CellGroup sub = new CellGroup(g.data(), g.dataFingerprint(), g.setting(), g.variant(), g.objective(), g.t(),
                g.width(), g.depth(), g.seed(), g.patterns(), betas, g.loss());
        boolean[] all = new boolean[betas.length];
        java.util.Arrays.fill(all, true);
        GroupTask task = GroupTask.of(sub, sub.cellIds(), all, new boolean[betas.length]);
        SweepSpec spec = plan.spec();
        SweepContext ctx = new SweepContext("dry-run", System.currentTimeMillis(), plan.output().root().toString(),
                false, spec.cellTimeoutSeconds(), false, null, DataShipping.BROADCAST, spec.text(),
                spec.source(), spec.relu2Seed());
        PathEvaluation e = new PathEvaluation(ctx, solver);
        var data = plan.catalog().get(g.data());
        var prepared = solver.prepare(g.setting(), data);
        // cold code runs several times slower than the JIT-compiled code of a sweep's later cells: the first runs
        // warm it up, the median of the later ones is the estimate
        double[] later = new double[runs - warmUps];
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            List<?> rows = new ArrayList<>(e.evaluate(task, () -> data, () -> prepared));
            if (rows.isEmpty()) {
                return Double.NaN;
            }
            if (run >= warmUps) {
                later[run - warmUps] = (System.nanoTime() - t0) / 1e6 / rows.size();
            }
        }
        java.util.Arrays.sort(later);
        return later[later.length / 2];
    }
}

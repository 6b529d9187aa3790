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

    private WorkEstimate() {
    }

    public static void print(SweepPlan plan, PathSolver solver, OptionalInt cores, PrintWriter out) {
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
            perKey.computeIfAbsent(key, k -> new long[2]);
            perKey.get(key)[0] += g.size();
            perKey.get(key)[1]++;
            sample.putIfAbsent(key, g);
        }
        out.println("cells per setting:");
        grid.cellsPerSetting().forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %,d%n", k, v));
        out.println("estimated work (a few cells of one path timed per setting and data set):");
        double totalMs = 0;
        for (Map.Entry<String, long[]> e : perKey.entrySet()) {
            double perCell = timePerCell(plan, sample.get(e.getKey()), solver);
            double ms = perCell * e.getValue()[0];
            totalMs += Double.isFinite(ms) ? ms : 0;
            out.printf(Locale.ROOT, "  %-34s %,9d cells %,7d paths  %8.2f ms/cell  %s%n", e.getKey(),
                    e.getValue()[0], e.getValue()[1], perCell, SweepProgress.duration(ms / 1000));
        }
        out.printf(Locale.ROOT, "total: %s of one core%s%n", SweepProgress.duration(totalMs / 1000),
                cores.isPresent() ? String.format(Locale.ROOT, ", about %s on %d cores", SweepProgress.duration(
                        totalMs / 1000 / cores.getAsInt()), cores.getAsInt()) : "");
        if (grid.cellCount() > spec.maxCells()) {
            out.printf(Locale.ROOT, "note: %,d cells exceed max_cells = %,d; a run needs --force%n",
                    grid.cellCount(), spec.maxCells());
        }
        out.flush();
    }

    /** Milliseconds per cell (solve and statistics) of the first few cells of {@code g}, on this JVM. */
    private static double timePerCell(SweepPlan plan, CellGroup g, PathSolver solver) {
        int n = Math.min(SAMPLE_CELLS, g.size());
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
        long t0 = System.nanoTime();
        List<?> rows = new ArrayList<>(e.evaluate(task, () -> data, () -> prepared));
        return rows.isEmpty() ? Double.NaN : (System.nanoTime() - t0) / 1e6 / rows.size();
    }
}

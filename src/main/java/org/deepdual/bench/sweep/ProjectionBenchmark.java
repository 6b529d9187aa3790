package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.deepdual.bench.solve.ResultTable;
import org.deepdual.sweep.CellGroup;
import org.deepdual.sweep.PathSolver;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepPlan;
import org.deepdual.sweep.SweepSpec;
import org.deepdual.sweep.WorkEstimate;

/**
 * The {@code projection} part of the benchmark (docs/performance.md, "Projection to large sweeps"): measures,
 * in one run, the costs of a spec ({@code jobs/projection.yaml}) — each kind of path's cost per cell, warm, on one
 * thread of this JVM; the driver's planning per cell on a grid of the same mix with more seeds; and, from a run of
 * the spec on local[2] in a child JVM ({@link ProjectionRun}), start-up, Spark's cost per task, job and batch and
 * the reducer's per row — then feeds them to {@link ProjectionModel} for the loopback standalone cluster (2 workers
 * of 1 core) and for 10^6 and 10^7 cells of the same mix on 100 cores, and runs the spec on that cluster
 * (started and stopped by deploy/standalone/start and stop) to put the model's prediction beside the measurement.
 * The same costs are measured on the cluster too, from two runs (the spec, and the spec with half its seeds): each
 * run's costs predict the other run (out of sample), and the first run's project 10^6 and 10^7 cells again, next to
 * the local[2]-calibrated projection.
 */
public final class ProjectionBenchmark {
    /** Cores of the projected cluster. */
    public static final int CLUSTER_CORES = 100;
    private static final int PROBE_RUNS = 5;
    private static final int PROBE_WARM_UPS = 2;

    private ProjectionBenchmark() {
    }

    /** The part's two tables: the measured costs (the model's inputs) and prediction against measurement. */
    public record Report(ResultTable costs, ResultTable comparison) {
    }

    public static List<String> comparisonColumns() {
        return List.of("run", "master", "cores", "cells", "batches", "jobs", "tasks", "startup_s", "planning_s",
                "cells_s", "reduce_s", "total_s", "measured_over_model", "load_average", "calibrated_on",
                "measured_over_model_in_sample", "measured_over_model_out_of_sample", "phases_s");
    }

    /**
     * Runs the part: {@code planningCells} cells of the same mix for the planning cost, and the standalone check
     * unless {@code standalone} is false (then local[2] alone checks the model).
     */
    public static Report run(Path outDir, Path spec, Path root, long planningCells, boolean standalone,
            PrintStream log) {
        SpecText text = SpecText.read(spec);
        Path dir = outDir.resolve("projection");
        SweepScaling.deleteRecursively(dir);
        ResultTable costs = new ResultTable("projection: measured costs of " + spec.getFileName()
                + " (the model's inputs)", List.of("cost", "value", "unit", "how"));
        ResultTable cmp = new ResultTable("projection: model against measurement, " + spec.getFileName()
                + " and the same mix at 10^6 and 10^7 cells on " + CLUSTER_CORES + " cores", comparisonColumns());

        log.printf(Locale.ROOT, "  cost per cell of each kind of path (warm, one thread) ...%n");
        SweepPlan plan = plan(text.withOutput(dir.resolve("output")), dir.resolve("spec.yaml"));
        List<ProjectionModel.Kind> kinds = probeKinds(plan, costs);
        long seeds = text.seedCount();

        long planSeeds = Math.max(1, Math.round((double) planningCells * seeds / plan.grid().cellCount()));
        log.printf(Locale.ROOT, "  planning %d seeds of the mix on the driver ...%n", planSeeds);
        double planningPerCell = planningPerCell(text.withOutput(dir.resolve("planned")).withSeeds(planSeeds),
                dir.resolve("planned.yaml"), costs);

        Path localSpec = text.withOutput(dir.resolve("local2")).writeTo(dir.resolve("local2.yaml"));
        MeasuredRun local = MeasuredRun.measure(localSpec, "local[2]", List.of(), dir.resolve("local2-child"), log);
        if (local == null) {
            cmp.note("local[2]: the child failed; see " + dir.resolve("local2-child.err") + " — no model");
            return new Report(costs, cmp);
        }
        ProjectionModel.Overheads o = overheads(local, "", planningPerCell, costs);
        ProjectionModel model = new ProjectionModel(kinds, o, ProjectionModel.Batching.defaults());
        compare(cmp, "local[2]", "local[2]", 2, model, local, null, null);

        // the cluster, twice: the spec as it is (A) and with half its seeds (B), each in a fresh application (its own
        // executors); the costs measured on either predict the other, out of sample
        long otherSeeds = Math.max(1, seeds / 2);
        Map<String, Long> otherPaths = pathsByKind(plan(text.withSeeds(otherSeeds).withOutput(dir.resolve("other")),
                dir.resolve("other.yaml")));
        String runA = "standalone 2 workers x 1 core";
        String runB = runA + ", " + otherSeeds + " seeds";
        ProjectionModel.Overheads clusterO = null;
        if (standalone) {
            List<MeasuredRun> cluster = LoopbackCluster.runAll(List.of(text, text.withSeeds(otherSeeds)), List.of("standalone",
                    "standalone-b"), dir, root, log, cmp);
            MeasuredRun a = cluster.size() > 0 ? cluster.get(0) : null;
            MeasuredRun b = cluster.size() > 1 ? cluster.get(1) : null;
            // each run's costs, with its cells' cost as inside it (2 executors and the driver on 2 shared cores)
            ProjectionModel fromA = null;
            ProjectionModel fromB = null;
            if (a != null) {
                clusterO = overheads(a, "standalone: ", planningPerCell, costs);
                fromA = model.with(clusterO).cellsSlower(cellFactor(a, model, "standalone: ", costs));
            }
            if (b != null) {
                ProjectionModel modelB = model.withPaths(otherPaths);
                String prefix = "standalone " + otherSeeds + " seeds: ";
                fromB = modelB.with(overheads(b, prefix, planningPerCell, costs))
                        .cellsSlower(cellFactor(b, modelB, prefix, costs));
            }
            if (a != null) {
                compare(cmp, runA, a.master(), 2, model, a, fromA, fromB == null ? null : fromB.withPaths(
                        pathsByKind(plan)));
            }
            if (b != null) {
                compare(cmp, runB, b.master(), 2, model.withPaths(otherPaths), b, fromB,
                        fromA == null ? null : fromA.withPaths(otherPaths));
            }
        } else {
            cmp.note("standalone: not run (asked); local[2] alone checks the model");
        }
        // the same mix with more seeds: every kind's paths multiplied, path lengths and costs unchanged
        long unit = LongStream.of(kinds.stream().mapToLong(ProjectionModel.Kind::paths).toArray())
                .reduce(ProjectionBenchmark::gcd).orElse(1);
        ProjectionModel perUnit = new ProjectionModel(kinds.stream().map(k -> new ProjectionModel.Kind(k.name(),
                k.setting(), k.paths() / unit, k.pathCells(), k.secondsPerCell())).toList(), o,
                ProjectionModel.Batching.defaults());
        for (long target : List.of(1_000_000L, 10_000_000L)) {
            long factor = Math.max(1, Math.round((double) target / perUnit.cells()));
            String name = "model " + (target == 1_000_000L ? "10^6" : "10^7") + " cells";
            project(cmp, name, "local[2]", perUnit, o, factor, log);
            if (clusterO != null) {
                project(cmp, name + ", standalone-calibrated", runA, perUnit, clusterO, factor, log);
            }
        }
        explain(cmp);
        return new Report(costs, cmp);
    }

    /** The comparison table's notes: the model, its assumptions, and what each measured column holds. */
    private static void explain(ResultTable cmp) {
        cmp.note("model: wall = startup + planning/cell x N + sum over batches [sum over its jobs (slowest task +"
                + " job) + batch] + reduce warm-up + reduce/row x N; a task = its cells x their warm one-thread cost"
                + " + task + task/cell"
                + " x cells; batches as the sweep cuts them with one in flight (a probe batch, then 20 core-seconds"
                + " of work per core, at most max(500, min(50000, N/4)) cells), a job per setting, paths packed"
                + " longest first onto min(cores, paths) tasks");
        cmp.note("assumptions for " + CLUSTER_CORES + " cores: executors' cores as fast as this machine's on one"
                + " thread, network and storage never the bottleneck, start-up, the driver's planning, Spark's"
                + " per-task/job/batch costs and the reducer's rows/s as measured here, on local[2] (tasks in the"
                + " driver's JVM) or, in the 'standalone-calibrated' rows, on the loopback standalone cluster's run"
                + " of the spec (tasks in executor JVMs; start-up with the first job's wait for executors; the cells still at"
                + " the one-thread probe's cost) (the reducer is"
                + " not assumed to scale with the cores; the rows 'reducer x" + CLUSTER_CORES / 2 + "' divide its"
                + " per-row cost by " + CLUSTER_CORES / 2 + ", the cores' ratio, as a reducer that scales would)");
        cmp.note("measured rows: startup_s = JVM + Spark session + the run's preparation before its first batch job;"
                + " planning_s = the sweep's plan (grid, data sets); total_s = the child JVM's wall time;"
                + " measured_over_model = measured total / model total; load_average right after each child (the"
                + " machine's 2 cores are shared with other processes); the standalone run has the Spark settings"
                + " deploy/bin/submit gives it (conf/spark-defaults.conf, 1 core and 1 GB per executor); on standalone,"
                + " startup_s includes the first batch job's wait for executors and cells_s does not");
        cmp.note("calibrated_on: whose costs a model row uses; measured_over_model is measured / the local[2]-"
                + "calibrated model, measured_over_model_in_sample / the model calibrated on this very run (every"
                + " cost is this run's, the cells' as the probe's times the run's cells' cost factor: a check of the"
                + " model's form), measured_over_model_out_of_sample / the model calibrated on the other standalone run"
                + " (its costs and its cells' cost factor). phases_s: a model's total, or a measured run's start-up +"
                + " planning + cells + reduce, which is total_s less the child's second (warm) reducer run and the"
                + " session's stop; the in- and out-of-sample ratios are on phases_s, measured_over_model (as before)"
                + " on total_s (the spec with all its seeds, or half of them):"
                + " the check of the cluster calibration");
    }

    /**
     * The model at {@code factor} times the unit mix on the projected cluster, with {@code o}'s costs, once with the
     * reducer as measured and once with its per-row cost divided by the cores' ratio.
     */
    private static void project(ResultTable cmp, String name, String calibratedOn, ProjectionModel perUnit,
            ProjectionModel.Overheads o, long factor, PrintStream log) {
        ProjectionModel.Prediction p = perUnit.with(o).scaled(factor).predict(CLUSTER_CORES);
        row(cmp, name, "cluster", p, calibratedOn);
        // the reducer is a Spark job too: spread over the cores, its per-row part would shrink with them
        ProjectionModel.Prediction fast = perUnit.with(o.reduceFaster(CLUSTER_CORES / 2.0)).scaled(factor)
                .predict(CLUSTER_CORES);
        row(cmp, name + ", reducer x" + CLUSTER_CORES / 2, "cluster", fast, calibratedOn);
        log.printf(Locale.ROOT, "  %s (costs of %s): %,d cells on %d cores: %.0f s (cells %.0f s, planning %.0f s,"
                + " reduce %.0f s)%n", name, calibratedOn, p.cells(), CLUSTER_CORES, p.total(), p.cellsPhase(),
                p.planning(), p.reduce());
    }

    /** The run's cells' cost over the one-thread probe's for its grid, as a cost row. */
    private static double cellFactor(MeasuredRun m, ProjectionModel modelOfRun, String prefix, ResultTable costs) {
        double f = ProjectionCalibration.of(m.json()).cellFactor(modelOfRun);
        costs.add(prefix + "cells' cost factor", f, "x", "the run's path work per cell over the one-thread probe's"
                + " mean for its grid (" + fmt(modelOfRun.meanSecondsPerCell() * 1e3 * 1000) + " us/cell): the"
                + " model's cells on this cluster, calibrated on this run, cost this much more (the projections to "
                + CLUSTER_CORES + " cores keep the probe's cost)");
        return f;
    }

    /** Each kind's path count in a plan, by the names {@link #probeKinds} gives the kinds. */
    private static Map<String, Long> pathsByKind(SweepPlan plan) {
        Map<String, Long> paths = new LinkedHashMap<>();
        for (CellGroup g : plan.grid().groups()) {
            paths.merge(kindName(g), 1L, Long::sum);
        }
        return paths;
    }

    /**
     * The costs of a run that feed the model ({@link ProjectionCalibration}), written to the costs table under
     * names with {@code prefix} ("" for the local[2] child, whose rows keep their names).
     */
    private static ProjectionModel.Overheads overheads(MeasuredRun m, String prefix, double planningPerCell,
            ResultTable costs) {
        JsonNode r = m.json();
        ProjectionCalibration c = ProjectionCalibration.of(r);
        double startup = c.startup();
        double task = c.task();
        double taskPerCell = c.taskPerCell();
        double job = c.job();
        double batch = c.batch();
        double reducePerRow = c.reducePerRow();
        double reduceFixed = c.reduceFixed();
        String child = m.master().startsWith("local") ? m.master() + " child" : "standalone child (" + m.master() + ")";
        if (!prefix.isEmpty()) {
            costs.add(prefix + "executors ready", r.path("executors_ready_s").asDouble(), "s", child + ": the last of"
                    + " its " + r.path("executors").asInt() + " executors registered, from the child's main;"
                    + " the first batch job waited " + fmt(r.path("executor_wait_ms").asDouble()) + " ms for them"
                    + " (counted in start-up, not in the job)");
        }
        costs.add(prefix + "startup", startup, "s", child + ": JVM to main + Spark session + the run's preparation"
                + " before its first batch job + the first job's wait for executors");
        costs.add(prefix + "task", task * 1e3, "ms/task", "task duration minus the work on its paths, least squares on its"
                + " cells: the fixed part (deserialization " + fmt(r.get("task_deserialize_ms").asDouble())
                + " ms, scheduler delay " + fmt(r.get("task_scheduler_delay_ms").asDouble()) + " ms, result"
                + " serialization " + fmt(r.get("task_result_serialization_ms").asDouble()) + " ms on average)");
        costs.add(prefix + "task per cell", taskPerCell * 1e3, "ms/cell", "the same fit: the part growing with the task's"
                + " cells (rows encoded and written to Parquet)");
        costs.add(prefix + "job", job * 1e3, "ms/job", "a batch job's wall time minus its slowest task ("
                + fmt(r.get("job_wall_beyond_slowest_task_ms").asDouble()) + " ms) + the driver's time before the"
                + " next job of its batch (commit, next query plan: " + fmt(r.get("job_driver_gap_ms").asDouble())
                + " ms)");
        costs.add(prefix + "batch", batch * 1e3, "ms/batch", "the driver's time after a batch's last job, less a job's: its"
                + " publication and the next batch's cut");
        costs.add(prefix + "reduce warm-up", reduceFixed, "s", child + ": the reducer's first run minus a second,"
                + " warm run on the same output");
        costs.add(prefix + "reduce", reducePerRow * 1e3, "ms/row", child + ": the warm run's wall time / rows ("
                + fmt(1 / reducePerRow) + " rows/s; its own fixed part counted per row, so an upper bound)");
        costs.add(prefix + "cells in the run", r.get("path_ms_per_cell").asDouble(), "ms/cell", "mean over the "
                + child + "'s tasks of their path work per cell (two cores at once, against the one-thread probe)");
        return c.overheads(planningPerCell);
    }

    /**
     * The model's rows for a run (calibrated on local[2]; and when given, on the same cluster run, in sample, and on
     * the other cluster run, out of sample), then the measured row with its total over each model's.
     */
    private static void compare(ResultTable cmp, String run, String master, int cores, ProjectionModel model,
            MeasuredRun m, ProjectionModel inSample, ProjectionModel outOfSample) {
        ProjectionModel.Prediction p = model.predict(cores);
        row(cmp, "model " + run, master, p, "local[2]");
        ProjectionModel.Prediction in = inSample == null ? null : inSample.predict(cores);
        ProjectionModel.Prediction out = outOfSample == null ? null : outOfSample.predict(cores);
        if (in != null) {
            row(cmp, "model " + run + ", calibrated on itself", master, in, "this run (in sample)");
        }
        if (out != null) {
            row(cmp, "model " + run + ", calibrated on the other standalone run", master, out,
                    "the other standalone run (out of sample)");
        }
        JsonNode r = m.json();
        ProjectionCalibration c = ProjectionCalibration.of(r);
        // start-up up to the first batch job's tasks: with the wait for executors, which the cells phase then lacks
        double startup = c.startup();
        double cells = r.get("run_s").asDouble() - c.prepare() - c.executorWait();
        // what the model models: the child's wall time less its second, warm reducer run and the session's stop
        double phases = startup + r.get("plan_s").asDouble() + cells + r.get("reduce_s").asDouble();
        cmp.add("measured " + run, master, r.get("cores").asInt(), r.get("computed").asLong(),
                r.get("batches").asInt(), r.get("jobs").asLong(), r.get("tasks").asLong(), startup,
                r.get("plan_s").asDouble(), cells, r.get("reduce_s").asDouble(), m.wallSeconds(),
                m.wallSeconds() / p.total(), m.load(), "", in == null ? Double.NaN : phases / in.total(),
                out == null ? Double.NaN : phases / out.total(), phases);
    }

    private static void row(ResultTable cmp, String run, String master, ProjectionModel.Prediction p,
            String calibratedOn) {
        cmp.add(run, master, p.cores(), p.cells(), p.batches(), p.jobs(), p.tasks(), p.startup(), p.planning(),
                p.cellsPhase(), p.reduce(), p.total(), Double.NaN, Double.NaN, calibratedOn, Double.NaN, Double.NaN,
                p.total());
    }

    /** One kind per (setting, variant, objective, data, depth, path length), its cost probed on one of its paths. */
    private static List<ProjectionModel.Kind> probeKinds(SweepPlan plan, ResultTable costs) {
        Map<String, List<CellGroup>> byKind = new LinkedHashMap<>();
        for (CellGroup g : plan.grid().groups()) {
            byKind.computeIfAbsent(kindName(g), k -> new ArrayList<>()).add(g);
        }
        List<ProjectionModel.Kind> kinds = new ArrayList<>();
        for (Map.Entry<String, List<CellGroup>> e : byKind.entrySet()) {
            CellGroup sample = e.getValue().get(0);
            double ms = WorkEstimate.millisPerCell(plan, sample, PathSolver.SOLVERS, sample.size(), PROBE_RUNS,
                    PROBE_WARM_UPS);
            kinds.add(new ProjectionModel.Kind(e.getKey(), sample.setting().cliName(), e.getValue().size(),
                    sample.size(), ms / 1e3));
            costs.add("cell: " + e.getKey(), ms, "ms/cell", e.getValue().size() + " paths of " + sample.size()
                    + " cells; one whole path on one thread, median of " + (PROBE_RUNS - PROBE_WARM_UPS)
                    + " runs after " + PROBE_WARM_UPS + " warm-up runs");
        }
        return kinds;
    }

    private static String kindName(CellGroup g) {
        return g.setting().cliName() + g.variant().map(v -> "/" + v.cliName()).orElse("") + " "
                + g.objective().cliName() + " on " + g.data() + " depth " + g.depth() + " x" + g.size();
    }

    /** Seconds per cell of the driver's planning: the grid and data sets, then every cell's id (as batches are cut). */
    private static double planningPerCell(SpecText text, Path file, ResultTable costs) {
        long t0 = System.nanoTime();
        SweepPlan plan = plan(text, file);
        long ids = 0;
        for (CellGroup g : plan.grid().groups()) {
            ids += g.cellIds().length;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double perCell = seconds / ids;
        costs.add("planning", perCell * 1e6, "us/cell", String.format(Locale.ROOT, "%,d cells of the same mix"
                + " (more seeds): plan, data sets and every cell's id on the driver in %.1f s", ids, seconds));
        return perCell;
    }

    private static SweepPlan plan(SpecText text, Path file) {
        text.writeTo(file);
        SweepSpec spec = SpecReader.read(file);
        return SweepPlan.of(spec, SweepOptions.defaults().withForce(true), new org.apache.hadoop.conf.Configuration());
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }


}

package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.deepdual.bench.solve.ChildJvm;
import org.deepdual.bench.solve.ResultTable;

/**
 * Part 4 of the benchmark: the same sweep (a 10⁴-cell grid of deep linear cells, β paths of 100
 * cells on 2000 × 200 Gaussian data, so that each cell with its statistics takes a millisecond or more, as the
 * targets assume) on local[1] and on local[2],
 * each a fresh child JVM ({@link ScalingRun}) with an empty output, measured after a small warm-up sweep in the
 * same session. Reported per master: the child's
 * wall time (JVM, session and run), the run's own wall time, cells per second, the speedup over
 * local[1] from the run's wall time, the efficiency against the ideal (Σ per-cell solve, statistics
 * and preparation time / cores, over the run's wall time) and Spark's share of executor time (the
 * executor run time of the run's tasks not spent in the cells' own work).
 */
public final class SweepScaling {
    public static final double SPEEDUP_TARGET = 1.7;
    public static final double SPARK_SHARE_TARGET = 0.10;
    static final List<Integer> DEPTHS = List.of(2, 3, 4, 6, 8);
    static final int BETAS = 100;
    /** Cells of the sweep each child runs first, in the same session, and does not measure. */
    static final int WARM_UP_CELLS = 1000;

    private SweepScaling() {
    }

    /** The spec of a sweep of {@code cells} cells (rounded down to a multiple of 500, at least 500). */
    public static String spec(Path output, int cells) {
        int seeds = Math.max(1, cells / (DEPTHS.size() * BETAS));
        List<String> seedList = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            seedList.add(Integer.toString(s));
        }
        return String.join("\n",
                "name: bench-scaling",
                "output: " + output.toAbsolutePath(),
                "data:",
                "  - name: gauss",
                "    generator: gaussian",
                "    n: 2000",
                "    d: 200",
                "    outputs: 1",
                "    seed: 1",
                "settings:",
                "  - name: linear",
                "    data: [gauss]",
                "    depth: " + DEPTHS,
                "    objective: [wd]",
                "beta: {logspace: [1.0e-2, 1.0e+3], count: " + BETAS + "}",
                "width: 32",
                "seeds: [" + String.join(", ", seedList) + "]",
                "cell_timeout_s: 60",
                "");
    }

    public static List<String> columns() {
        return List.of("master", "cpus", "cells", "computed", "failed", "app_wall_s", "session_s", "warm_up_s", "sweep_wall_s",
                "cells_per_s", "speedup", "efficiency", "executor_run_s", "cell_work_s", "cell_ms", "spark_share", "rows_s", "spark_parquet_s", "cores_used",
                "load_average");
    }

    /** One child: the master's core count, and whether the child is confined to that many CPUs. */
    record Run(int cores, boolean pinned) {
    }

    /**
     * local[1] on one CPU, local[2] on two, then local[1] on all CPUs; without {@code taskset}, the
     * pinned children are skipped and the speedup is taken against the free local[1].
     */
    static List<Run> runs() {
        return ChildJvm.canPin(2) ? List.of(new Run(1, true), new Run(2, true), new Run(1, false))
                : List.of(new Run(1, false), new Run(2, false));
    }

    /** Runs the sweep on local[1] and local[2] under {@code outDir}. */
    public static ResultTable run(Path outDir, int cells, PrintStream log) {
        ResultTable t = new ResultTable("sweep scaling: the same sweep on local[1] and local[2] (child JVMs)", columns());
        List<String> jvm = sparkJvmArgs();
        double baseWall = Double.NaN;
        for (Run run : runs()) {
            int cores = run.cores();
            String master = "local[" + cores + "]";
            Path dir = outDir.resolve("local" + cores + (run.pinned() ? "-pinned" : ""));
            deleteRecursively(dir);
            Path output = dir.resolve("output");
            Path specFile = dir.resolve("spec.yaml");
            Path warmUpFile = dir.resolve("warm-up.yaml");
            Path result = dir.resolve("result.json");
            try {
                Files.createDirectories(dir);
                Files.writeString(specFile, spec(output, cells));
                Files.writeString(warmUpFile, spec(dir.resolve("warm-up-output"), WARM_UP_CELLS));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + specFile, e);
            }
            ChildJvm free = new ChildJvm(jvm, ScalingRun.class.getName(),
                    List.of(specFile.toString(), master, result.toString(), warmUpFile.toString()),
                    Map.of("SPARK_LOCAL_IP", "127.0.0.1", "OPENBLAS_NUM_THREADS", "1"));
            ChildJvm child = run.pinned() ? free.pinnedTo(cores).orElse(null) : free;
            if (child == null) {
                t.note(master + " on " + cores + " CPU(s): not run (no taskset, or fewer CPUs)");
                continue;
            }
            String cpus = run.pinned() ? Integer.toString(cores) : "all " + Runtime.getRuntime().availableProcessors();
            log.printf(Locale.ROOT, "  %s on %s CPU(s): child JVM sweep of %d cells ...%n", master, cpus, cells);
            ChildJvm.Outcome o = child.run(dir.resolve("child"), 1800);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (o.exitCode() != 0 || !Files.isRegularFile(result)) {
                t.note(master + ": the sweep child exited with " + o.exitCode() + "; see " + o.stderr());
                continue;
            }
            JsonNode r = read(result);
            double wall = r.get("wall_ms").asDouble() / 1e3;
            double work = (r.get("solve_ms").asDouble() + r.get("stats_ms").asDouble()
                    + r.get("prepare_ms").asDouble()) / 1e3;
            double executor = r.get("executor_run_ms").asDouble() / 1e3;
            if (Double.isNaN(baseWall)) {
                baseWall = wall;
            }
            double speedup = baseWall / wall;
            double efficiency = work / cores / wall;
            double share = executor > 0 ? 1 - work / executor : Double.NaN;
            // the paths' own time beyond solve, statistics and preparation (rows, waiting for the solve
            // thread), and the rest of the tasks (Spark and Parquet)
            double path = r.path("path_ms").asDouble(Double.NaN) / 1e3;
            double rows = path - work;
            double sparkParquet = executor - path;
            double cpu = r.path("process_cpu_ms").asDouble(-1) / 1e3;
            double coresUsed = cpu >= 0 ? cpu / wall : Double.NaN;
            t.add(master, cpus, r.get("total_cells").asLong(), r.get("computed").asLong(), r.get("failed").asLong(),
                    o.wallSeconds(), r.get("session_s").asDouble(), r.path("warm_up_s").asDouble(0), wall, r.get("computed").asDouble() / wall, speedup,
                    efficiency, executor, work, 1e3 * work / r.get("computed").asDouble(), share, rows, sparkParquet, coresUsed, load);
            log.printf(Locale.ROOT, "  %s on %s CPU(s): %.1f s, %.0f cells/s, speedup %.2f, efficiency %.2f, Spark share %.1f %%%n",
                    master, cpus, wall, r.get("computed").asDouble() / wall, speedup, efficiency, 100 * share);
        }
        if (t.rows().isEmpty()) {
            return t;
        }
        t.note("cpus: the CPUs the child JVM may use. A pinned child runs under taskset with"
                + " -XX:ActiveProcessorCount, so its GC, JIT and Spark threads share the master's cores: what an"
                + " executor given that many cores has. The last row, local[1] free to use every CPU, shows how much"
                + " of a second core local[1] already takes with its own JVM threads");
        t.note("speedup = sweep_wall(first row) / sweep_wall; efficiency = (cell_work_s / cores) / sweep_wall, where"
                + " cell_work_s sums the solve, statistics and preparation time measured inside the tasks; cell_ms ="
                + " cell_work_s per computed cell (the targets are for cells of at least 1 ms)");
        t.note("spark_share = 1 - cell_work_s / executor_run_s (executor run time of the sweep's tasks); targets:"
                + " speedup >= " + SPEEDUP_TARGET + ", spark_share <= " + SPARK_SHARE_TARGET + "; it splits into rows_s"
                + " (inside the paths: rows, waiting for the solve thread) and spark_parquet_s (the rest of the tasks)");
        t.note("cores_used = CPU time of the child JVM during the run / sweep_wall_s (all threads: executors,"
                + " driver, GC); below the master's core count when other processes held the cores");
        t.note("each child first runs a " + WARM_UP_CELLS + "-cell sweep into another output (warm_up_s), so the"
                + " measured run is the steady state of a long sweep: code compiled, Spark's and Parquet's one-time"
                + " set-up done");
        t.note("sweep_wall_s excludes JVM and SparkSession start-up and the warm-up (app_wall_s includes them); load_average after"
                + " each child (the cores are shared with other processes)");
        return t;
    }

    /**
     * The parent's flags plus, when missing, the module options Spark needs on Java 17 from
     * conf/spark-jvm.args of the checkout (the launcher passes them; a plain java or the tests may not).
     */
    static List<String> sparkJvmArgs() {
        List<String> jvm = new ArrayList<>(ChildJvm.inheritedJvmArgs());
        boolean hasOpens = jvm.stream().anyMatch(a -> a.contains("java.base/sun.nio.ch"));
        if (!hasOpens) {
            argsFile().ifPresent(f -> jvm.add("@" + f));
        }
        return jvm;
    }

    static Optional<Path> argsFile() {
        for (String prop : List.of("deepdual.home", "deepdual.project.dir", "user.dir")) {
            String home = System.getProperty(prop);
            if (home != null && Files.isRegularFile(Path.of(home, "conf", "spark-jvm.args"))) {
                return Optional.of(Path.of(home, "conf", "spark-jvm.args").toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    static JsonNode read(Path f) {
        try {
            return new ObjectMapper().readTree(Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

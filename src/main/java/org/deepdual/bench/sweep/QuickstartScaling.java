package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepdual.bench.solve.ChildJvm;
import org.deepdual.bench.solve.ResultTable;

/**
 * Part 4b of the benchmark: {@code jobs/quickstart.yaml} — a mix of closed-form cells and relu2, relu-1d and
 * general-X paths that cost 10–1000× more — end to end, as a user runs it: a fresh child JVM
 * ({@link EndToEndRun}) pinned to one CPU with local[1], then to two with local[2], each timed from the JVM's
 * start to the report written. Reported per child: the phases (JVM and Spark session start-up, cells, reduce,
 * report), the speedup of the whole and of the cells phase, and the cells' efficiency.
 */
public final class QuickstartScaling {
    public static final double SPEEDUP_TARGET = 1.8;

    private QuickstartScaling() {
    }

    public static List<String> columns() {
        return List.of("master", "cpus", "cells", "failed", "app_wall_s", "startup_s", "cells_s", "reduce_s",
                "report_s", "speedup", "cells_speedup", "cell_work_s", "cells_efficiency", "executor_run_s",
                "load_average");
    }

    /** Runs {@code spec} (with its output moved under {@code outDir}) pinned to 1 and to 2 CPUs. */
    public static ResultTable run(Path outDir, Path spec, PrintStream log) {
        ResultTable t = new ResultTable("sweep end to end: " + spec.getFileName()
                + " on 1 pinned CPU and on 2 (child JVMs: start-up, cells, reduce, report)", columns());
        String text;
        try {
            text = Files.readString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec, e);
        }
        double baseWall = Double.NaN;
        double baseCells = Double.NaN;
        for (int cpus : List.of(1, 2)) {
            String master = "local[" + cpus + "]";
            Path dir = outDir.resolve("e2e-local" + cpus);
            SweepScaling.deleteRecursively(dir);
            Path specFile = dir.resolve("spec.yaml");
            Path result = dir.resolve("result.json");
            try {
                Files.createDirectories(dir);
                Files.writeString(specFile, text.replaceFirst("(?m)^output: .*$",
                        "output: " + dir.resolve("output").toAbsolutePath()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + specFile, e);
            }
            ChildJvm child = new ChildJvm(SweepScaling.sparkJvmArgs(), EndToEndRun.class.getName(),
                    List.of(specFile.toString(), master, result.toString()),
                    Map.of("SPARK_LOCAL_IP", "127.0.0.1", "OPENBLAS_NUM_THREADS", "1")).pinnedTo(cpus).orElse(null);
            if (child == null) {
                t.note(master + " on " + cpus + " CPU(s): not run (no taskset, or fewer CPUs)");
                continue;
            }
            log.printf(Locale.ROOT, "  %s pinned to %d CPU(s): %s end to end ...%n", master, cpus, spec.getFileName());
            ChildJvm.Outcome o = child.run(dir.resolve("child"), 3600);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (o.exitCode() != 0 || !Files.isRegularFile(result)) {
                t.note(master + ": the child exited with " + o.exitCode() + "; see " + o.stderr());
                continue;
            }
            JsonNode r = SweepScaling.read(result);
            double cells = r.get("cells_s").asDouble();
            double work = r.get("cell_work_ms").asDouble() / 1e3;
            double startup = r.get("jvm_s").asDouble() + r.get("session_s").asDouble();
            if (Double.isNaN(baseWall)) {
                baseWall = o.wallSeconds();
                baseCells = cells;
            }
            t.add(master, cpus, r.get("computed").asLong(), r.get("failed").asLong(), o.wallSeconds(), startup, cells,
                    r.get("reduce_s").asDouble(), r.get("report_s").asDouble(), baseWall / o.wallSeconds(),
                    baseCells / cells, work, work / cpus / cells, r.get("executor_run_ms").asDouble() / 1e3, load);
            log.printf(Locale.ROOT, "  %s: %.1f s end to end (start-up %.1f, cells %.1f, reduce %.1f, report %.1f),"
                    + " speedup %.2f%n", master, o.wallSeconds(), startup, cells, r.get("reduce_s").asDouble(),
                    r.get("report_s").asDouble(), baseWall / o.wallSeconds());
        }
        t.note("each child runs under taskset with -XX:ActiveProcessorCount (its GC, JIT and Spark threads share the"
                + " master's cores) from an empty output; app_wall_s is the child's wall time, JVM start to exit;"
                + " startup_s = JVM to main + Spark session; speedup = app_wall_s(local[1]) / app_wall_s, target >= "
                + SPEEDUP_TARGET + "; cells_speedup the same for the cells phase alone");
        t.note("cells_efficiency = (cell_work_s / cpus) / cells_s, where cell_work_s sums the solve, statistics and"
                + " preparation time measured inside the tasks; load_average after each child (the cores are shared"
                + " with other processes: figures from a loaded machine are not the machine's)");
        return t;
    }
}

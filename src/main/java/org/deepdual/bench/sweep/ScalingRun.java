package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;

/**
 * The child program of {@link SweepScaling}: what {@code deepdual sweep SPEC --master M} does (its
 * {@link SweepSession}, then one cold {@link SweepRun}), without the reduce step, and the run's own accounting
 * written as JSON — wall time of the run, executor run time of its tasks, and the solve,
 * statistics and preparation time measured inside them — which the command does not print.
 * Arguments: {@code SPEC MASTER RESULT_JSON [WARM_UP_SPEC]}. With a warm-up spec, a small sweep into its own
 * output runs first in the same session, so the measured run sees what the bulk of a 10⁵–10⁶-cell sweep
 * sees (compiled code, Spark's and Parquet's one-time set-up done); its wall time is reported apart.
 * ({@link SweepThroughput} measures warm repeated runs in one session and prints them for people.)
 */
public final class ScalingRun {
    private ScalingRun() {
    }

    /** CPU time of this JVM (all threads), or a negative number where the platform does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: ScalingRun SPEC MASTER RESULT_JSON [WARM_UP_SPEC]");
            System.exit(2);
        }
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        long t0 = System.nanoTime();
        SparkSession session = SweepSession.create(args[1], "deepdual bench " + spec.name(), spec.spark());
        double sessionSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            SweepOptions quiet = SweepOptions.defaults().withProgress(new PrintStream(new ByteArrayOutputStream()),
                    3_600_000);
            double warmUpSeconds = 0;
            if (args.length == 4) {
                long w0 = System.nanoTime();
                new SweepRun(session, SpecReader.read(Path.of(args[3])), quiet).run();
                warmUpSeconds = (System.nanoTime() - w0) / 1e9;
            }
            long cpu0 = processCpuNanos();
            SweepResult r = new SweepRun(session, spec, quiet).run();
            long cpu = processCpuNanos() - cpu0;
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("master", args[1]);
            o.put("session_s", sessionSeconds);
            o.put("warm_up_s", warmUpSeconds);
            o.put("total_cells", r.totalCells());
            o.put("computed", r.computed());
            o.put("failed", r.failed());
            o.put("already_done", r.alreadyDone());
            o.put("batches", r.batches());
            o.put("wall_ms", r.wallMillis());
            o.put("executor_run_ms", r.executorRunMillis());
            o.put("solve_ms", r.solveMillis());
            o.put("stats_ms", r.statsMillis());
            o.put("prepare_ms", r.prepareMillis());
            o.put("path_ms", r.pathMillis());
            o.put("process_cpu_ms", cpu < 0 ? -1 : cpu / 1e6);
            Files.writeString(Path.of(args[2]), o.toString());
            System.out.println(o);
        } finally {
            session.stop();
        }
    }
}

package org.deepdual.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepdual.bench.solve.ChildJvm;

/**
 * What one run of the projection's spec in a child JVM ({@link ProjectionRun}) measured: its JSON, its wall time
 * and the load average after it.
 */
record MeasuredRun(String master, JsonNode json, double wallSeconds, double load) {

    /** Runs {@code spec} on {@code master} in a child JVM with {@code sparkFlags}; null when the child failed. */
    static MeasuredRun measure(Path spec, String master, List<String> sparkFlags, Path logPrefix,
            PrintStream log) {
        Path result = Path.of(logPrefix + ".json");
        List<String> jvm = new ArrayList<>(SweepScaling.sparkJvmArgs());
        jvm.addAll(sparkFlags);
        ChildJvm child = new ChildJvm(jvm, ProjectionRun.class.getName(),
                List.of(spec.toString(), master, result.toString()),
                Map.of("SPARK_LOCAL_IP", "127.0.0.1", "OPENBLAS_NUM_THREADS", "1"));
        log.printf(Locale.ROOT, "  %s: %s end to end (load average %.1f) ...%n", master, spec.getFileName(),
                loadAverage());
        ChildJvm.Outcome out = child.run(logPrefix, 3600);
        double load = loadAverage();
        if (out.exitCode() != 0 || !Files.isRegularFile(result)) {
            log.printf(Locale.ROOT, "  %s: the child exited with %d; see %s%n", master, out.exitCode(), out.stderr());
            return null;
        }
        log.printf(Locale.ROOT, "  %s: %.1f s (load average %.1f)%n", master, out.wallSeconds(), load);
        return new MeasuredRun(master, SweepScaling.read(result), out.wallSeconds(), load);
    }

    /** The system load average now. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

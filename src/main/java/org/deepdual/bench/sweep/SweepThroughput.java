package org.deepdual.bench.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.DataShipping;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;
import org.deepdual.sweep.SweepSpec;

/**
 * Throughput of one spec on one master: {@code SweepThroughput SPEC MASTER [broadcast|rebuild] [runs]}.
 * Each run solves every cell afresh into a new temporary output (the Spark session is shared, so
 * runs after the first are warm) and prints wall time, cells/s and where executor time went:
 * the share outside the solves, and outside solve + statistics + preparation (the sweep's own cost:
 * scheduling, rows, Parquet). Compare {@code local[1]} with {@code local[2]} for the speedup.
 */
public final class SweepThroughput {
    private SweepThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SweepThroughput SPEC MASTER [broadcast|rebuild] [runs]");
            System.exit(2);
        }
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        String master = args[1];
        DataShipping shipping = args.length > 2
                ? DataShipping.valueOf(args[2].toUpperCase(Locale.ROOT)) : DataShipping.BROADCAST;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path root = Files.createTempDirectory("deepdual-bench");
        long s0 = System.nanoTime();
        SparkSession spark = SweepSession.create(master, "deepdual bench " + spec.name(), spec.spark());
        double sessionSeconds = (System.nanoTime() - s0) / 1e9;
        try {
            System.out.printf(Locale.ROOT, "spec %s, master %s, shipping %s, session %.1f s%n", spec.name(), master,
                    shipping, sessionSeconds);
            for (int run = 0; run < runs; run++) {
                SweepSpec fresh = spec.withOutput(root.resolve("run" + run).toString());
                SweepOptions options = SweepOptions.defaults().withShipping(shipping).withForce(true)
                        .withProgress(System.err, 30_000);
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                double load0 = os.getSystemLoadAverage();
                SweepResult r = new SweepRun(spark, fresh, options).run();
                double coresUsed = (os.getProcessCpuTime() - cpu0) / 1e6 / r.wallMillis();
                long t0 = System.nanoTime();
                SweepReducer.reduce(spark, SweepOutput.resolve(r.output(), spark.sparkContext().hadoopConfiguration(),
                        "bench output"));
                double reduceSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: %d cells (%d failed) in %.2f s = %.1f cells/s; executor time"
                        + " %.1f s: solve %.1f s, stats %.1f s, prepare %.2f s, paths incl. rows %.1f s; outside solves"
                        + " %.1f%%, outside solve+stats+prepare %.1f%%; CPU: tasks %.1f s, solves %.1f s, outside"
                        + " solves %.1f%%; reduce %.1f s; cores used %.2f, load average %.1f%n", run, r.computed(),
                        r.failed(),
                        r.wallMillis() / 1000.0, r.cellsPerSecond(), r.executorRunMillis() / 1000.0,
                        r.solveMillis() / 1000, r.statsMillis() / 1000, r.prepareMillis() / 1000, r.pathMillis() / 1000,
                        100 * r.shareOutsideSolves(), 100 * r.shareOutsideCellWork(), r.taskCpuMillis() / 1000.0,
                        r.solveCpuMillis() / 1000, 100 * r.cpuShareOutsideSolves(), reduceSeconds, coresUsed, load0);
            }
        } finally {
            spark.stop();
        }
    }
}

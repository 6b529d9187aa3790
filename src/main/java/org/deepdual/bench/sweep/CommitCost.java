package org.deepdual.bench.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.deepdual.bench.solve.ResultTable;
import org.deepdual.bench.solve.SampleSummary;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;
import org.deepdual.sweep.SweepSession;

/**
 * What publishing a batch costs on each commit path ({@code bench --parts commit}): the same small sweep
 * (48 BN cells of milliseconds each) with {@code spark.deepdual.commit=rename} on local disk, {@code rename}
 * on an S3 server and {@code magic} on the same server. A batch's cost is the slope between two runs of the
 * same cells, one in many batches and one in as few as the planner makes: the run's fixed costs (session,
 * lock, spec, data sets, reading cells/) cancel, and what remains per batch is its jobs, its files and its
 * commit. Configurations alternate within each repetition, each in a fresh local[2] session, so that the
 * machine's load falls on all alike; the first two rounds warm the JVM up and are not counted (on a loaded
 * machine, the first counted round was still three times slower than the later ones).
 *
 * <p>The S3 server is S3Proxy on 127.0.0.1 (in memory, no network): its figures are the protocol's round
 * trips and copies, not a real store's latency, which multiplies them.
 */
public final class CommitCost {
    /** BN on a 3-class mixture: 12 β paths of 4 cells. */
    static final String SPEC = String.join("\n",
            "name: commit-bench",
            "output: OUTPUT",
            "data:",
            "  - name: mix",
            "    generator: mixture",
            "    n: 12",
            "    d: 4",
            "    classes: 3",
            "    seed: 3",
            "settings:",
            "  - name: bn",
            "    variant: [relu, linear]",
            "    data: [mix]",
            "    depth: [3, 4]",
            "beta: {logspace: [1.0e-2, 1.0e+1], count: 4}",
            "seeds: [0, 1, 2]",
            "");
    private static final int MANY = 4;
    private static final int FEW = 100_000;
    private static final int WARM_UP_ROUNDS = 2;

    private record Config(String name, String commit, boolean s3) {
    }

    private CommitCost() {
    }

    /**
     * Runs {@code reps} counted repetitions; the S3 rows need hadoop-aws on the classpath and S3Proxy's jar at
     * {@code s3proxyJar}, and are reported as not run (with the reason) otherwise.
     */
    public static ResultTable run(Path work, Path s3proxyJar, int reps, PrintStream log) {
        List<Config> configs = List.of(new Config("local rename", "rename", false),
                new Config("s3 rename", "rename", true), new Config("s3 magic", "magic", true));
        String s3Missing = s3Missing(s3proxyJar);
        ResultTable t = new ResultTable("commit cost per batch", List.of("commit", "store", "reps", "batches_many",
                "batches_few", "per_batch_ms_median", "per_batch_ms_q1", "per_batch_ms_q3", "ratio_vs_local_rename",
                "run_many_s_median"));
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        configs.forEach(c -> samples.put(c.name(), new ArrayList<>()));
        try (LocalS3Proxy s3 = s3Missing == null ? LocalS3Proxy.start(s3proxyJar, work.resolve("s3proxy")) : null) {
            for (int rep = 0; rep < WARM_UP_ROUNDS + reps; rep++) {
                for (Config c : configs) {
                    if (c.s3() && s3 == null) {
                        continue;
                    }
                    String root = c.s3() ? "s3a://" + LocalS3Proxy.BUCKET + "/" + UUID.randomUUID()
                            : work.resolve("local-" + UUID.randomUUID()).toString();
                    double[] s = measure(c, root, s3);
                    log.printf(Locale.ROOT, "  %s%s: %d batches %.2f s, %d batches %.2f s: %.1f ms per batch%n",
                            c.name(), rep < WARM_UP_ROUNDS ? " (warm-up)" : "", (long) s[1], s[0], (long) s[3], s[2],
                            perBatchMs(s));
                    if (rep >= WARM_UP_ROUNDS) {
                        samples.get(c.name()).add(s);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double local = SampleSummary.of(samples.get("local rename").stream().mapToDouble(CommitCost::perBatchMs)
                .toArray()).median();
        for (Config c : configs) {
            List<double[]> s = samples.get(c.name());
            if (s.isEmpty()) {
                t.add(c.commit(), c.s3() ? "s3 (S3Proxy)" : "local disk", 0, "", "", "", "", "", "",
                        "not run: " + s3Missing);
                continue;
            }
            SampleSummary perBatch = SampleSummary.of(s.stream().mapToDouble(CommitCost::perBatchMs).toArray());
            t.add(c.commit(), c.s3() ? "s3 (S3Proxy)" : "local disk", s.size(), (long) s.get(0)[1],
                    (long) s.get(0)[3], perBatch.median(), perBatch.q1(), perBatch.q3(), perBatch.median() / local,
                    SampleSummary.of(s.stream().mapToDouble(x -> x[0]).toArray()).median());
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        t.note(String.format(Locale.ROOT, "per batch = (wall of the run in many batches - wall in few) / (batch"
                + " difference), one 48-cell BN sweep, local[2], batch concurrency 1; ratio against local rename's"
                + " median in the same run; S3Proxy in memory on 127.0.0.1; load average %.1f at the end", load));
        return t;
    }

    /** {wall s many, batches many, wall s few, batches few}. */
    private static double[] measure(Config c, String root, LocalS3Proxy s3) {
        Map<String, String> settings = new HashMap<>();
        settings.put("spark.deepdual.commit", c.commit());
        if (c.s3()) {
            settings.putAll(s3.settings());
        }
        SparkSession spark = SweepSession.create("local[2]", "deepdual commit bench", settings);
        try {
            SweepResult many = sweep(spark, root + "/many", MANY);
            SweepResult few = sweep(spark, root + "/few", FEW);
            if (many.batches() <= few.batches()) {
                throw new IllegalStateException("the planner made " + many.batches() + " batches of at most " + MANY
                        + " cells and " + few.batches() + " of at most " + FEW);
            }
            return new double[] {many.wallMillis() / 1e3, many.batches(), few.wallMillis() / 1e3, few.batches()};
        } finally {
            spark.stop();
        }
    }

    private static SweepResult sweep(SparkSession spark, String output, int batchCells) {
        SweepOptions o = SweepOptions.defaults().withProgress(new PrintStream(OutputStream.nullOutputStream()),
                3_600_000).withBatchCells(batchCells).withConcurrency(1);
        SweepResult r = new SweepRun(spark, SpecReader.parse(SPEC.replace("OUTPUT", output), "commit-bench.yaml"), o)
                .run();
        if (r.computed() != r.totalCells()) {
            throw new IllegalStateException("the benchmark sweep into " + output + " computed " + r.computed() + " of "
                    + r.totalCells() + " cells");
        }
        return r;
    }

    private static double perBatchMs(double[] s) {
        return (s[0] - s[2]) * 1e3 / (s[1] - s[3]);
    }

    /** Why the S3 rows cannot run, or null. */
    private static String s3Missing(Path s3proxyJar) {
        try {
            Class.forName("org.apache.hadoop.fs.s3a.S3AFileSystem", false, CommitCost.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "hadoop-aws is not on the classpath (mvn -Ps3 package)";
        }
        return Files.isRegularFile(s3proxyJar) ? null : s3proxyJar + " is missing (mvn process-test-resources)";
    }
}

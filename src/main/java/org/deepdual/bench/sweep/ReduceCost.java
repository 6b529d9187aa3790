package org.deepdual.bench.sweep;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.CellSchema;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.deepdual.sweep.SweepSession;

/**
 * Cost of the reducer on an existing sweep output: {@code ReduceCost OUTPUT MASTER [copies] [runs]}.
 * With {@code copies > 1} the cells are first replicated into a temporary output, copy {@code i}
 * renaming every data set to {@code <data>~i}, so the number of β groups (and cells) grows by that
 * factor while each group keeps its seeds — the shape of a larger sweep. Each run prints the wall
 * time and the Spark jobs, stages and tasks the reducer launched, with the load average.
 */
public final class ReduceCost {
    private ReduceCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReduceCost OUTPUT MASTER [copies] [runs]");
            System.exit(2);
        }
        String output = args[0];
        int copies = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        SparkSession spark = SweepSession.create(args[1], "deepdual reduce bench", Map.of());
        try {
            if (copies > 1) {
                output = replicate(spark, output, copies);
            }
            Jobs jobs = new Jobs();
            spark.sparkContext().addSparkListener(jobs);
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int run = 0; run < runs; run++) {
                jobs.reset();
                double load = os.getSystemLoadAverage();
                long t0 = System.nanoTime();
                SweepReducer.reduce(spark, SweepOutput.resolve(output, spark.sparkContext().hadoopConfiguration(),
                        "bench output"));
                double seconds = (System.nanoTime() - t0) / 1e9;
                Thread.sleep(200); // the listener bus is asynchronous
                System.out.printf(Locale.ROOT, "run %d: reduce %.2f s; %d jobs, %d stages, %d tasks; load average %.1f%n",
                        run, seconds, jobs.jobs.get(), jobs.stages.get(), jobs.tasks.get(), load);
            }
        } finally {
            spark.stop();
        }
    }

    private static String replicate(SparkSession spark, String output, int copies) throws Exception {
        Path root = Files.createTempDirectory("deepdual-reduce-bench");
        Dataset<Row> cells = spark.read().parquet(output + "/cells");
        Dataset<Row> all = null;
        for (int i = 0; i < copies; i++) {
            Dataset<Row> c = cells.withColumn(CellSchema.DATA, concat(col(CellSchema.DATA), lit("~" + i)));
            all = all == null ? c : all.unionByName(c);
        }
        all.write().mode(SaveMode.ErrorIfExists).partitionBy(CellSchema.SETTING).parquet(root.resolve("cells").toString());
        System.out.printf(Locale.ROOT, "replicated %d cells x %d into %s%n", cells.count(), copies, root);
        return root.toString();
    }

    private static final class Jobs extends SparkListener {
        final AtomicInteger jobs = new AtomicInteger();
        final AtomicInteger stages = new AtomicInteger();
        final AtomicInteger tasks = new AtomicInteger();

        void reset() {
            jobs.set(0);
            stages.set(0);
            tasks.set(0);
        }

        final Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Integer, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        final boolean verbose = Boolean.getBoolean("deepdual.bench.jobs");

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            jobs.incrementAndGet();
            started.put(e.jobId(), e.time());
            names.put(e.jobId(), e.stageInfos().isEmpty() ? "?" : e.stageInfos().head().name());
        }

        @Override
        public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
            if (verbose) {
                System.out.printf(Locale.ROOT, "  job %d %s: %d ms (ended at %d)%n", e.jobId(), names.get(e.jobId()),
                        e.time() - started.get(e.jobId()), e.time() % 100_000);
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted e) {
            stages.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            tasks.incrementAndGet();
        }
    }
}

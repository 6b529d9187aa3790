package org.deepdual.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deepdual.solve.linear.GramFactors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs a sweep spec on Spark (the driver's side). In order: refuse a grid above {@code max_cells};
 * resolve the output; build and check the data sets; expand the grid; take the output's lock;
 * publish what an interrupted run left staged; record the spec and the data sets; read which cells
 * are present; then solve every β path with a missing cell, one Spark job per batch of paths, each
 * batch written through Spark's commit protocol and published exactly once by its {@link BatchCommit}
 * (staging and atomic renames, or S3A's magic committer on S3). Only counters travel back to the driver,
 * never rows.
 */
public final class SweepRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepRun.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** How long the end of a run waits for killed speculative attempts to unwind. */
    private static final long LOSING_ATTEMPTS_WAIT_MS = 30_000;
    /** The same wait after a stop, shorter: whoever stops a run wants it to end. */
    private static final long STOPPED_ATTEMPTS_WAIT_MS = 5_000;

    private final SparkSession spark;
    private final SweepSpec spec;
    private final SweepOptions options;
    private final SweepPlan plan;
    private StopRequest stop = StopRequest.PROCESS;

    /**
     * How a run is cut and stopped, from Spark settings: {@code spark.deepdual.batch.seconds} (default 20), the
     * estimated work of a batch per core when {@code spark.deepdual.batch.cells} is not set, and
     * {@code spark.deepdual.stop.graceSeconds} (default 30), how long a stop lets the batches in flight finish,
     * and {@code spark.deepdual.batch.slicesPerCore} (default 2), the tasks per core of a job whose measured path
     * costs differ widely and add up to seconds per core ({@link CostPacking}).
     */
    record StopPolicy(long batchSeconds, long graceSeconds, int slicesPerCore) {
        static StopPolicy of(org.apache.spark.SparkConf conf) {
            return new StopPolicy(positive(conf, "spark.deepdual.batch.seconds", 20),
                    nonNegative(conf, "spark.deepdual.stop.graceSeconds", 30),
                    (int) Math.min(64, positiveCount(conf, "spark.deepdual.batch.slicesPerCore", 2)));
        }

        private static long positiveCount(org.apache.spark.SparkConf conf, String key, long dflt) {
            String v = conf.get(key, Long.toString(dflt)).trim();
            try {
                long n = Long.parseLong(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(key + " must be a whole number >= 1, got '" + v + "'");
        }

        private static long positive(org.apache.spark.SparkConf conf, String key, long dflt) {
            long v = nonNegative(conf, key, dflt);
            if (v == 0) {
                throw new IllegalArgumentException(key + " must be a positive number of seconds, got 0");
            }
            return v;
        }

        private static long nonNegative(org.apache.spark.SparkConf conf, String key, long dflt) {
            String v = conf.get(key, Long.toString(dflt)).trim();
            try {
                long n = Long.parseLong(v);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(key + " must be a whole number of seconds >= 0, got '" + v + "'");
        }
    }

    /** Validates {@code spec} (see {@link SweepPlan#of}) and prepares to run it on {@code spark}. */
    public SweepRun(SparkSession spark, SweepSpec spec, SweepOptions options) {
        this(spark, SweepPlan.of(spec, options, spark.sparkContext().hadoopConfiguration()), options);
    }

    /** Runs a plan validated before the Spark session existed. */
    public SweepRun(SparkSession spark, SweepPlan plan, SweepOptions options) {
        this.spark = spark;
        this.spec = plan.spec();
        this.plan = plan;
        this.options = options.withSparkConf(spark.sparkContext().getConf());
        stopPolicy();   // a bad setting is refused before any job
        BatchCommit.choice(spark.sparkContext().getConf(), plan.output());
    }

    /** Stops on {@code request} instead of the process's signals (tests). */
    SweepRun stoppedBy(StopRequest request) {
        this.stop = request;
        return this;
    }

    private StopPolicy stopPolicy() {
        return StopPolicy.of(spark.sparkContext().getConf());
    }

    /** A new run id: UTC start time and a random suffix. */
    static String newRunId() {
        return "r" + RUN_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** Where results go: OUTPUT, or with {@code --recompute} the fresh sibling OUTPUT-<run_id>. */
    static String outputFor(SweepSpec spec, boolean recompute, String runId) {
        String o = spec.output().replaceAll("/+$", "");
        return recompute ? o + "-" + runId : o;
    }

    public SweepResult run() {
        long t0 = System.nanoTime();
        String runId = plan.runId();
        SweepOutput out = plan.output();
        DataCatalog catalog = plan.catalog();
        SweepGrid grid = plan.grid();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DistributedPreparation.Thresholds thresholds = DistributedPreparation.Thresholds.of(spec);
        Broadcast<Map<String, ShippedDataset>> shipped = null;
        stop.active(true);
        try (OutputLock lock = OutputLock.acquire(out, runId, options.staleLockMillis())) {
            BatchCommit staged = BatchCommit.of(spark, out);
            int recovered = staged.recover();
            MissingCells missing;
            long t1;
            Map<String, GramFactors> grams;
            Map<String, ShippedMoments> moments;
            try (JobDescription d = JobDescription.of(spark.sparkContext(), "sweep " + spec.name() + ": prepare")) {
                CellsTable.requireCurrentSchema(spark, out);
                out.writeAtomically(out.spec(runId), spec.text());
                out.writeAtomically(out.spec(), spec.text());
                // tables are read through the driver's session, which executors do not have: they travel even
                // when tasks rebuild the other data sets
                Map<String, ShippedDataset> toShip = options.shipping() == DataShipping.BROADCAST ? catalog.shipped()
                        : catalog.shippedTables();
                shipped = toShip.isEmpty() ? null : jsc.broadcast(toShip);
                Distributed dist = distributed(jsc, shipped, catalog, thresholds);
                grams = dist.grams();
                moments = dist.moments();
                writeDatasets(out, catalog, runId, staged, grams);
                t1 = System.nanoTime();
                // the ids read become a bit per cell of the grid, and go
                missing = MissingCells.of(grid, CellsTable.doneCells(spark, out));
            }
            LOG.info("run {} into {} (commit: {}): {} staged batches of interrupted runs published, {} cells of the"
                    + " grid present (read in {} ms)", runId, out, staged.name(), recovered,
                    missing.cellCount() - missing.missing(),
                    (System.nanoTime() - t1) / 1_000_000);
            Map<String, ShippedGram> gramsShipped = new java.util.LinkedHashMap<>();
            grams.forEach((fp, g) -> gramsShipped.put(fp, ShippedGram.of(g)));
            Broadcast<Map<String, ShippedGram>> gramBroadcast = grams.isEmpty() ? null : jsc.broadcast(gramsShipped);
            Broadcast<Map<String, ShippedMoments>> momentBroadcast = moments.isEmpty() ? null : jsc.broadcast(moments);
            try {
                return execute(out, catalog, grid, missing, runId, lock, staged, t0, shipped, gramBroadcast,
                        momentBroadcast, thresholds.maxCondition());
            } finally {
                if (gramBroadcast != null) {
                    gramBroadcast.destroy();
                }
                if (momentBroadcast != null) {
                    momentBroadcast.destroy();
                }
            }
        } finally {
            stop.active(false);
            if (shipped != null) {
                shipped.destroy();
            }
        }
    }

    /** Gram factors and per-class input moments of the large deep linear data sets, by fingerprint. */
    private record Distributed(Map<String, GramFactors> grams, Map<String, ShippedMoments> moments) {
    }

    /**
     * The Gram factors and the per-class moments of the large deep linear data sets
     * ({@link DistributedPreparation}), summed from the data broadcast (or, when tasks rebuild their data,
     * from a broadcast of those data sets only).
     */
    private Distributed distributed(JavaSparkContext jsc, Broadcast<Map<String, ShippedDataset>> shipped,
            DataCatalog catalog, DistributedPreparation.Thresholds thresholds) {
        List<org.deepdual.data.Dataset> candidates = DistributedPreparation.candidates(spec, catalog, thresholds);
        if (candidates.isEmpty()) {
            return new Distributed(Map.of(), Map.of());
        }
        Broadcast<Map<String, ShippedDataset>> source = shipped;
        if (shipped == null || candidates.stream().anyMatch(c -> !shipped.value().containsKey(c.fingerprint()))) {
            Map<String, ShippedDataset> only = new java.util.LinkedHashMap<>();
            candidates.forEach(c -> only.put(c.fingerprint(), ShippedDataset.of(c)));
            source = jsc.broadcast(only);
        }
        try {
            Map<String, GramFactors> grams = DistributedPreparation.compute(jsc, source, candidates, thresholds);
            Map<String, ShippedMoments> moments = new java.util.LinkedHashMap<>();
            DistributedPreparation.classMoments(jsc, source, candidates)
                    .forEach((fp, m) -> moments.put(fp, ShippedMoments.of(m)));
            return new Distributed(grams, moments);
        } finally {
            if (source != shipped) {
                source.destroy();
            }
        }
    }

    private SweepResult execute(SweepOutput out, DataCatalog catalog, SweepGrid grid, MissingCells cellsMissing,
            String runId, OutputLock lock, BatchCommit staged, long t0,
            Broadcast<Map<String, ShippedDataset>> shipped, Broadcast<Map<String, ShippedGram>> grams,
            Broadcast<Map<String, ShippedMoments>> moments, double maxCondition) {
        long total = cellsMissing.cellCount();
        long missing = cellsMissing.missing();
        long solveWork = cellsMissing.solveCells();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // a batch costs a job per setting and a Parquet file per task (~0.1-0.3 s each): few large batches,
        // but several, so that progress moves, and each about batch.seconds of work on every core, since a
        // stop loses the batches in flight
        int cores = Math.max(1, jsc.defaultParallelism());
        int maxCells = (int) Math.max(500, Math.min(50_000, (solveWork + 3) / 4));
        SettingCosts costs = new SettingCosts();
        BatchPlanner.Budget budget = options.batchCells() > 0 ? BatchPlanner.Budget.cells(options.batchCells())
                : BatchPlanner.Budget.work(stopPolicy().batchSeconds() * cores, maxCells, cores, costs);
        int plannedBatches = options.batchCells() > 0
                ? (int) Math.min(Integer.MAX_VALUE, (solveWork + options.batchCells() - 1) / options.batchCells()) : 0;
        SweepContext ctx = new SweepContext(runId, System.currentTimeMillis(), out.root().toString(),
                spec.saveWeights(), spec.cellTimeoutSeconds(), spec.baseline().isPresent(),
                spec.baseline().orElse(null), options.shipping(), spec.text(), spec.source(), spec.relu2Seed());
        GroupEvaluator.SweepCounters counters = new GroupEvaluator.SweepCounters(
                jsc.sc().longAccumulator("deepdual.cells"), jsc.sc().longAccumulator("deepdual.failed"),
                jsc.sc().longAccumulator("deepdual.solveNanos"), jsc.sc().longAccumulator("deepdual.statsNanos"),
                jsc.sc().longAccumulator("deepdual.prepareNanos"), jsc.sc().longAccumulator("deepdual.pathNanos"),
                jsc.sc().longAccumulator("deepdual.solveCpuNanos"));
        PathCosts pathCosts = new PathCosts();
        jsc.sc().register(pathCosts);   // unnamed: the UI shows named accumulators, and this one is a map of arrays
        GroupEvaluator evaluator = new GroupEvaluator(ctx, shipped, options.solver(), counters, grams, maxCondition)
                .timingPathsIn(pathCosts).withInputMoments(moments);
        CostPacking packing = new CostPacking(pathCosts, costs, cores, stopPolicy().slicesPerCore());
        String jobGroup = "deepdual-" + runId;
        ExecutorTime executorTime = new ExecutorTime(jobGroup);
        spark.sparkContext().addSparkListener(executorTime);
        int published = 0;
        try (SweepProgress progress = new SweepProgress(options.progress(), spec.name(), total, total - missing,
                counters.cells()::value, counters.failed()::value, options.progressMillis())) {
            Batches b = runBatches(jsc, evaluator, grid, cellsMissing, staged, lock, runId, budget, costs, packing,
                    plannedBatches, jobGroup, progress);
            published = b.published();
            awaitLosingAttempts(executorTime, stop.requested() ? STOPPED_ATTEMPTS_WAIT_MS : LOSING_ATTEMPTS_WAIT_MS);
            staged.finish(runId);
            if (stop.requested()) {
                long saved = total - missing + b.savedCells();
                LOG.info("run {} into {} stopped by SIG{}: {} of {} cells saved, {} batches published", runId, out,
                        stop.signal(), saved, total, published);
                throw new SweepStopped(saved, total, stop.exitCode());
            }
        } finally {
            spark.sparkContext().removeSparkListener(executorTime);
        }
        LOG.info("run {} into {}: found {} of {} cells done, ran {} ({} failed) in {} batches", runId, out,
                total - missing, total, counters.cells().value(), counters.failed().value(), published);
        LOG.info("run {}: executor seconds per cell learned for {} kinds of path: {}", runId, pathCosts.value().size(),
                pathCosts);
        return new SweepResult(out.toString(), runId, total, total - missing, counters.cells().value(),
                counters.failed().value(), published, (System.nanoTime() - t0) / 1_000_000, executorTime.millis.get(),
                counters.solveNanos().value() / 1e6, counters.statsNanos().value() / 1e6,
                counters.prepareNanos().value() / 1e6, counters.pathNanos().value() / 1e6,
                executorTime.cpuMillis.get(), counters.solveCpuNanos().value() / 1e6);
    }

    /**
     * Lets losing speculative attempts (killed once their partition succeeded elsewhere) unwind before
     * staging is removed, so that none recreates a directory under {@code _staging/} after it. Their
     * output is never published (only committed files are), so this is about leftovers, not results.
     */
    private static void awaitLosingAttempts(ExecutorTime executorTime, long waitMillis) {
        try {
            long left = executorTime.awaitNoRunningAttempts(waitMillis);
            if (left > 0) {
                LOG.warn("{} killed task attempts still running after {} ms; their staging is removed by the next run",
                        left, waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the batches of a run left: how many were published and how many cells they saved. */
    private record Batches(int published, long savedCells) {
    }

    /**
     * Submits the batches, {@code concurrency} in flight, until none is left or a stop is requested
     * ({@link StopRequest}): then nothing new is submitted, the batches in flight get the grace period to
     * finish and are cancelled after it (at once after a second signal), and every batch thread is waited
     * for, so that no batch is left half published.
     */
    private Batches runBatches(JavaSparkContext jsc, GroupEvaluator evaluator, SweepGrid grid, MissingCells missing,
            BatchCommit staged, OutputLock lock, String runId, BatchPlanner.Budget budget, SettingCosts costs,
            CostPacking packing, int plannedBatches, String jobGroup, SweepProgress progress) {
        int concurrency = Math.max(1, options.concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "deepdual-batch");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Long> completion = new ExecutorCompletionService<>(pool);
        Iterator<List<GroupTask>> batches = new BatchPlanner(grid, missing, spec, budget);
        long graceNanos = stopPolicy().graceSeconds() * 1_000_000_000L;
        int inFlight = 0;
        int next = 0;
        int published = 0;
        long saved = 0;
        long stopDeadline = 0;
        boolean cancelled = false;
        RuntimeException failure = null;
        try {
            while (true) {
                while (failure == null && !stop.requested() && inFlight < concurrency && batches.hasNext()) {
                    List<GroupTask> tasks = batches.next();
                    int b = next++;
                    String description = batchDescription(b, plannedBatches, tasks, progress);
                    completion.submit(() -> runBatch(jsc, evaluator, tasks, staged, lock, runId, b, jobGroup,
                            description, costs, packing));
                    inFlight++;
                }
                if (inFlight == 0) {
                    break;
                }
                if (stop.requested() && !cancelled) {
                    if (stopDeadline == 0) {
                        stopDeadline = System.nanoTime() + graceNanos;
                        LOG.warn("SIG{}: no new batches; the {} in flight get {} s to finish (a second signal stops"
                                + " at once)", stop.signal(), inFlight, stopPolicy().graceSeconds());
                    }
                    if (stop.immediate() || System.nanoTime() >= stopDeadline) {
                        jsc.cancelJobGroup(jobGroup);
                        cancelled = true;
                    }
                }
                Future<Long> f = completion.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (f == null) {
                    continue;
                }
                inFlight--;
                try {
                    saved += f.get();
                    published++;
                    boolean last = inFlight == 0 && (stop.requested() || failure != null || !batches.hasNext());
                    progress.batches(published, plannedBatches, last);
                } catch (ExecutionException e) {
                    // a batch cancelled by a stop is lost work, not a failure: its cells are simply missing
                    if (failure == null && !cancelled) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jsc.cancelJobGroup(jobGroup);
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
        return new Batches(published, saved);
    }

    /**
     * What the UI and the History Server show for a batch's jobs: the batch, its cells, and the run's
     * progress when it was submitted, e.g.
     * {@code sweep q batch 3: 1200 cells of 40 paths; at submission 45.3 cells/s, 2400/9000 cells, 0 failed}
     * ({@code batch 3/8} when batches are cut by count, so that their number is known in advance).
     */
    private String batchDescription(int b, int planned, List<GroupTask> tasks, SweepProgress progress) {
        long cells = tasks.stream().mapToLong(GroupTask::writeCount).sum();
        return String.format(java.util.Locale.ROOT, "sweep %s batch %d%s: %d cells of %d path%s; at submission %s",
                spec.name(), b + 1, planned > 0 ? "/" + planned : "", cells, tasks.size(),
                tasks.size() == 1 ? "" : "s", progress.counts());
    }

    /** Solves, commits and publishes one batch; returns the cells it saved. */
    private long runBatch(JavaSparkContext jsc, GroupEvaluator evaluator, List<GroupTask> tasks, BatchCommit staged,
            OutputLock lock, String runId, int b, String jobGroup, String description, SettingCosts costs,
            CostPacking packing) {
        // on the pool's thread: job groups and descriptions are thread-local properties of the submitting thread
        jsc.setJobGroup(jobGroup, description, true);
        Map<String, List<GroupTask>> bySetting = new TreeMap<>();
        for (GroupTask t : tasks) {
            bySetting.computeIfAbsent(t.setting, s -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<GroupTask>> e : bySetting.entrySet()) {
            long t0 = System.nanoTime();
            int slices = writeSetting(jsc, evaluator, e.getKey(), packing.pack(e.getValue()), staged, runId, b);
            costs.record(e.getKey(), e.getValue().stream().mapToLong(GroupTask::size).sum(),
                    (System.nanoTime() - t0) / 1e9 * Math.min(slices, packing.cores()));
        }
        staged.publish(runId, b, lock);
        return tasks.stream().mapToLong(GroupTask::writeCount).sum();
    }

    /**
     * One job per setting of a batch, written straight into the setting's partition directory
     * {@code cells/setting=S/} of the batch's staging: Spark's dynamic partitioning would sort every
     * task's rows by setting and keep a writer per partition value, for a value known in advance.
     * Each task writes one Parquet file (a file costs far more than its rows, ~50 ms against ~10 µs
     * per row): a task per slice of {@link CostPacking}, which balances the slices by estimated work.
     */
    private int writeSetting(JavaSparkContext jsc, GroupEvaluator evaluator, String setting,
            List<List<GroupTask>> slices, BatchCommit commit, String runId, int b) {
        // one slice per partition: parallelize cuts a list of n elements into n slices of one each
        JavaRDD<InternalRow> rows = jsc.parallelize(slices, slices.size())
                .flatMap((org.apache.spark.api.java.function.FlatMapFunction<List<GroupTask>, GroupTask>) List::iterator)
                .mapPartitions(evaluator)
                .mapPartitions(new CellRowEncoder(CellSchema.WITH_TRAJECTORY));
        Dataset<Row> df = internalRows(rows, CellSchema.WITH_TRAJECTORY);
        boolean trajectories = slices.stream().flatMap(List::stream).anyMatch(GroupTask::anyBaseline);
        if (trajectories) {
            df = df.persist(StorageLevel.MEMORY_AND_DISK());
        }
        // the first job solves the rows (the second reads them cached) and is the one that counts cells
        boolean trajectoriesFirst = trajectories && commit.trajectoriesFirst();
        try {
            if (trajectoriesFirst) {
                CountedJob.mark(jsc.sc(), true);
                commit.write(trajectoryPoints(df), BatchCommit.Part.TRAJECTORIES, runId, b, setting);
            }
            CountedJob.mark(jsc.sc(), !trajectoriesFirst);
            commit.write(df.drop(CellSchema.TRAJECTORY, CellSchema.SETTING), BatchCommit.Part.CELLS, runId, b,
                    setting);
            CountedJob.mark(jsc.sc(), false);
            if (trajectories && !trajectoriesFirst) {
                commit.write(trajectoryPoints(df), BatchCommit.Part.TRAJECTORIES, runId, b, setting);
            }
        } finally {
            CountedJob.mark(jsc.sc(), false);
            if (trajectories) {
                df.unpersist(false);
            }
        }
        return slices.size();
    }

    /** One row per recorded point of the baselines' training trajectories. */
    private static Dataset<Row> trajectoryPoints(Dataset<Row> cells) {
        return cells.where(col(CellSchema.BASELINE))
                .select(col(CellSchema.CELL_ID), col(CellSchema.DATA), col(CellSchema.SETTING),
                        col(CellSchema.BETA), col(CellSchema.DEPTH),
                        col(CellSchema.BASELINE_OPTIMIZER).as("optimizer"),
                        explode(col(CellSchema.TRAJECTORY)).as("p"))
                .select(CellSchema.CELL_ID, CellSchema.DATA, CellSchema.SETTING, CellSchema.BETA,
                        CellSchema.DEPTH, "optimizer", "p.*");
    }

    /** A DataFrame of rows already in Spark's internal form (see {@link CellRowEncoder}). */
    private Dataset<Row> internalRows(JavaRDD<InternalRow> rows, StructType schema) {
        if (spark instanceof org.apache.spark.sql.classic.SparkSession classic) {
            return classic.internalCreateDataFrame(rows.rdd(), schema, false);
        }
        throw new IllegalStateException("a sweep needs a classic Spark session (RDDs), got " + spark.getClass());
    }

    private void writeDatasets(SweepOutput out, DataCatalog catalog, String runId, BatchCommit staged,
            Map<String, GramFactors> grams) {
        Set<String> known = new HashSet<>();
        if (CellsTable.hasParquet(out, out.datasets())) {
            for (Row r : spark.read().parquet(out.datasets().toString())
                    .select(DataCatalog.NAME, DataCatalog.FINGERPRINT).collectAsList()) {
                known.add(r.getString(0) + "|" + r.getString(1));
            }
        }
        List<Row> rows = catalog.rows(runId, known, grams);
        if (rows.isEmpty()) {
            return;
        }
        staged.writeDatasets(spark.createDataFrame(rows, DataCatalog.SCHEMA), runId);
    }
}

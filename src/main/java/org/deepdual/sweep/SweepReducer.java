package org.deepdual.sweep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.LoggerFactory;

/**
 * Aggregates {@code OUTPUT/cells/} in one Spark query (the scan, one shuffle by path, a streaming pass) into
 * the by_beta rows; the driver collects them (one per β point, few beside the cells), derives by_path from them
 * ({@link PathSummaries}) and writes, with no further job over the cells, the outputs below. When by_beta has
 * more rows than {@value #DRIVER_ROWS_KEY} allows (decided from the count of cells/ in its Parquet footers and,
 * when that exceeds the cap, from a count of the persisted by_beta rows), Spark jobs write them instead
 * ({@link DistributedSummaries}), so the driver's heap does not bound the sweep.
 * <ul>
 *   <li>{@code summary/by_beta/}: per (data, setting, variant, objective, t, width, depth, β), over
 *       seeds: {@code cells}, {@code failed}, {@code certified}, {@code optimal}, {@code bounds} (a gap
 *       means a duality gap only beside its statuses: under BOUNDS it also holds the primal's distance from
 *       the optimum), and {@code <m>_mean}, {@code _std} (sample standard deviation, null for one seed),
 *       {@code _min}, {@code _max} of every scalar metric, the relative gap {@value #REL_GAP} among them,
 *       and, element by element (index = layer or layer pair), of every per-layer array;</li>
 *   <li>{@code summary/by_path/}: per (data, setting, variant, objective, t, width, depth): the status
 *       counts, the critical β from which on the network is zero for every seed (rank W_1 = 0; null when
 *       it never is), the β at which the seed-mean rank of W_1 steps down (with the ranks before and
 *       after), the largest gap with its β, the largest relative gap, and how many cells break each
 *       check of {@link PathViolations} along their seed's β path;</li>
 *   <li>{@code summary.csv}: by_beta in one CSV file, arrays as ';'-joined strings, written through
 *       a temporary name and a rename.</li>
 * </ul>
 * Failed cells count in {@code cells} and {@code failed}; their undefined values are null and do not
 * enter the statistics.
 */
public final class SweepReducer {
    static final List<String> BETA_KEY = List.of(CellSchema.DATA, CellSchema.SETTING, CellSchema.VARIANT,
            CellSchema.OBJECTIVE, CellSchema.LOSS, CellSchema.T, CellSchema.WIDTH, CellSchema.DEPTH, CellSchema.BETA);
    static final List<String> PATH_KEY = BETA_KEY.subList(0, BETA_KEY.size() - 1);
    /** The gap relative to the primal's scale, gap/max(1, |primal|) (docs/theory.md §3): derived, not stored. */
    static final String REL_GAP = "rel_gap";
    static final List<String> SCALARS = List.of(CellSchema.PRIMAL, CellSchema.DUAL, CellSchema.DUAL_ESTIMATE,
            CellSchema.GAP, REL_GAP,
            CellSchema.FORWARD_PRIMAL, CellSchema.T_STAR, CellSchema.BALANCE, CellSchema.NC1, CellSchema.NC2_EQUINORM,
            CellSchema.NC2_EQUIANGULAR, CellSchema.NC2_ETF_DEV, CellSchema.NC3_RAW, CellSchema.NC3_CENTERED,
            CellSchema.NC4, CellSchema.TRAIN_ACCURACY, CellSchema.BASELINE_OBJECTIVE, CellSchema.BASELINE_EXCESS,
            CellSchema.SOLVE_MS, CellSchema.STATS_MS);
    static final List<String> ARRAYS = List.of(CellSchema.LAYER_FRO, CellSchema.LAYER_OP, CellSchema.LAYER_RANK,
            CellSchema.LAYER_STABLE_RANK, CellSchema.ALIGN_TOP1, CellSchema.ALIGN_TOP2, CellSchema.ALIGN_SUBSPACE,
            CellSchema.BASELINE_LAYER_RANK, CellSchema.BASELINE_LAYER_STABLE_RANK);

    /**
     * The path key as one string (JSON of the key columns; a null field is left out, which still tells the
     * keys apart): a shuffle by it serves every later grouping, and unlike a key with a double in it, it is
     * not rewritten by float normalization, so Spark sees that the data is already partitioned.
     */
    static final String PATH = "_path";
    /** The hash of {@link #PATH}, leading the sort within the shuffle; not carried into by_beta. */
    static final String PATH_HASH = "_path_hash";
    /**
     * The Spark setting that caps the by_beta rows collected to the driver; above it the summaries are written by
     * Spark jobs ({@link DistributedSummaries}).
     */
    static final String DRIVER_ROWS_KEY = "spark.deepdual.reduce.driverRows";
    static final long DEFAULT_DRIVER_ROWS = 200_000;
    /** Prefix of the per-β sums of the path checks, carried in by_beta for by_path and dropped before writing. */
    static final String HIDDEN = "_paths_";

    private SweepReducer() {
    }

    /** Reads cells/ of {@code out} and writes summary/by_beta, summary/by_path and summary.csv. */
    public static Summary reduce(SparkSession spark, SweepOutput out) {
        if (!CellsTable.hasParquet(out, out.cells())) {
            throw new IllegalArgumentException("output " + out + " has no cells/ to reduce");
        }
        long driverRows = driverRows(spark);
        try (JobDescription d = JobDescription.of(spark.sparkContext(), "reduce " + out)) {
            return reduceCells(spark, out, driverRows);
        }
    }

    private static Summary reduceCells(SparkSession spark, SweepOutput out, long driverRows) {
        long t0 = System.nanoTime();
        // The known schema, pruned to the columns aggregated: no schema-inference job, no unused columns read.
        Dataset<Row> cells = spark.read().schema(inputSchema()).parquet(out.cells().toString());
        String path = "driver";
        try (StepProgress progress = StepProgress.onStderr("reduce " + out, 3, spark.sparkContext())) {
            progress.step("summary/by_beta (reads cells/)", 0);
            // The one query over the cells: its by_beta rows, one per β point, are collected to the driver, which
            // derives by_path and summary.csv from them without another Spark job, unless they are too many.
            Dataset<Row> byBeta = byBeta(cells, PathViolations.zeroNetwork(spark, out));
            Dataset<Row> kept = null;
            try {
                // by_beta has at most one row per cell, and cells/ is counted from its Parquet footers: a sweep
                // with few cells pays only that count; a larger one keeps by_beta and counts it.
                if (cells.count() > driverRows) {
                    kept = byBeta.persist(StorageLevel.MEMORY_AND_DISK());
                    if (kept.count() > driverRows) {
                        path = "distributed";
                        DistributedSummaries.write(out, kept);
                        progress.step("summary/by_path", 0);
                        progress.step("summary.csv", 0);
                    }
                }
                if (path.equals("driver")) {
                    Dataset<Row> source = kept == null ? byBeta : kept;
                    writeFromDriver(spark, out, source.schema(), new ArrayList<>(source.collectAsList()), progress);
                }
            } finally {
                if (kept != null) {
                    kept.unpersist();
                }
            }
        }
        LoggerFactory.getLogger(SweepReducer.class).info("reduced {} in {} ms ({} summaries; {} = {})", out,
                (System.nanoTime() - t0) / 1_000_000, path, DRIVER_ROWS_KEY, driverRows);
        return new Summary(out.summaryByBeta(), out.summaryByPath(), out.summaryCsv(), path.equals("driver"));
    }

    /** Sorts the collected by_beta rows and writes the three outputs from them. */
    private static void writeFromDriver(SparkSession spark, SweepOutput out, StructType keyedSchema, List<Row> keyed,
            StepProgress progress) {
        keyed.sort(new BetaKeyOrder(keyedSchema));
        StructType publishedSchema = published(keyedSchema);
        List<Row> published = published(keyed, publishedSchema.size());
        // The three outputs are independent: summary.csv (driver only) and by_path are written beside
        // by_beta's Parquet job, so that the driver's work and the executors' overlap.
        ExecutorService writers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "deepdual-reduce-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> csv = writers.submit(() -> new SummaryCsv(publishedSchema).write(out, published));
            Future<?> byPath = writers.submit(() -> {
                PathSummaries paths = new PathSummaries(keyedSchema, PATH, HIDDEN);
                replaceDirectory(out, spark.createDataFrame(paths.of(keyed), paths.schema()), out.summaryByPath());
            });
            replaceDirectory(out, spark.createDataFrame(published, publishedSchema), out.summaryByBeta());
            progress.step("summary/by_path", 0);
            await(byPath);
            progress.step("summary.csv", 0);
            await(csv);
        } finally {
            writers.shutdownNow();
        }
    }

    /**
     * The most by_beta rows the driver collects, from {@value #DRIVER_ROWS_KEY}: about 10 KB of driver heap each.
     */
    static long driverRows(SparkSession spark) {
        String v = spark.conf().get(DRIVER_ROWS_KEY, Long.toString(DEFAULT_DRIVER_ROWS));
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DRIVER_ROWS_KEY + " must be an integer >= 0, got '" + v + "'");
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the summaries", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** by_beta as written: without the path key (first) and the per-β sums of the path checks (last). */
    static StructType published(StructType keyed) {
        StructField[] f = keyed.fields();
        return new StructType(java.util.Arrays.copyOfRange(f, 1, f.length - PathViolations.FLAGS.size()));
    }

    private static List<Row> published(List<Row> keyed, int columns) {
        List<Row> rows = new ArrayList<>(keyed.size());
        for (Row r : keyed) {
            Object[] v = new Object[columns];
            for (int i = 0; i < columns; i++) {
                v[i] = r.get(i + 1);
            }
            rows.add(RowFactory.create(v));
        }
        return rows;
    }

    /** The columns of cells/ the summaries read, typed as {@link CellSchema#CELLS} types them. */
    static StructType inputSchema() {
        Set<String> used = new HashSet<>(BETA_KEY);
        used.addAll(List.of(CellSchema.STATUS, CellSchema.CERTIFIED));
        used.addAll(PathViolations.INPUTS);
        used.addAll(SCALARS);
        used.addAll(ARRAYS);
        StructType schema = new StructType();
        for (StructField f : CellSchema.CELLS.fields()) {
            if (used.contains(f.name())) {
                schema = schema.add(f);
            }
        }
        return schema;
    }

    /** Where the reducer wrote, and whether the driver assembled the summaries (false: Spark jobs did). */
    public record Summary(Path byBeta, Path byPath, Path csv, boolean onDriver) {
    }

    /**
     * The by_beta rows, each led by its path key {@link #PATH} and followed by the per-β sums of the
     * {@link PathViolations} flags (both dropped before writing); {@code zeroNetwork} is
     * {@link PathViolations#zeroNetwork}.
     */
    static Dataset<Row> byBeta(Dataset<Row> cells, Dataset<Row> zeroNetwork) {
        // One shuffle, by path: the path checks and the β points all live in it. Sorted by (path, β) within it,
        // each β point's cells are adjacent, and one streaming pass aggregates them all and counts the path
        // checks at the end of each path key (BetaPointAggregation, PathChecks). The path's hash leads the sort
        // so that rows compare by an 8-byte prefix, not by JSON strings that all begin alike.
        // rows written before the loss column have none: they are squared-loss cells
        Dataset<Row> keyed = cells.withColumn(CellSchema.LOSS, coalesce(col(CellSchema.LOSS), lit("squared")))
                .withColumn(PATH, to_json(struct(keys(PATH_KEY))))
                .repartition(col(PATH))
                .withColumn(REL_GAP, expr(CellSchema.GAP + " / greatest(1, abs(" + CellSchema.PRIMAL + "))"));
        // The hash is a column, not a sort expression: the rows of a path share its 8-byte prefix, so nearly every
        // comparison goes past it, and with an expression each comparison hashed both rows' JSON strings again
        // (a JFR profile put 7 % of a warm reduce's samples there).
        Dataset<Row> sorted = PathViolations.cellInputs(keyed, zeroNetwork)
                .withColumn(PATH_HASH, xxhash64(col(PATH)))
                .sortWithinPartitions(col(PATH_HASH), col(PATH), col(CellSchema.BETA));
        StructType schema = BetaPointAggregation.outputSchema(sorted.schema(), PATH, HIDDEN);
        // over Spark's internal rows: no decoding of the cells into Rows, no encoding of the by_beta rows back
        RDD<InternalRow> points = sorted.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(new BetaPointAggregation(sorted.schema(), PATH)).rdd();
        return ((org.apache.spark.sql.classic.SparkSession) sorted.sparkSession())
                .internalCreateDataFrame(points, schema, false);
    }

    /** by_beta as written: without the path key and the per-β sums of the path checks. */
    static Dataset<Row> published(Dataset<Row> keyed) {
        Dataset<Row> out = keyed.drop(PATH);
        for (String f : PathViolations.FLAGS) {
            out = out.drop(HIDDEN + f);
        }
        return out;
    }

    private static Column[] keys(List<String> names) {
        return names.stream().map(n -> col(n)).toArray(Column[]::new);
    }

    /** Writes {@code data} to a fresh temporary directory, then swaps it in for {@code target}. */
    static void replaceDirectory(SweepOutput out, Dataset<Row> data, Path target) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        // without dictionary encoding: the statistics are distinct doubles, and trying the dictionary costs more
        // than the write
        data.write().mode(SaveMode.ErrorIfExists).option("parquet.enable.dictionary", "false").parquet(tmp.toString());
        try {
            Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            boolean had = out.fs().exists(target);
            if (had && !out.fs().rename(target, old)) {
                throw new IOException("rename " + target + " -> " + old + " failed");
            }
            if (!out.fs().rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
            if (had) {
                out.fs().delete(old, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
    }
}

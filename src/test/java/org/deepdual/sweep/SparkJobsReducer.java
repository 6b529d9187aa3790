package org.deepdual.sweep;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The reducer as it was before the summaries were assembled on the driver (commit a2d9211): the same streaming
 * by_beta pass (its rows sorted by the path's JSON string), persisted, then by_beta, by_path (two window functions and a grouping) and summary.csv (Spark's
 * CSV writer, one task) each written by their own Spark jobs. Kept as the reference the driver-side summaries
 * must equal, and for timing the two side by side.
 */
public final class SparkJobsReducer {
    private SparkJobsReducer() {
    }

    /** Reads cells/ of {@code out} and writes summary/by_beta, summary/by_path and summary.csv the former way. */
    public static void reduce(SparkSession spark, SweepOutput out) {
        Dataset<Row> cells = spark.read().schema(SweepReducer.inputSchema()).parquet(out.cells().toString());
        Dataset<Row> keyed = byBeta(cells, PathViolations.zeroNetwork(spark, out))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> byBeta = SweepReducer.published(keyed);
            replaceDirectory(out, byBeta, out.summaryByBeta());
            replaceDirectory(out, byPath(keyed), out.summaryByPath());
            writeCsv(out, byBeta);
        } finally {
            keyed.unpersist();
        }
    }

    /** {@link SweepReducer#byBeta} as it was: sorted by the path's JSON string itself. */
    static Dataset<Row> byBeta(Dataset<Row> cells, Dataset<Row> zeroNetwork) {
        Dataset<Row> keyed = cells.withColumn(CellSchema.LOSS, coalesce(col(CellSchema.LOSS), lit("squared")))
                .withColumn(SweepReducer.PATH, to_json(struct(SweepReducer.PATH_KEY.stream().map(k -> col(k))
                        .toArray(Column[]::new))))
                .repartition(col(SweepReducer.PATH))
                .withColumn(SweepReducer.REL_GAP, expr(CellSchema.GAP + " / greatest(1, abs(" + CellSchema.PRIMAL
                        + "))"));
        Dataset<Row> sorted = PathViolations.cellInputs(keyed, zeroNetwork)
                .sortWithinPartitions(col(SweepReducer.PATH), col(CellSchema.BETA));
        StructType schema = BetaPointAggregation.outputSchema(sorted.schema(), SweepReducer.PATH, SweepReducer.HIDDEN);
        return sorted.mapPartitions(new BetaPointAggregation(sorted.schema(), SweepReducer.PATH), Encoders.row(schema));
    }

    /** by_path from by_beta rows that carry their path key {@link SweepReducer#PATH}. */
    static Dataset<Row> byPath(Dataset<Row> byBeta) {
        String path = SweepReducer.PATH;
        String partition = "PARTITION BY " + path;
        Dataset<Row> w = byBeta
                .withColumn("_rank1_max", expr("try_element_at(layer_rank_max, 1)"))
                .withColumn("_rank1_mean", expr("try_element_at(layer_rank_mean, 1)"))
                .withColumn("_last_nonzero", expr("max(CASE WHEN _rank1_max > 0 THEN beta END) OVER (" + partition
                        + ")"))
                .withColumn("_prev_rank1", expr("lag(_rank1_mean) OVER (" + partition + " ORDER BY beta)"));
        List<Column> aggs = new ArrayList<>(List.of(
                expr("sum(failed)").as("failed"),
                expr("sum(certified)").as("certified"),
                expr("sum(optimal)").as("optimal"),
                expr("sum(bounds)").as("bounds"),
                expr("count(*)").as("betas"),
                expr("min(beta)").as("beta_min"),
                expr("max(beta)").as("beta_max"),
                expr("min(CASE WHEN _rank1_max = 0 AND (_last_nonzero IS NULL OR beta > _last_nonzero) THEN beta END)")
                        .as("critical_beta"),
                expr("array_sort(collect_list(CASE WHEN _rank1_mean < _prev_rank1 THEN named_struct('beta', beta, "
                        + "'rank_before', _prev_rank1, 'rank_after', _rank1_mean) END))").as("rank_steps"),
                expr("max(gap_max)").as("max_gap"),
                expr("max_by(beta, gap_max)").as("max_gap_beta"),
                expr("max(" + SweepReducer.REL_GAP + "_max)").as("max_rel_gap")));
        for (String f : PathViolations.FLAGS) {
            aggs.add(expr("sum(" + SweepReducer.HIDDEN + f + ")").as(f));
        }
        List<Column> keys = new ArrayList<>();
        keys.add(col(path));
        SweepReducer.PATH_KEY.forEach(k -> keys.add(col(k)));
        return w.groupBy(keys.toArray(new Column[0])).agg(expr("sum(cells)").as("cells"), aggs.toArray(new Column[0]))
                .drop(path);
    }

    private static void replaceDirectory(SweepOutput out, Dataset<Row> data, Path target) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        data.write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
        try {
            if (out.fs().exists(target)) {
                out.fs().delete(target, true);
            }
            if (!out.fs().rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
    }

    private static void writeCsv(SweepOutput out, Dataset<Row> byBeta) {
        List<Column> flat = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : byBeta.schema().fields()) {
            if (f.dataType() instanceof org.apache.spark.sql.types.ArrayType) {
                flat.add(expr("array_join(cast(`" + f.name() + "` AS array<string>), ';', '')").as(f.name()));
            } else {
                flat.add(col(f.name()));
            }
        }
        Path tmp = new Path(out.root(), ".summary.csv.tmp-" + UUID.randomUUID());
        byBeta.select(flat.toArray(new Column[0])).coalesce(1)
                .sortWithinPartitions(SweepReducer.BETA_KEY.stream().map(k -> col(k)).toArray(Column[]::new)).write()
                .option("header", "true").csv(tmp.toString());
        try {
            Path part = null;
            for (FileStatus st : out.fs().listStatus(tmp)) {
                if (st.getPath().getName().startsWith("part-")) {
                    part = st.getPath();
                }
            }
            if (part == null) {
                throw new IOException("no part file in " + tmp);
            }
            out.replaceWith(part, out.summaryCsv());
            out.fs().delete(tmp, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.summaryCsv(), e);
        }
    }
}

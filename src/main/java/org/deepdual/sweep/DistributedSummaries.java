package org.deepdual.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The summaries written by Spark jobs, for a by_beta too large for the driver: when the by_beta rows exceed
 * {@value SweepReducer#DRIVER_ROWS_KEY} (see {@link SweepReducer}), by_beta is written from the executors, by_path
 * comes from two window functions and a grouping over it, and summary.csv from Spark's CSV writer (one task,
 * sorted by the β key), so the driver holds no row. Slower than the driver path on small sweeps (docs/performance.md),
 * but its memory does not grow with the sweep; it writes the same summaries (DriverSummariesTest).
 */
final class DistributedSummaries {
    private DistributedSummaries() {
    }

    /**
     * Writes summary/by_beta, summary/by_path and summary.csv of {@code out} from {@code keyed}, the rows of
     * {@link SweepReducer#byBeta} (persisted by the caller: every output reads them).
     */
    static void write(SweepOutput out, Dataset<Row> keyed) {
        Dataset<Row> byBeta = SweepReducer.published(keyed);
        SweepReducer.replaceDirectory(out, byBeta, out.summaryByBeta());
        SweepReducer.replaceDirectory(out, byPath(keyed), out.summaryByPath());
        writeCsv(out, byBeta);
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

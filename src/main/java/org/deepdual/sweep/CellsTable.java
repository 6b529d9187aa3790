package org.deepdual.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;

/** Reading {@code OUTPUT/cells/}: whether it has data, and the ids of the cells present. */
final class CellsTable {
    private CellsTable() {
    }

    static boolean hasParquet(SweepOutput out, Path dir) {
        try {
            if (!out.fs().exists(dir)) {
                return false;
            }
            RemoteIterator<LocatedFileStatus> it = out.fs().listFiles(dir, true);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                if (p.getName().endsWith(".parquet") && visibleBelow(dir, p)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Whether Spark's reader sees {@code p}: no name from {@code dir} down starts with "_" or "." (S3A's
     * {@code __magic*} directories of a write in progress hold zero-byte markers named like part files).
     */
    private static boolean visibleBelow(Path dir, Path p) {
        for (Path q = p; q != null && q.depth() > dir.depth(); q = q.getParent()) {
            if (q.getName().startsWith("_") || q.getName().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses to resume into an output whose cells/ holds rows of another schema version: their columns
     * mean something else (docs/output.md, schema_version), so mixing them would publish two meanings under
     * one name.
     */
    static void requireCurrentSchema(SparkSession spark, SweepOutput out) {
        if (!hasParquet(out, out.cells())) {
            return;
        }
        Dataset<Row> cells = spark.read().parquet(out.cells().toString());
        Column version = java.util.Arrays.asList(cells.columns()).contains(CellSchema.SCHEMA_VERSION)
                ? functions.col(CellSchema.SCHEMA_VERSION) : functions.lit(null).cast("int");
        List<Row> other = cells.select(version.as(CellSchema.SCHEMA_VERSION))
                .filter(functions.not(functions.col(CellSchema.SCHEMA_VERSION).eqNullSafe(CellSchema.VERSION)))
                .groupBy(CellSchema.SCHEMA_VERSION).count().collectAsList();
        if (!other.isEmpty()) {
            String found = other.stream().map(r -> r.getLong(1) + " cells of schema version "
                    + (r.isNullAt(0) ? "0 (none stored)" : r.get(0))).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("output " + out + ": cells/ holds " + found + "; this deepdual writes"
                    + " schema version " + CellSchema.VERSION + " (relu2's dual is a proven bound, its searched value"
                    + " is dual_estimate): run with --recompute for a new output, or choose another output");
        }
    }

    /** The ids present in cells/, streamed partition by partition into a compact set. */
    static DoneCells doneCells(SparkSession spark, SweepOutput out) {
        if (!hasParquet(out, out.cells())) {
            return new DoneCells();
        }
        Dataset<Row> cells = spark.read().parquet(out.cells().toString());
        Column path = java.util.Arrays.asList(cells.columns()).contains(CellSchema.GROUP_ID)
                ? functions.col(CellSchema.GROUP_ID) : functions.lit(null).cast("string");
        Dataset<Row> ids = cells.select(functions.col(CellSchema.CELL_ID), path);
        // the count comes from the Parquet footers: the set is sized once, never copied to grow
        DoneCells done = new DoneCells(ids.count());
        Iterator<Row> rows = ids.toLocalIterator();
        while (rows.hasNext()) {
            Row r = rows.next();
            done.add(r.getString(0), r.isNullAt(1) ? null : r.getString(1));
        }
        return done;
    }
}

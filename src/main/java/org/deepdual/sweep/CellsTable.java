package org.deepdual.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
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
                String name = it.next().getPath().getName();
                if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The ids present in cells/, streamed partition by partition into a compact set. */
    static DoneCells doneCells(SparkSession spark, SweepOutput out) {
        if (!hasParquet(out, out.cells())) {
            return new DoneCells();
        }
        Iterator<Row> rows = spark.read().parquet(out.cells().toString()).select(CellSchema.CELL_ID).toLocalIterator();
        return DoneCells.of(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public String next() {
                return rows.next().getString(0);
            }
        });
    }
}

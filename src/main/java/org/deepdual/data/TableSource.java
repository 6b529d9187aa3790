package org.deepdual.data;

/**
 * Reads the table of a parquet, orc or libsvm data set. The readers use Spark's data sources, so
 * they live above this package (org.deepdual.sweep.tables); this package only turns what they read
 * into a {@link Dataset}, with the subsampling, targets and fingerprint every file loader shares.
 */
public interface TableSource {
    /** The table of {@code spec}, its columns checked (present, numeric, finite); bad input throws IllegalArgumentException. */
    TableContent read(DatasetSpec spec);

    /** No reader: outside a sweep (solve, datasets, report without a session) tables are refused. */
    TableSource NONE = spec -> {
        throw new IllegalArgumentException("data '" + spec.name() + "': generator " + spec.generator()
                + " reads its table with Spark: only a sweep (deepdual sweep) can build it");
    };
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reducer that assembles by_path and summary.csv on the driver writes the summaries the former Spark-jobs
 * reducer ({@link SparkJobsReducer}) wrote from the same cells/: same schemas and rows, summary.csv with the same
 * header and lines in the same order, numbers to 1e-12 relative.
 */
class DriverSummariesTest {
    @TempDir
    Path dir;

    @Test
    void aRealSweepsSummariesEqualTheFormerReducers() throws IOException {
        Path out = dir.resolve("out");
        SweepFixtures.run(SweepFixtures.smallSpec(out), SweepFixtures.quiet());
        Path reference = dir.resolve("reference");
        copy(out.resolve("cells"), reference.resolve("cells"));
        copy(out.resolve("datasets"), reference.resolve("datasets"));
        int lines = reduceBothAndCompare(out, reference);
        assertEquals(SharedSpark.get().read().parquet(out.resolve("summary/by_beta").toString()).count() + 1, lines);
        assertTrue(lines > 10, "a real sweep's summary: " + lines + " lines");
    }

    @Test
    void generatedCellsWithNullKeysNansAndQuotedNamesGiveTheFormerReducersSummaries() throws IOException {
        List<Row> rows = new ArrayList<>();
        int data = CellSchema.index(CellSchema.DATA);
        int gap = CellSchema.index(CellSchema.GAP);
        int beta = CellSchema.index(CellSchema.BETA);
        int i = 0;
        for (Row r : BetaPointAggregationTest.generated(new Random(7))) {
            Object[] v = new Object[r.size()];
            for (int c = 0; c < v.length; c++) {
                v[c] = r.get(c);
            }
            if ("b".equals(v[data])) {
                v[data] = "b, \"quoted\""; // CSV quoting of a name with a comma and quotes
            }
            if (i++ % 17 == 0 && v[gap] != null) {
                v[gap] = Double.NaN; // NaN orders above every number in max, max_by and the checks
            }
            if ((double) v[beta] == 100) {
                v[CellSchema.index(CellSchema.LAYER_RANK)] = scala.jdk.javaapi.CollectionConverters.asScala(
                        List.<Object>of(0, 0)).toSeq(); // a vanishing network: critical β and rank steps
            }
            rows.add(RowFactory.create(v));
        }
        Path out = dir.resolve("generated");
        Path reference = dir.resolve("generated-reference");
        SparkSession spark = SharedSpark.get();
        spark.createDataFrame(rows, CellSchema.CELLS).write().mode(SaveMode.ErrorIfExists)
                .parquet(out.resolve("cells").toString());
        copy(out.resolve("cells"), reference.resolve("cells"));
        assertEquals(2 * 3 * 3 * 5 + 1, reduceBothAndCompare(out, reference));
    }

    /** Reduces {@code out} with the reducer and {@code reference} with the former one; compares; CSV lines. */
    static int reduceBothAndCompare(Path out, Path reference) throws IOException {
        SparkSession spark = SharedSpark.get();
        SweepOutput actual = SweepOutput.resolve(out.toString(), new Configuration(), "o");
        SweepOutput expected = SweepOutput.resolve(reference.toString(), new Configuration(), "reference");
        SweepReducer.reduce(spark, actual);
        SparkJobsReducer.reduce(spark, expected);
        return SummaryComparison.assertSameSummaries(spark, expected, actual);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}

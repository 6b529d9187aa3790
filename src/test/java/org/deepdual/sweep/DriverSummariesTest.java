package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reducer that assembles by_path and summary.csv on the driver writes the summaries that Spark jobs
 * ({@link DistributedSummaries}, the former reducer) write from the same cells/: same schemas and rows, summary.csv
 * with the same header and lines in the same order, numbers to 1e-12 relative; and the reducer switches to those
 * jobs when by_beta has more rows than {@value SweepReducer#DRIVER_ROWS_KEY} allows.
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

    @Test
    void aCapBelowByBetasRowsSendsTheSummariesToSparkJobsThatWriteTheSame() throws IOException {
        Path driver = dir.resolve("driver");
        SweepFixtures.run(SweepFixtures.smallSpec(driver), SweepFixtures.quiet());
        Path jobs = dir.resolve("jobs");
        Path kept = dir.resolve("kept");
        for (Path p : List.of(jobs, kept)) {
            copy(driver.resolve("cells"), p.resolve("cells"));
            copy(driver.resolve("datasets"), p.resolve("datasets"));
        }
        SparkSession spark = SharedSpark.get();
        SweepOutput onDriver = SweepOutput.resolve(driver.toString(), new Configuration(), "driver");
        assertTrue(SweepReducer.reduce(spark, onDriver).onDriver(), "default cap, a small sweep");
        long cells = spark.read().parquet(driver.resolve("cells").toString()).count();
        long betaRows = spark.read().parquet(driver.resolve("summary/by_beta").toString()).count();
        assertTrue(betaRows < cells, "two seeds: fewer β points (" + betaRows + ") than cells (" + cells + ")");

        SweepOutput byJobs = SweepOutput.resolve(jobs.toString(), new Configuration(), "jobs");
        SweepOutput byKept = SweepOutput.resolve(kept.toString(), new Configuration(), "kept");
        try {
            spark.conf().set(SweepReducer.DRIVER_ROWS_KEY, "1");
            assertFalse(SweepReducer.reduce(spark, byJobs).onDriver(), "cap 1: Spark jobs write the summaries");
            // more cells than the cap but not more β points: by_beta is counted, then collected
            spark.conf().set(SweepReducer.DRIVER_ROWS_KEY, Long.toString(betaRows));
            assertTrue(SweepReducer.reduce(spark, byKept).onDriver(), "cap = by_beta's rows: the driver path");
        } finally {
            spark.conf().unset(SweepReducer.DRIVER_ROWS_KEY);
        }
        assertEquals(betaRows + 1, SummaryComparison.assertSameSummaries(spark, onDriver, byJobs));
        assertEquals(betaRows + 1, SummaryComparison.assertSameSummaries(spark, onDriver, byKept));
    }

    @Test
    void aCapThatIsNotACountIsRejectedNamingTheSetting() {
        SparkSession spark = SharedSpark.get();
        for (String bad : List.of("-1", "lots", "1.5")) {
            try {
                spark.conf().set(SweepReducer.DRIVER_ROWS_KEY, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SweepReducer.driverRows(spark));
                assertEquals(SweepReducer.DRIVER_ROWS_KEY + " must be an integer >= 0, got '" + bad + "'",
                        e.getMessage());
            } finally {
                spark.conf().unset(SweepReducer.DRIVER_ROWS_KEY);
            }
        }
        assertEquals(SweepReducer.DEFAULT_DRIVER_ROWS, SweepReducer.driverRows(spark));
    }

    /** Reduces {@code out} with the reducer and {@code reference} by Spark jobs; compares; CSV lines. */
    static int reduceBothAndCompare(Path out, Path reference) throws IOException {
        SparkSession spark = SharedSpark.get();
        SweepOutput actual = SweepOutput.resolve(out.toString(), new Configuration(), "o");
        SweepOutput expected = SweepOutput.resolve(reference.toString(), new Configuration(), "reference");
        assertTrue(SweepReducer.reduce(spark, actual).onDriver(), "a small output is reduced on the driver");
        Dataset<Row> cells = spark.read().schema(SweepReducer.inputSchema()).parquet(expected.cells().toString());
        Dataset<Row> keyed = SweepReducer.byBeta(cells, PathViolations.zeroNetwork(spark, expected)).persist();
        try {
            DistributedSummaries.write(expected, keyed);
        } finally {
            keyed.unpersist();
        }
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

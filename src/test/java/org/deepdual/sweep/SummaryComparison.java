package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.IOUtils;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Asserts that two outputs hold the same summaries: summary/by_beta and summary/by_path with the same schema and
 * the same rows (ordered by their keys), summary.csv with the same header and the same lines in the same order;
 * numbers equal to 1e-12 relative (to max(1, |x|)), everything else equal.
 */
public final class SummaryComparison {
    static final double TOLERANCE = 1e-12;

    private SummaryComparison() {
    }

    /** Compares the summaries of {@code actual} with those of {@code expected}; returns the CSV's line count. */
    public static int assertSameSummaries(SparkSession spark, SweepOutput expected, SweepOutput actual)
            throws IOException {
        assertSameTable(spark, expected.summaryByBeta(), actual.summaryByBeta(), SweepReducer.BETA_KEY);
        assertSameTable(spark, expected.summaryByPath(), actual.summaryByPath(), SweepReducer.PATH_KEY);
        List<String> e = lines(expected, expected.summaryCsv());
        List<String> a = lines(actual, actual.summaryCsv());
        assertEquals(e.get(0), a.get(0), "summary.csv header");
        assertEquals(e.size(), a.size(), "summary.csv lines");
        for (int i = 1; i < e.size(); i++) {
            if (e.get(i).equals(a.get(i))) {
                continue;
            }
            String[] x = e.get(i).split(",", -1);
            String[] y = a.get(i).split(",", -1);
            assertEquals(x.length, y.length, "fields of summary.csv line " + i);
            for (int f = 0; f < x.length; f++) {
                String[] xs = x[f].split(";", -1);
                String[] ys = y[f].split(";", -1);
                assertEquals(xs.length, ys.length, "summary.csv line " + i + " field " + f);
                for (int k = 0; k < xs.length; k++) {
                    if (!xs[k].equals(ys[k])) {
                        assertClose(Double.parseDouble(xs[k]), Double.parseDouble(ys[k]),
                                "summary.csv line " + i + " field " + f);
                    }
                }
            }
        }
        return e.size();
    }

    private static List<String> lines(SweepOutput out, Path file) throws IOException {
        try (var in = out.fs().open(file)) {
            return IOUtils.readLines(in, StandardCharsets.UTF_8);
        }
    }

    private static void assertSameTable(SparkSession spark, Path expected, Path actual, List<String> key) {
        Column[] order = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> e = spark.read().parquet(expected.toString());
        Dataset<Row> a = spark.read().parquet(actual.toString());
        assertEquals(e.schema(), a.schema(), "schema of " + actual);
        List<Row> er = e.orderBy(order).collectAsList();
        List<Row> ar = a.orderBy(order).collectAsList();
        assertEquals(er.size(), ar.size(), "rows of " + actual);
        for (int i = 0; i < er.size(); i++) {
            for (int c = 0; c < e.schema().size(); c++) {
                assertSame(er.get(i).get(c), ar.get(i).get(c), actual + " row " + i + " " + e.schema().fields()[c].name());
            }
        }
    }

    static void assertSame(Object expected, Object actual, String what) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, what);
        } else if (expected instanceof Double x) {
            assertClose(x, (Double) actual, what);
        } else if (expected instanceof Row x) {
            Row y = (Row) actual;
            assertEquals(x.size(), y.size(), what);
            for (int i = 0; i < x.size(); i++) {
                assertSame(x.get(i), y.get(i), what + "." + i);
            }
        } else if (expected instanceof scala.collection.Seq<?> s) {
            List<?> x = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(s));
            List<?> y = scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) actual);
            assertEquals(x.size(), y.size(), what + " length");
            for (int i = 0; i < x.size(); i++) {
                assertSame(x.get(i), y.get(i), what + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, what);
        }
    }

    private static void assertClose(double x, double y, String what) {
        assertTrue(x == y || Double.isNaN(x) && Double.isNaN(y) || Math.abs(x - y) <= TOLERANCE * Math.max(1, Math.abs(x)),
                what + ": " + x + " vs " + y);
    }
}

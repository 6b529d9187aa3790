package org.deepdual.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SummaryComparison;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's synthetic cells (two and a half β paths of 16 seeds: the bench itself runs 10^5) reduce on the
 * driver to the summaries Spark jobs write when the driver's cap is 0.
 */
class ReduceThroughputTest {
    @TempDir
    Path dir;

    @Test
    void theBenchmarksCellsGiveTheSparkJobsSummaries() throws IOException {
        SparkSession spark = SharedSpark.get();
        int rows = 5 * ReduceThroughput.BETAS * ReduceThroughput.SEEDS / 2;
        for (String o : new String[] {"new", "old"}) {
            ReduceThroughput.synthetic(spark, rows).write().mode(SaveMode.ErrorIfExists)
                    .parquet(dir.resolve(o).resolve("cells").toString());
        }
        SweepOutput actual = SweepOutput.resolve(dir.resolve("new").toString(), new Configuration(), "new");
        SweepOutput expected = SweepOutput.resolve(dir.resolve("old").toString(), new Configuration(), "old");
        assertTrue(SweepReducer.reduce(spark, actual).onDriver(), "the default cap");
        try {
            spark.conf().set("spark.deepdual.reduce.driverRows", "0");
            assertFalse(SweepReducer.reduce(spark, expected).onDriver(), "cap 0");
        } finally {
            spark.conf().unset("spark.deepdual.reduce.driverRows");
        }
        Set<Long> points = new HashSet<>(); // (path, β index) of every row, as synthetic() numbers them
        for (long id = 0; id < rows; id++) {
            points.add(id / (ReduceThroughput.BETAS * ReduceThroughput.SEEDS) * ReduceThroughput.BETAS
                    + id % ReduceThroughput.BETAS);
        }
        assertEquals(points.size() + 1, SummaryComparison.assertSameSummaries(spark, expected, actual),
                "one line per β point and the header");
    }
}

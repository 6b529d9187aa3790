package org.deepdual.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SparkJobsReducer;
import org.deepdual.sweep.SummaryComparison;
import org.deepdual.sweep.SweepOutput;
import org.deepdual.sweep.SweepReducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's 10^5 synthetic cells reduce to the summaries the former Spark-jobs reducer writes. */
class ReduceThroughputTest {
    @TempDir
    Path dir;

    @Test
    void theBenchmarksCellsGiveTheFormerReducersSummaries() throws IOException {
        SparkSession spark = SharedSpark.get();
        int rows = 100_000;
        for (String o : new String[] {"new", "old"}) {
            ReduceThroughput.synthetic(spark, rows).write().mode(SaveMode.ErrorIfExists)
                    .parquet(dir.resolve(o).resolve("cells").toString());
        }
        SweepOutput actual = SweepOutput.resolve(dir.resolve("new").toString(), new Configuration(), "new");
        SweepOutput expected = SweepOutput.resolve(dir.resolve("old").toString(), new Configuration(), "old");
        SweepReducer.reduce(spark, actual);
        SparkJobsReducer.reduce(spark, expected);
        Set<Long> points = new HashSet<>(); // (path, β index) of every row, as synthetic() numbers them
        for (long id = 0; id < rows; id++) {
            points.add(id / (ReduceThroughput.BETAS * ReduceThroughput.SEEDS) * ReduceThroughput.BETAS
                    + id % ReduceThroughput.BETAS);
        }
        assertEquals(points.size() + 1, SummaryComparison.assertSameSummaries(spark, expected, actual),
                "one line per β point and the header");
    }
}

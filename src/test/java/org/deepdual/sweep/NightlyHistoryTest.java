package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nights are found by date, compared with the most recent earlier one that has cells, and drift.csv is written. */
class NightlyHistoryTest {
    private static final StructType CELLS = new StructType().add("cell_id", DataTypes.StringType)
            .add("setting", DataTypes.StringType).add("status", DataTypes.StringType)
            .add("primal", DataTypes.DoubleType).add("layer_rank", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("solve_ms", DataTypes.DoubleType);

    @TempDir
    Path tmp;

    private void writeNight(String date, List<Row> rows) {
        SparkSession spark = SharedSpark.get();
        spark.createDataFrame(rows, CELLS).write().partitionBy("setting")
                .parquet(tmp.resolve("date=" + date).resolve("cells").toString());
    }

    @Test
    void comparesWithTheMostRecentEarlierNightThatHasCells() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        NightlyHistory history = new NightlyHistory(fs, new org.apache.hadoop.fs.Path(tmp.toUri()));
        assertEquals(Optional.empty(), history.previous(LocalDate.parse("2026-01-05")));

        writeNight("2026-01-01", List.of(RowFactory.create("old", "linear", "OPTIMAL", 9.0, List.of(1), 1.0)));
        writeNight("2026-01-03", List.of(
                RowFactory.create("a", "linear", "OPTIMAL", 2.0, List.of(1, 1), 5.0),
                RowFactory.create("b", "linear", "OPTIMAL", 3.0, List.of(2, 2), 5.0),
                RowFactory.create("c", "bn", "OPTIMAL", 4.0, List.of(1, 1), 5.0)));
        Files.createDirectories(tmp.resolve("date=2026-01-04"));   // an interrupted night without cells
        Files.createDirectories(tmp.resolve("date=garbage"));
        writeNight("2026-01-05", List.of(
                RowFactory.create("a", "linear", "OPTIMAL", 2.0 * (1 + 1e-4), List.of(1, 1), 7.0),
                RowFactory.create("b", "linear", "FAILED", null, null, 7.0),
                RowFactory.create("d", "bn", "OPTIMAL", 1.0, List.of(1, 1), 7.0)));

        assertEquals(Optional.of(LocalDate.parse("2026-01-03")), history.previous(LocalDate.parse("2026-01-05")));
        assertEquals(Optional.of(LocalDate.parse("2026-01-01")), history.previous(LocalDate.parse("2026-01-03")));

        DriftReport loose = history.compare(SharedSpark.get(), LocalDate.parse("2026-01-05"), 1e-3).orElseThrow();
        assertEquals("2026-01-03", loose.previousDate());
        assertEquals(2, loose.driftedCells(), loose.toCsv());   // b newly failed, c missing; a within 1e-3; timings ignored
        DriftReport tight = history.compare(SharedSpark.get(), LocalDate.parse("2026-01-05"), 1e-6).orElseThrow();
        assertEquals(3, tight.driftedCells(), tight.toCsv());
        assertEquals(1, tight.newCells());

        List<String> csv = Files.readAllLines(tmp.resolve("date=2026-01-05").resolve(NightlyHistory.DRIFT_CSV));
        assertEquals(DriftReport.CSV_HEADER, csv.get(0));
        assertEquals(4, csv.size(), csv.toString());
        double rel = Math.abs(2.0 * (1 + 1e-4) - 2.0) / 2.0;
        assertTrue(csv.contains("a,MOVED,primal,2.0," + 2.0 * (1 + 1e-4) + "," + rel + ",setting=linear"), csv.toString());
        assertTrue(csv.contains("b,NEWLY_FAILED,status,OPTIMAL,FAILED,,setting=linear"), csv.toString());
        assertTrue(csv.contains("c,MISSING,cell,OPTIMAL,,,setting=bn"), csv.toString());

        assertEquals(Optional.empty(), history.compare(SharedSpark.get(), LocalDate.parse("2026-01-01"), 1e-6));
        assertEquals(List.of(DriftReport.CSV_HEADER),
                Files.readAllLines(tmp.resolve("date=2026-01-01").resolve(NightlyHistory.DRIFT_CSV)));
    }
}

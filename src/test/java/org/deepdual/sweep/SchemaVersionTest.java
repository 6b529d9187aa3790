package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of an older schema version are a different schema: a sweep refuses to resume into them (naming the
 * versions and the way out), and nightly drift does not report their changed columns as drift.
 */
class SchemaVersionTest {
    @TempDir
    Path dir;

    @Test
    void aSweepRefusesToResumeIntoCellsOfAnOlderSchemaAndRecomputeWritesANewOutput() throws Exception {
        Path out = dir.resolve("out");
        String text = SweepFixtures.smallSpec(out);
        SweepResult first = SweepFixtures.run(text, SweepFixtures.quiet());
        SparkSession spark = SharedSpark.get();
        List<Row> rows = SweepFixtures.cells(out);
        assertTrue(rows.stream().allMatch(r -> r.<Integer>getAs(CellSchema.SCHEMA_VERSION) == CellSchema.VERSION));

        // the same cells as an older deepdual would have stored them
        Path old = dir.resolve("old");
        Dataset<Row> cells = spark.read().parquet(out.resolve("cells").toString())
                .withColumn(CellSchema.SCHEMA_VERSION, functions.lit(1));
        cells.write().mode(SaveMode.Overwrite).partitionBy(CellSchema.SETTING).parquet(out.resolve("cells-v1").toString());
        Files.move(out.resolve("cells"), old);
        Files.move(out.resolve("cells-v1"), out.resolve("cells"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepFixtures.run(text, SweepFixtures.quiet()));
        assertTrue(e.getMessage().contains(first.totalCells() + " cells of schema version 1"), e.getMessage());
        assertTrue(e.getMessage().contains("schema version " + CellSchema.VERSION), e.getMessage());
        assertTrue(e.getMessage().contains("--recompute"), e.getMessage());
        // nothing was added to the refused output
        assertEquals(first.totalCells(), spark.read().parquet(out.resolve("cells").toString()).count());

        SweepResult fresh = SweepFixtures.run(text, SweepFixtures.quiet().withRecompute(true));
        assertEquals(first.totalCells(), fresh.computed());
        assertFalse(fresh.output().equals(out.toString()), "recompute writes a new output: " + fresh.output());
    }

    @Test
    void driftDoesNotCompareCellsStoredUnderDifferentSchemaVersions() {
        Map<String, double[]> before = Map.of(CellSchema.DUAL, new double[] {31.37}, CellSchema.PRIMAL,
                new double[] {31.37});
        Map<String, double[]> after = Map.of(CellSchema.DUAL, new double[] {2.5}, CellSchema.PRIMAL,
                new double[] {31.37});
        CellSnapshot v1 = new CellSnapshot("a", "setting=relu2", "BOUNDS", before, 1);
        CellSnapshot v2 = new CellSnapshot("a", "setting=relu2", "BOUNDS", after, CellSchema.VERSION);
        CellSnapshot sameV2 = new CellSnapshot("b", "setting=linear", "OPTIMAL", before);
        CellSnapshot movedV2 = new CellSnapshot("b", "setting=linear", "OPTIMAL", after);

        DriftReport r = new DriftComparison(1e-6).compare("2026-01-01", Map.of("a", v1, "b", sameV2), "2026-01-02",
                Map.of("a", v2, "b", movedV2));
        assertEquals(1, r.otherSchemaCells());
        assertEquals(1, r.comparedCells());
        assertEquals(List.of("b"), r.drifts().stream().map(Drift::cellId).distinct().toList(),
                "the dual of the older schema's cell is not drift; the same schema's moved dual is");
        assertTrue(r.summary().contains("1 cells not compared"), r.summary());
    }
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric columns are found by name at any depth of the cells schema and read back as numbers. */
class CellSnapshotsTest {
    private static final StructType LAYER = new StructType().add("fro", DataTypes.DoubleType)
            .add("rank", DataTypes.IntegerType).add("rank_rtol", DataTypes.DoubleType);
    private static final StructType COLLAPSE = new StructType().add("nc1", DataTypes.DoubleType)
            .add("nc2_equinorm", DataTypes.DoubleType).add("train_accuracy", DataTypes.DoubleType);
    private static final StructType CELLS = new StructType().add("cell_id", DataTypes.StringType)
            .add("setting", DataTypes.StringType).add("depth", DataTypes.IntegerType).add("beta", DataTypes.DoubleType)
            .add("status", DataTypes.StringType).add("primal", DataTypes.DoubleType).add("dual", DataTypes.DoubleType)
            .add("gap", DataTypes.DoubleType).add("certified", DataTypes.BooleanType)
            .add("solve_ms", DataTypes.LongType)
            .add("layers", DataTypes.createArrayType(LAYER)).add("collapse", COLLAPSE);

    @TempDir
    Path tmp;

    @Test
    void readsValuesGapRanksAndCollapseWhereverTheyAreNested() {
        SparkSession spark = SharedSpark.get();
        List<Row> rows = List.of(
                RowFactory.create("c1", "bn", 3, 0.5, "OPTIMAL", 2.0, 2.0, 0.0, true, 17L,
                        List.of(RowFactory.create(1.5, 2, 1e-9), RowFactory.create(0.7, 1, 1e-9)),
                        RowFactory.create(0.01, 0.02, 1.0)),
                RowFactory.create("c2", "bn", 4, 0.5, "FAILED", null, null, null, false, 3L, null, null));
        Dataset<Row> df = spark.createDataFrame(rows, CELLS);
        String path = tmp.resolve("cells").toString();
        df.write().partitionBy("setting").parquet(path);

        assertEquals(List.of("primal", "dual", "gap", "certified", "layers.rank", "collapse.nc1",
                "collapse.nc2_equinorm", "collapse.train_accuracy"), CellSnapshots.metricPaths(CELLS));

        Map<String, CellSnapshot> cells = CellSnapshots.read(spark, path);
        assertEquals(2, cells.size());
        CellSnapshot c1 = cells.get("c1");
        assertEquals("OPTIMAL", c1.status());
        assertTrue(c1.label().contains("setting=bn") && c1.label().contains("depth=3"), c1.label());
        assertArrayEquals(new double[] {2.0}, c1.metrics().get("primal"));
        assertArrayEquals(new double[] {1.0}, c1.metrics().get("certified"));
        assertArrayEquals(new double[] {2.0, 1.0}, c1.metrics().get("layers.rank"));
        assertArrayEquals(new double[] {0.02}, c1.metrics().get("collapse.nc2_equinorm"));
        assertTrue(Double.isNaN(cells.get("c2").metrics().get("primal")[0]));
        assertTrue(cells.get("c2").failed());
    }

    @Test
    void cellsWithoutIdsAreRefusedNamingTheColumn() {
        SparkSession spark = SharedSpark.get();
        String path = tmp.resolve("bad").toString();
        spark.range(3).toDF("id").write().parquet(path);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CellSnapshots.read(spark, path));
        assertTrue(e.getMessage().contains("'cell_id'"), e.getMessage());
    }
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reducer's counts of the path checks of docs/theory.md §11.10 (summary/by_path value_drops,
 * above_zero_network, dual_above_later_primal) on cells planted to break them a known number of times,
 * next to paths that break them only within the tolerance, with estimated duals, FAILED cells, or no ‖Y‖².
 */
class PathViolationsTest {
    private static final double[] BETAS = {1, 2, 3, 4};

    @TempDir
    static Path dir;
    static Map<String, Row> byPath = new HashMap<>();

    @BeforeAll
    static void plantAndReduce() {
        SparkSession spark = SharedSpark.get();
        Path out = dir.resolve("out");
        List<Row> cells = new ArrayList<>();
        // g: ‖Y‖² = 8, the zero network 4. Seed 0 drops at β = 3 below β = 2, whose dual 2 is above that primal;
        // seed 1 is above the zero network at β = 4. Same by_path row: 1 drop, 1 above, 1 dual.
        path(cells, "g", "linear", 3, null, 0, 0, 0, "OPTIMAL", new double[] {1, 2, 1.9, 3}, new double[] {1, 2, 1.9, 3});
        path(cells, "g", "linear", 3, null, 1, 0, 0, "BOUNDS", new double[] {1, 2, 3, 4.5}, new double[] {.5, .5, .5, .5});
        // a drop of 1e-6 at P = 2: within an iterative solve's 1e-6·max(1, |P|), not within a closed form's 1e-9
        path(cells, "g", "linear", 2, null, 0, 0, 50, "BOUNDS", new double[] {2, 2 - 1e-6, 2.5, 3}, new double[] {1, 1, 1, 1});
        path(cells, "g", "linear", 4, null, 0, 0, 0, "BOUNDS", new double[] {2, 2 - 1e-6, 2.5, 3}, new double[] {1, 1, 1, 1});
        // h: ‖Y‖² only from its path targets, (2, 1): 5, the zero network 2.5. relu2's dual is searched for d = 3
        // (not a bound) and exact for d = 2: the dual 1.15 at β = 1 is above the primal 1.1 at β = 3
        path(cells, "h", "relu2", 2, 8, 0, 3, 100, "BOUNDS", new double[] {1, 1.2, 1.1, 1.3}, new double[] {1.15, .5, .5, .5});
        path(cells, "h", "relu2", 2, 16, 0, 2, 100, "BOUNDS", new double[] {1, 1.2, 1.1, 1.3}, new double[] {1.15, .5, .5, .5});
        // u: no datasets/ row, so the zero network is not checked; the FAILED cell's primal 100 is not judged
        path(cells, "u", "bn", 3, null, 0, 0, 0, "OPTIMAL", new double[] {1, 100, 2, 3}, new double[] {1, 100, 2, 3});
        cells.set(cells.size() - 3, failed(cells.get(cells.size() - 3)));
        // every cell FAILED: nothing judged
        path(cells, "g", "bn", 3, null, 0, 0, 0, "FAILED", new double[4], new double[4]);
        spark.createDataFrame(cells, CellSchema.CELLS).write().partitionBy(CellSchema.SETTING)
                .parquet(out.resolve("cells").toString());
        // one data set as this version records it, one as outputs written before target_norm_squared
        spark.createDataFrame(List.of(dataset("g", new double[] {2, 2}, 8.0)), DataCatalog.SCHEMA).write()
                .parquet(out.resolve("datasets").toString());
        StructType old = new StructType(Arrays.stream(DataCatalog.SCHEMA.fields())
                .filter(f -> !f.name().equals(DataCatalog.TARGET_NORM_SQUARED)).toArray(StructField[]::new));
        Row h = dataset("h", new double[] {2, 1}, null);
        spark.createDataFrame(List.of(RowFactory.create(Arrays.copyOf(values(h), old.size()))), old).write()
                .mode(SaveMode.Append).parquet(out.resolve("datasets").toString());
        SweepReducer.reduce(spark, SweepOutput.resolve(out.toString(), new Configuration(), "o"));
        for (Row r : spark.read().parquet(out.resolve("summary/by_path").toString()).collectAsList()) {
            byPath.put(r.getAs(CellSchema.DATA) + "/" + r.getAs(CellSchema.SETTING) + "/" + r.getAs(CellSchema.DEPTH)
                    + "/" + r.getAs(CellSchema.WIDTH), r);
        }
    }

    private static void path(List<Row> cells, String data, String setting, int depth, Integer width, long seed, int d,
            int iterations, String status, double[] primal, double[] dual) {
        for (int i = 0; i < BETAS.length; i++) {
            Object[] v = new Object[CellSchema.CELLS.size()];
            String group = data + "|" + setting + "|" + depth + "|" + width + "|" + seed;
            v[CellSchema.index(CellSchema.CELL_ID)] = group + "|" + BETAS[i];
            v[CellSchema.index(CellSchema.GROUP_ID)] = group;
            v[CellSchema.index(CellSchema.DATA)] = data;
            v[CellSchema.index(CellSchema.DATA_FINGERPRINT)] = "fp-" + data;
            v[CellSchema.index(CellSchema.SETTING)] = setting;
            v[CellSchema.index(CellSchema.OBJECTIVE)] = "wd";
            v[CellSchema.index(CellSchema.BETA)] = BETAS[i];
            v[CellSchema.index(CellSchema.WIDTH)] = width;
            v[CellSchema.index(CellSchema.DEPTH)] = depth;
            v[CellSchema.index(CellSchema.SEED)] = seed;
            v[CellSchema.index(CellSchema.D)] = d == 0 ? null : d;
            v[CellSchema.index(CellSchema.STATUS)] = status;
            boolean values = !status.equals("FAILED");
            v[CellSchema.index(CellSchema.ITERATIONS)] = values ? iterations : null;
            v[CellSchema.index(CellSchema.PRIMAL)] = values ? primal[i] : null;
            v[CellSchema.index(CellSchema.DUAL)] = values ? dual[i] : null;
            v[CellSchema.index(CellSchema.GAP)] = values ? primal[i] - dual[i] : null;
            cells.add(RowFactory.create(v));
        }
    }

    /** {@code r} turned FAILED after its solve (statistics failed): it keeps its primal and dual. */
    private static Row failed(Row r) {
        Object[] v = values(r);
        v[CellSchema.index(CellSchema.STATUS)] = "FAILED";
        return RowFactory.create(v);
    }

    private static Object[] values(Row r) {
        Object[] v = new Object[r.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(i);
        }
        return v;
    }

    private static Row dataset(String name, double[] pathTargets, Double normSquared) {
        return RowFactory.create(name, "fp-" + name, "gaussian", 4, 3, 1, 1, false, new Integer[0], new Double[] {1.0},
                new Double[] {1.0}, Arrays.stream(pathTargets).boxed().toArray(Double[]::new),
                "norms of positive and negative parts per output", "r-1", normSquared);
    }

    private static void assertCounts(String path, Long drops, Long above, Long dualAbove) {
        Row r = byPath.get(path);
        assertEquals(drops, r.getAs(PathViolations.VALUE_DROPS), path + " value_drops");
        assertEquals(above, r.getAs(PathViolations.ABOVE_ZERO_NETWORK), path + " above_zero_network");
        assertEquals(dualAbove, r.getAs(PathViolations.DUAL_ABOVE_LATER_PRIMAL), path + " dual_above_later_primal");
    }

    @Test
    void plantedViolationsAreCountedOncePerCell() {
        assertCounts("g/linear/3/null", 1L, 1L, 1L);
    }

    @Test
    void aDropWithinTheIterativeToleranceIsNotCountedButAClosedFormsIs() {
        assertCounts("g/linear/2/null", 0L, 0L, 0L);
        assertCounts("g/linear/4/null", 1L, 0L, 0L);
    }

    @Test
    void onlyProvenDualsBoundLaterPrimals() {
        assertCounts("h/relu2/2/8", 1L, 0L, 0L);
        assertCounts("h/relu2/2/16", 1L, 0L, 1L);
    }

    @Test
    void theZeroNetworkComesFromPathTargetsForOlderDatasetRows() {
        // h's primals reach 1.3 < 2.5; a ‖Y‖² of 0 or a missing one would give 4 or null
        assertEquals(0L, byPath.get("h/relu2/2/8").<Long>getAs(PathViolations.ABOVE_ZERO_NETWORK));
    }

    @Test
    void failedCellsAreNotJudgedAndAMissingYNormIsNotChecked() {
        assertCounts("u/bn/3/null", 0L, null, 0L);
        Row allFailed = byPath.get("g/bn/3/null");
        assertNull(allFailed.getAs(PathViolations.VALUE_DROPS));
        assertNull(allFailed.getAs(PathViolations.ABOVE_ZERO_NETWORK));
        assertNull(allFailed.getAs(PathViolations.DUAL_ABOVE_LATER_PRIMAL));
        assertEquals(4L, allFailed.<Long>getAs("failed"));
    }
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The streaming by_beta pass equals the former object aggregation (ObjectAggregationByBeta) to 1e-12 on a
 * generated cells table: FAILED and status-less rows, null scalars, null and empty arrays, null array
 * elements, arrays of unequal length, null width/variant/t keys, several settings and depths, and the path
 * checks with and without a zero network.
 */
class BetaPointAggregationTest {
    @Test
    void streamingPassEqualsTheObjectAggregationOnAGeneratedTable() {
        SparkSession spark = SharedSpark.get();
        Dataset<Row> cells = spark.createDataFrame(generated(new Random(19)), CellSchema.CELLS);
        StructType zs = new StructType().add(CellSchema.DATA, DataTypes.StringType)
                .add(CellSchema.DATA_FINGERPRINT, DataTypes.StringType).add("_zero_network", DataTypes.DoubleType);
        Dataset<Row> zero = spark.createDataFrame(List.of(RowFactory.create("a", "fa", 3.0)), zs);
        Dataset<Row> streamed = SweepReducer.byBeta(cells, zero);
        Dataset<Row> reference = ObjectAggregationByBeta.byBeta(cells, zero);
        assertEquals(reference.schema(), streamed.schema());
        Map<List<Object>, Row> expected = byPoint(reference.collectAsList());
        Map<List<Object>, Row> actual = byPoint(streamed.collectAsList());
        assertEquals(expected.keySet(), actual.keySet());
        assertEquals(2 * 3 * 3 * 5, expected.size(), "one row per data set, setting, depth and beta");
        for (Map.Entry<List<Object>, Row> e : expected.entrySet()) {
            Row a = actual.get(e.getKey());
            for (int i = 0; i < reference.schema().size(); i++) {
                assertSame(e.getValue().get(i), a.get(i), reference.schema().fields()[i].name() + " of " + e.getKey());
            }
        }
    }

    private static Map<List<Object>, Row> byPoint(List<Row> rows) {
        Map<List<Object>, Row> m = new HashMap<>();
        for (Row r : rows) {
            m.put(List.of(r.getString(0), r.getAs(CellSchema.BETA)), r);
        }
        return m;
    }

    private static void assertSame(Object expected, Object actual, String what) {
        SummaryComparison.assertSame(expected, actual, what);
    }

    /** Paths over data a/b, three settings, depths 1-3, three seeds and five betas, with gaps in everything. */
    static List<Row> generated(Random rnd) {
        List<Row> rows = new ArrayList<>();
        String[] statuses = {"OPTIMAL", "OPTIMAL", "BOUNDS", "FAILED", null};
        for (String data : List.of("a", "b")) {
            for (String setting : List.of("linear", "bn", "relu2")) {
                for (int depth = 1; depth <= 3; depth++) {
                    Integer width = depth == 2 ? null : 8;
                    for (long seed = 0; seed < 3; seed++) {
                        for (double beta : new double[] {0.01, 0.1, 1, 10, 100}) {
                            rows.add(cell(rnd, data, setting, depth, width, seed, beta,
                                    statuses[rnd.nextInt(statuses.length)]));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static Row cell(Random rnd, String data, String setting, int depth, Integer width, long seed, double beta,
            String status) {
        Object[] v = new Object[CellSchema.CELLS.size()];
        String group = data + "|" + setting + "|" + depth + "|" + width + "|" + seed;
        v[CellSchema.index(CellSchema.CELL_ID)] = group + "|" + beta;
        v[CellSchema.index(CellSchema.SCHEMA_VERSION)] = rnd.nextBoolean() ? CellSchema.VERSION : null;
        v[CellSchema.index(CellSchema.GROUP_ID)] = group;
        v[CellSchema.index(CellSchema.DATA)] = data;
        v[CellSchema.index(CellSchema.DATA_FINGERPRINT)] = "f" + data;
        v[CellSchema.index(CellSchema.SETTING)] = setting;
        v[CellSchema.index(CellSchema.VARIANT)] = setting.equals("bn") ? "full" : null;
        v[CellSchema.index(CellSchema.OBJECTIVE)] = depth == 3 ? "tc" : "wd";
        v[CellSchema.index(CellSchema.T)] = depth == 3 ? 1.5 : null;
        v[CellSchema.index(CellSchema.BETA)] = beta;
        v[CellSchema.index(CellSchema.WIDTH)] = width;
        v[CellSchema.index(CellSchema.DEPTH)] = depth;
        v[CellSchema.index(CellSchema.SEED)] = seed;
        v[CellSchema.index(CellSchema.D)] = 1 + rnd.nextInt(4);
        v[CellSchema.index(CellSchema.ITERATIONS)] = rnd.nextBoolean() ? 0 : 30;
        v[CellSchema.index(CellSchema.STATUS)] = status;
        v[CellSchema.index(CellSchema.CERTIFIED)] = rnd.nextInt(3) == 0 ? null : rnd.nextBoolean();
        for (String m : SweepReducer.SCALARS) {
            if (!m.equals(SweepReducer.REL_GAP) && rnd.nextInt(5) > 0) {
                // values far from zero and of mixed sign, so that summation order shows if it mattered
                v[CellSchema.index(m)] = (rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(7) - 3);
            }
        }
        for (String a : SweepReducer.ARRAYS) {
            int length = a.startsWith("align") ? depth - 1 : depth + (rnd.nextInt(6) == 0 ? 1 : 0);
            int kind = rnd.nextInt(6);
            if (kind == 0) {
                continue; // null array
            }
            List<Object> values = new ArrayList<>();
            for (int l = 0; l < (kind == 1 ? 0 : length); l++) {
                boolean ints = a.endsWith("layer_rank");
                Object x = ints ? (Object) rnd.nextInt(9) : (Object) (rnd.nextDouble() * 1e3);
                values.add(rnd.nextInt(7) == 0 ? null : x);
            }
            v[CellSchema.index(a)] = scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
        }
        assertNotNull(v[CellSchema.index(CellSchema.GROUP_ID)]);
        return RowFactory.create(v);
    }
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.Timestamp;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.junit.jupiter.api.Test;

/**
 * The JVM-wide row converter of a sweep task gives byte for byte the internal rows of Spark's own
 * row encoder (what {@code createDataFrame(rdd, schema)} uses), for every column type of the cells
 * schema, nulls and the nested trajectory included; and it is built once per schema.
 */
class CellRowEncoderTest {
    private static Row cell(int i) {
        CellRecord r = new CellRecord().set("cell_id", "c" + i).set("schema_version", CellSchema.VERSION)
                .set("run_started_at", new Timestamp(1_700_000_000_123L + i)).set("setting", "linear")
                .number("beta", 0.5 * i).number("t", Double.NaN).set("depth", 3).set("seed", 7L + i)
                .set("status", "OPTIMAL").set("certified", i % 2 == 0)
                .numbers("layer_fro", new double[] {1.5, Double.NaN, -2.0 * i})
                .integers("layer_rank", new int[] {3, 1}).set("reason", null);
        Row point = RowFactory.create(i, 1.25, 3.5, new Double[] {1.0, null}, new Double[] {}, null, null, 0.5,
                null, 2.0);
        return r.toRow(i % 2 == 0 ? List.of(point, point) : List.of());
    }

    @Test
    void convertsExactlyAsSparksRowEncoder() throws Exception {
        ExpressionEncoder.Serializer<Row> reference = ExpressionEncoder.apply(CellSchema.WITH_TRAJECTORY)
                .createSerializer();
        UnsafeProjection toUnsafe = UnsafeProjection.create(CellSchema.WITH_TRAJECTORY);
        List<Row> rows = List.of(cell(0), cell(1), cell(2));
        Iterator<InternalRow> converted = new CellRowEncoder(CellSchema.WITH_TRAJECTORY).call(rows.iterator());
        for (Row row : rows) {
            UnsafeRow expected = ((UnsafeRow) reference.apply(row)).copy();
            UnsafeRow actual = toUnsafe.apply(converted.next()).copy();
            assertEquals(expected, actual, "internal row of " + row.getString(0));
        }
        assertEquals(false, converted.hasNext());
    }

    @Test
    void oneConverterPerSchemaAndJvm() {
        assertSame(CellRowEncoder.converter(CellSchema.WITH_TRAJECTORY),
                CellRowEncoder.converter(CellSchema.WITH_TRAJECTORY));
    }
}

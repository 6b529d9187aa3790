package org.deepdual.sweep;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * Turns the rows of a task into Spark's internal rows with a converter built once per executor JVM
 * and schema, not once per task. {@code SparkSession.createDataFrame(rdd, schema)} ships a fresh
 * encoder with every task, and each one generates and compiles the projection of the whole cells
 * schema again (about a fifth of a sweep task's time in a flight recording, issue 9); the generated
 * projection of ~115 columns is also slow per row. Catalyst's interpreted converter needs no code
 * generation, is stateless (a new internal row per call) and so is shared by all tasks of the JVM.
 */
final class CellRowEncoder implements FlatMapFunction<Iterator<Row>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private static final Map<StructType, Function1<Object, Object>> CONVERTERS = new ConcurrentHashMap<>();

    private final StructType schema;

    CellRowEncoder(StructType schema) {
        this.schema = schema;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Row> rows) {
        Function1<Object, Object> toInternal = converter(schema);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public InternalRow next() {
                return (InternalRow) toInternal.apply(rows.next());
            }
        };
    }

    /** The JVM's converter for {@code schema} (the same instance for every task). */
    static Function1<Object, Object> converter(StructType schema) {
        return CONVERTERS.computeIfAbsent(schema, CatalystTypeConverters::createToCatalystConverter);
    }
}

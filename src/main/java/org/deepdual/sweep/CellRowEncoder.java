package org.deepdual.sweep;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the rows of a task into Spark's internal rows with a serializer generated once per executor
 * JVM and schema, not once per task. {@code SparkSession.createDataFrame(rdd, schema)} ships a fresh
 * serializer with every task, and each one generates and compiles the projection of the whole cells
 * schema again (about a fifth of a sweep task's time in a flight recording, issue 9). A serializer
 * is not thread-safe, so each task borrows one from a per-schema pool and returns it when its rows
 * are consumed; a task that fails midway simply loses its serializer. The rows handed out are reused
 * by the serializer: each is valid until the next one is requested, as for Spark's own conversion.
 */
final class CellRowEncoder implements FlatMapFunction<Iterator<Row>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private static final Map<StructType, Queue<ExpressionEncoder.Serializer<Row>>> POOLS = new ConcurrentHashMap<>();
    private static final Map<StructType, java.util.concurrent.atomic.AtomicInteger> CREATED = new ConcurrentHashMap<>();

    private final StructType schema;

    CellRowEncoder(StructType schema) {
        this.schema = schema;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Row> rows) {
        Queue<ExpressionEncoder.Serializer<Row>> pool = POOLS.computeIfAbsent(schema, s -> new ConcurrentLinkedQueue<>());
        ExpressionEncoder.Serializer<Row> borrowed = pool.poll();
        if (borrowed == null) {
            borrowed = ExpressionEncoder.apply(schema).createSerializer();
            CREATED.computeIfAbsent(schema, s -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        }
        ExpressionEncoder.Serializer<Row> serializer = borrowed;
        return new Iterator<>() {
            private boolean returned;

            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more && !returned) {
                    returned = true;
                    pool.offer(serializer);
                }
                return more;
            }

            @Override
            public InternalRow next() {
                if (returned) {
                    throw new NoSuchElementException();
                }
                return serializer.apply(rows.next());
            }
        };
    }

    /** Serializers generated in this JVM for {@code schema} (at most one per task running at once). */
    static int created(StructType schema) {
        java.util.concurrent.atomic.AtomicInteger n = CREATED.get(schema);
        return n == null ? 0 : n.get();
    }
}

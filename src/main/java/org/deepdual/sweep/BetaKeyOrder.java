package org.deepdual.sweep;

import java.util.Comparator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The by_beta key's order as Spark SQL sorts it ascending: nulls first, strings by their UTF-8 bytes, doubles
 * with NaN above every number and -0 equal to 0. summary.csv is sorted by it, and sorting the few by_beta rows
 * on the driver this way costs no Spark job.
 */
final class BetaKeyOrder implements Comparator<Row> {
    private final int[] key;
    private final DataType[] types;

    BetaKeyOrder(StructType schema) {
        key = SweepReducer.BETA_KEY.stream().mapToInt(schema::fieldIndex).toArray();
        types = new DataType[key.length];
        for (int i = 0; i < key.length; i++) {
            types[i] = schema.fields()[key[i]].dataType();
        }
    }

    @Override
    public int compare(Row a, Row b) {
        for (int i = 0; i < key.length; i++) {
            int c = compare(a, b, key[i], types[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compare(Row a, Row b, int k, DataType type) {
        boolean an = a.isNullAt(k);
        boolean bn = b.isNullAt(k);
        if (an || bn) {
            return an == bn ? 0 : an ? -1 : 1;
        }
        if (type.equals(DataTypes.DoubleType)) {
            return PathChecks.sqlCompare(a.getDouble(k), b.getDouble(k));
        }
        if (type.equals(DataTypes.StringType)) {
            return UTF8String.fromString(a.getString(k)).compareTo(UTF8String.fromString(b.getString(k)));
        }
        if (type.equals(DataTypes.IntegerType)) {
            return Integer.compare(a.getInt(k), b.getInt(k));
        }
        if (type.equals(DataTypes.LongType)) {
            return Long.compare(a.getLong(k), b.getLong(k));
        }
        throw new IllegalArgumentException("by_beta key of type " + type + " has no order here");
    }
}

package org.deepdual.sweep;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One row of {@code cells/} being filled on an executor, column by name. Numbers that are not
 * finite are stored as null (docs/cli.md: an undefined number is null).
 */
final class CellRecord {
    private final Object[] values = new Object[CellSchema.WITH_TRAJECTORY.size()];

    CellRecord set(String column, Object value) {
        values[CellSchema.index(column)] = value;
        return this;
    }

    CellRecord number(String column, double v) {
        return set(column, Double.isFinite(v) ? v : null);
    }

    CellRecord numbers(String column, double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isFinite(v[i]) ? v[i] : null;
        }
        return set(column, out);
    }

    CellRecord integers(String column, int[] v) {
        Integer[] out = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return set(column, out);
    }

    Object get(String column) {
        return values[CellSchema.index(column)];
    }

    Row toRow(List<Row> trajectory) {
        values[CellSchema.index(CellSchema.TRAJECTORY)] = trajectory.toArray(new Row[0]);
        return RowFactory.create(values.clone());
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Per-position statistics of a group's per-layer arrays (one array per seed; position = layer l, or layer
 * pair for alignments): mean, sample standard deviation (null for fewer than two values), min and max, each
 * over the non-null entries at that position, as long as the longest array seen. Accumulated one array at a
 * time, so a group's arrays are never collected into a list.
 */
final class ElementwiseStats {
    private final List<MomentAccumulator> positions = new ArrayList<>();
    private int length;

    /** Adds one seed's array (a {@code java.util.List} of numbers or nulls); a null array adds nothing. */
    void add(List<?> values) {
        if (values == null) {
            return;
        }
        while (positions.size() < values.size()) {
            positions.add(new MomentAccumulator());
        }
        length = Math.max(length, values.size());
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v != null) {
                positions.get(i).add(((Number) v).doubleValue());
            }
        }
    }

    /** Adds one seed's array as Spark holds it: its elements ints ({@code ints}) or doubles, or nulls. */
    void add(ArrayData values, boolean ints) {
        int n = values.numElements();
        while (positions.size() < n) {
            positions.add(new MomentAccumulator());
        }
        length = Math.max(length, n);
        for (int i = 0; i < n; i++) {
            if (!values.isNullAt(i)) {
                positions.get(i).add(ints ? values.getInt(i) : values.getDouble(i));
            }
        }
    }

    void clear() {
        for (int i = 0; i < length; i++) {
            positions.get(i).clear();
        }
        length = 0;
    }

    /**
     * mean, std, min and max, each an array as long as the longest array, or all null without one (arrays,
     * not lists: Spark's row encoder takes a Java array or a Scala sequence for an array column).
     */
    Double[][] stats() {
        Double[][] out = new Double[4][];
        if (length == 0) {
            return out;
        }
        out = new Double[4][length];
        for (int i = 0; i < length; i++) {
            MomentAccumulator m = positions.get(i);
            out[0][i] = m.mean();
            out[1][i] = m.std();
            out[2][i] = m.min();
            out[3][i] = m.max();
        }
        return out;
    }
}

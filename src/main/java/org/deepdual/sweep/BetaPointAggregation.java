package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.deepdual.model.Status;

/**
 * The by_beta rows of one partition whose cells arrive sorted by (path key, β), in one streaming pass: each
 * β point's counts, scalar statistics and element-wise array statistics are accumulated in place and its
 * row is completed when the next point starts; the path-check sums ({@link PathChecks}) when the next path
 * key starts, and the path key's rows are emitted then. It replaces a hash aggregation of the scalars, an object
 * aggregation that collected every point's arrays into lists, and the join of the two: on 10^5 cells those
 * cost most of the reducer's time, and a sorted stream needs neither a hash table nor a join. It reads and
 * writes Spark's internal rows: decoding each cell into a {@code Row} (its arrays boxed into Scala sequences)
 * and encoding the by_beta rows back cost more than the aggregation itself.
 */
final class BetaPointAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private static final UTF8String FAILED = UTF8String.fromString(Status.FAILED.name());
    private static final UTF8String OPTIMAL = UTF8String.fromString(Status.OPTIMAL.name());
    private static final UTF8String BOUNDS = UTF8String.fromString(Status.BOUNDS.name());
    static final List<String> COUNTS = List.of("cells", "failed", "certified", "optimal", "bounds");
    static final List<String> STATS = List.of("mean", "std", "min", "max");

    private final int path;
    private final int[] key;
    private final DataType[] keyTypes;
    private final int beta;
    private final int status;
    private final int certified;
    private final int[] scalars;
    private final int[] arrays;
    private final boolean[] intArrays;
    private final int group;
    private final int primal;
    private final int dual;
    private final int[] checkInputs;

    /**
     * {@code input}: the cells' columns, with {@code pathColumn}, the derived scalars and the per-cell inputs
     * of the path checks ({@link PathViolations#CELL_INPUTS}).
     */
    BetaPointAggregation(StructType input, String pathColumn) {
        path = input.fieldIndex(pathColumn);
        key = indices(input, SweepReducer.BETA_KEY);
        keyTypes = new DataType[key.length];
        for (int i = 0; i < key.length; i++) {
            keyTypes[i] = input.fields()[key[i]].dataType();
        }
        beta = input.fieldIndex(CellSchema.BETA);
        status = input.fieldIndex(CellSchema.STATUS);
        certified = input.fieldIndex(CellSchema.CERTIFIED);
        scalars = indices(input, SweepReducer.SCALARS);
        arrays = indices(input, SweepReducer.ARRAYS);
        intArrays = new boolean[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            intArrays[i] = ((ArrayType) input.fields()[arrays[i]].dataType()).elementType()
                    .equals(DataTypes.IntegerType);
        }
        group = input.fieldIndex(CellSchema.GROUP_ID);
        primal = input.fieldIndex(CellSchema.PRIMAL);
        dual = input.fieldIndex(CellSchema.DUAL);
        checkInputs = indices(input, PathViolations.CELL_INPUTS);
    }

    /** The rows' columns: the path column, the by_beta columns, then the per-β sums of the flags. */
    static StructType outputSchema(StructType input, String pathColumn, String flagPrefix) {
        StructType out = new StructType().add(input.apply(pathColumn));
        for (String k : SweepReducer.BETA_KEY) {
            out = out.add(input.apply(k));
        }
        for (String c : COUNTS) {
            out = out.add(c, DataTypes.LongType, false);
        }
        for (String m : SweepReducer.SCALARS) {
            for (String s : STATS) {
                out = out.add(m + "_" + s, DataTypes.DoubleType, true);
            }
        }
        for (String a : SweepReducer.ARRAYS) {
            for (String s : STATS) {
                out = out.add(a + "_" + s, DataTypes.createArrayType(DataTypes.DoubleType, true), true);
            }
        }
        for (String f : PathViolations.FLAGS) {
            out = out.add(flagPrefix + f, DataTypes.LongType, true);
        }
        return out;
    }

    private static int[] indices(StructType input, List<String> names) {
        return names.stream().mapToInt(input::fieldIndex).toArray();
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Points(rows);
    }

    /**
     * The accumulators of the β point being read, reused from point to point; a path key's rows are held
     * until its last cell, when its path checks are counted into them.
     */
    private final class Points implements Iterator<InternalRow> {
        private final Iterator<InternalRow> rows;
        private final long[] counts = new long[COUNTS.size()];
        private final MomentAccumulator[] scalarStats = new MomentAccumulator[scalars.length];
        private final ElementwiseStats[] arrayStats = new ElementwiseStats[arrays.length];
        private final PathChecks checks = new PathChecks();
        private final List<Object[]> ready = new ArrayList<>();
        private int next;
        /**
         * The next cell; the sorter's rows are reused from one {@code next()} to the next, so a row kept beyond
         * that (a point's first cell) is copied.
         */
        private InternalRow pending;

        Points(Iterator<InternalRow> rows) {
            this.rows = rows;
            for (int i = 0; i < scalarStats.length; i++) {
                scalarStats[i] = new MomentAccumulator();
            }
            for (int i = 0; i < arrayStats.length; i++) {
                arrayStats[i] = new ElementwiseStats();
            }
            pending = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            if (pending == null) {
                return false;
            }
            readPath();
            return true;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object[] v = ready.get(next);
            ready.set(next++, null);
            return new GenericInternalRow(v);
        }

        private void readPath() {
            ready.clear();
            next = 0;
            UTF8String pathKey = pending.getUTF8String(path).clone();
            do {
                InternalRow first = pending.copy();
                do {
                    add(pending, ready.size());
                    pending = rows.hasNext() ? rows.next() : null;
                } while (pending != null && samePoint(first, pending));
                ready.add(emit(first));
            } while (pending != null && pathKey.equals(pending.getUTF8String(path)));
            int points = ready.size();
            long[][] sums = new long[PathViolations.FLAGS.size()][points];
            boolean[][] judged = new boolean[PathViolations.FLAGS.size()][points];
            checks.countInto(sums, judged);
            for (int p = 0; p < points; p++) {
                Object[] v = ready.get(p);
                int at = v.length - sums.length;
                for (int f = 0; f < sums.length; f++) {
                    v[at + f] = judged[f][p] ? sums[f][p] : null;
                }
            }
        }

        /** The path key is never null (a JSON string); β compares as {@code Objects.equals} of boxed doubles did. */
        private boolean samePoint(InternalRow a, InternalRow b) {
            if (!a.getUTF8String(path).equals(b.getUTF8String(path)) || a.isNullAt(beta) != b.isNullAt(beta)) {
                return false;
            }
            return a.isNullAt(beta) || Double.valueOf(a.getDouble(beta)).equals(b.getDouble(beta));
        }

        private void add(InternalRow r, int point) {
            counts[0]++;
            UTF8String s = r.isNullAt(status) ? null : r.getUTF8String(status);
            counts[1] += FAILED.equals(s) ? 1 : 0;
            counts[2] += !r.isNullAt(certified) && r.getBoolean(certified) ? 1 : 0;
            counts[3] += OPTIMAL.equals(s) ? 1 : 0;
            counts[4] += BOUNDS.equals(s) ? 1 : 0;
            for (int i = 0; i < scalars.length; i++) {
                if (!r.isNullAt(scalars[i])) {
                    scalarStats[i].add(r.getDouble(scalars[i]));
                }
            }
            for (int i = 0; i < arrays.length; i++) {
                if (!r.isNullAt(arrays[i])) {
                    arrayStats[i].add(r.getArray(arrays[i]), intArrays[i]);
                }
            }
            boolean judged = r.getBoolean(checkInputs[0]);
            checks.add(r.isNullAt(group) ? null : r.getUTF8String(group).clone(), point, judged, r.getDouble(checkInputs[1]), judged ? r.getDouble(primal) : 0,
                    r.isNullAt(dual) ? null : r.getDouble(dual), r.getBoolean(checkInputs[2]),
                    r.isNullAt(checkInputs[3]) ? null : r.getDouble(checkInputs[3]));
        }

        /** The point's row, its path-check sums left to {@link #readPath}. */
        private Object[] emit(InternalRow first) {
            List<Object> v = new ArrayList<>();
            v.add(first.getUTF8String(path));
            for (int k = 0; k < key.length; k++) {
                v.add(first.isNullAt(key[k]) ? null : first.get(key[k], keyTypes[k]));
            }
            for (int i = 0; i < counts.length; i++) {
                v.add(counts[i]);
                counts[i] = 0;
            }
            for (MomentAccumulator m : scalarStats) {
                v.add(m.mean());
                v.add(m.std());
                v.add(m.min());
                v.add(m.max());
                m.clear();
            }
            for (ElementwiseStats a : arrayStats) {
                for (Double[] stat : a.stats()) {
                    v.add(stat == null ? null : new GenericArrayData(stat));
                }
                a.clear();
            }
            for (int i = 0; i < PathViolations.FLAGS.size(); i++) {
                v.add(null);
            }
            return v.toArray();
        }
    }
}

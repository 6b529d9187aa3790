package org.deepdual.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Resolves the report's logical fields against the schema Spark found on disk. A field is named by
 * candidate paths, the first present wins: {@code a} (a column), {@code a.b} (a field of a struct
 * column) or {@code a[].b} (field b of every struct in an array column, giving an array). This is
 * what lets the reader accept both the flat layout of a Parquet row and the nested layout of the
 * solve JSON (docs/cli.md and docs/output.md).
 */
final class RowFields {
    private final StructType schema;
    private final Set<String> topLevelUsed = new LinkedHashSet<>();

    RowFields(StructType schema) {
        this.schema = schema;
    }

    /** The first candidate path the schema has, remembered as used. */
    Optional<String> find(String... candidates) {
        for (String c : candidates) {
            if (exists(schema, c.split("\\."), 0)) {
                topLevelUsed.add(topLevel(c));
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The top-level columns the found paths read (for a narrow select). */
    List<String> usedColumns() {
        return new ArrayList<>(topLevelUsed);
    }

    /** Names of the top-level columns holding arrays of numbers. */
    List<String> numericArrayColumns() {
        List<String> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (f.dataType() instanceof ArrayType a && a.elementType().typeName().matches(
                    "double|float|integer|long|short|decimal.*")) {
                out.add(f.name());
            }
        }
        return out;
    }

    private static String topLevel(String path) {
        String first = path.split("\\.")[0];
        return first.endsWith("[]") ? first.substring(0, first.length() - 2) : first;
    }

    private static boolean exists(StructType struct, String[] segs, int i) {
        String s = segs[i];
        boolean arr = s.endsWith("[]");
        String name = arr ? s.substring(0, s.length() - 2) : s;
        if (!List.of(struct.fieldNames()).contains(name)) {
            return false;
        }
        DataType type = struct.apply(name).dataType();
        if (arr) {
            if (!(type instanceof ArrayType a)) {
                return false;
            }
            type = a.elementType();
        }
        if (i == segs.length - 1) {
            return true;
        }
        return type instanceof StructType st && exists(st, segs, i + 1);
    }

    /** The value at {@code path} in {@code row} (null when absent or null). */
    static Object get(Row row, Optional<String> path) {
        return path.map(p -> get(row, p.split("\\."), 0)).orElse(null);
    }

    private static Object get(Row row, String[] segs, int i) {
        String s = segs[i];
        boolean arr = s.endsWith("[]");
        String name = arr ? s.substring(0, s.length() - 2) : s;
        int idx;
        try {
            idx = row.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (row.isNullAt(idx)) {
            return null;
        }
        Object v = row.get(idx);
        if (v instanceof scala.collection.Seq) {
            List<Object> list = row.getList(idx);
            if (i == segs.length - 1) {
                return list;
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o instanceof Row r ? get(r, segs, i + 1) : null);
            }
            return out;
        }
        if (i == segs.length - 1) {
            return v;
        }
        return v instanceof Row r ? get(r, segs, i + 1) : null;
    }

    static double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    static double[] toDoubles(Object v) {
        if (!(v instanceof List<?> list)) {
            return new double[0];
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toDouble(list.get(i));
        }
        return out;
    }

    static int[] toInts(Object v) {
        double[] d = toDoubles(v);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Double.isNaN(d[i]) ? -1 : (int) Math.round(d[i]);
        }
        return out;
    }

    static Optional<String> toText(Object v) {
        return v == null ? Optional.empty() : Optional.of(v.toString()).filter(s -> !s.isEmpty());
    }

    static boolean toBoolean(Object v) {
        return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(v.toString());
    }
}

package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a night's {@code cells/} Parquet (docs/output.md) into {@link CellSnapshot}s keyed by
 * cell id. The metrics compared are found in the schema by name, wherever they are nested: the values
 * ({@code primal}, {@code dual}, {@code forward_primal}, a baseline's {@code objective} and {@code excess}),
 * the {@code gap}, {@code certified}, every
 * {@code rank} (per layer), and the Neural Collapse statistics ({@code nc1} ... {@code nc4},
 * {@code train_accuracy}). Scalars become one-element arrays; a column of structs per layer
 * ({@code layers.rank}) becomes one array per field.
 */
public final class CellSnapshots {
    /** Leaf names of the metric columns: value, gap, rank and NC metrics of the nightly study. */
    public static final Pattern METRICS = Pattern.compile(
            "(?i)(^|[._])(primal|dual|forward_primal|gap|certified|rank|nc[0-9][a-z0-9_]*|train_accuracy|objective|excess)$");
    private static final List<String> LABELS = List.of(CellSchema.SETTING, CellSchema.VARIANT, CellSchema.DATA,
            CellSchema.OBJECTIVE, CellSchema.DEPTH, CellSchema.T, CellSchema.WIDTH, CellSchema.BETA, CellSchema.SEED);

    private CellSnapshots() {
    }

    /** The snapshots of the cells under {@code cellsPath} (a directory or Hadoop URI). */
    public static Map<String, CellSnapshot> read(SparkSession spark, String cellsPath) {
        Dataset<Row> cells = spark.read().parquet(cellsPath);
        Set<String> top = Set.of(cells.columns());
        for (String required : List.of(CellSchema.CELL_ID, CellSchema.STATUS)) {
            if (!top.contains(required)) {
                throw new IllegalArgumentException(cellsPath + ": cells have no column '" + required + "'");
            }
        }
        List<String> metrics = metricPaths(cells.schema());
        List<String> labels = LABELS.stream().filter(top::contains).toList();
        List<Column> select = new ArrayList<>(List.of(functions.col(CellSchema.CELL_ID),
                functions.col(CellSchema.STATUS)));
        Column version = top.contains(CellSchema.SCHEMA_VERSION)
                ? functions.coalesce(functions.col(CellSchema.SCHEMA_VERSION), functions.lit(0)) : functions.lit(0);
        labels.forEach(l -> select.add(functions.col(l).cast("string")));
        for (String m : metrics) {
            boolean array = typeAt(cells.schema(), m) instanceof ArrayType;
            select.add(functions.col(m).cast(array ? "array<double>" : "double"));
        }
        Map<String, CellSnapshot> out = new HashMap<>();
        select.add(version.cast("int"));
        int versionAt = select.size() - 1;
        for (Row r : cells.select(select.toArray(Column[]::new)).collectAsList()) {
            String label = labels.isEmpty() ? "" : java.util.stream.IntStream.range(0, labels.size())
                    .mapToObj(i -> labels.get(i) + "=" + r.getString(2 + i)).collect(Collectors.joining(" "));
            Map<String, double[]> values = new HashMap<>();
            for (int i = 0; i < metrics.size(); i++) {
                values.put(metrics.get(i), numbers(r, 2 + labels.size() + i));
            }
            out.put(r.getString(0), new CellSnapshot(r.getString(0), label, r.getString(1), values,
                    r.getInt(versionAt)));
        }
        return out;
    }

    /** Dotted paths of the metric columns in {@code schema} (see {@link #METRICS}). */
    static List<String> metricPaths(StructType schema) {
        List<String> paths = new ArrayList<>();
        collect(schema, "", false, paths);
        return paths;
    }

    private static void collect(StructType struct, String prefix, boolean insideArray, List<String> paths) {
        for (StructField f : struct.fields()) {
            String path = prefix + f.name();
            DataType t = f.dataType();
            if (t instanceof StructType s) {
                collect(s, path + ".", insideArray, paths);
            } else if (t instanceof ArrayType a && a.elementType() instanceof StructType s && !insideArray) {
                // array<struct>: col("layers.rank") selects the field of every element as one array
                collect(s, path + ".", true, paths);
            } else if ((scalar(t) || t instanceof ArrayType a2 && scalar(a2.elementType()) && !insideArray)
                    && METRICS.matcher(path).find()) {
                paths.add(path);
            }
        }
    }

    private static boolean scalar(DataType t) {
        return t instanceof NumericType || t instanceof BooleanType;
    }

    private static DataType typeAt(StructType schema, String path) {
        DataType t = schema;
        boolean array = false;
        for (String part : path.split("\\.")) {
            if (t instanceof ArrayType a) {
                t = a.elementType();
                array = true;
            }
            t = ((StructType) t).apply(part).dataType();
        }
        return array ? new ArrayType(t, true) : t;
    }

    private static double[] numbers(Row r, int i) {
        if (r.isNullAt(i)) {
            return new double[] {Double.NaN};
        }
        Object v = r.get(i);
        if (v instanceof Double d) {
            return new double[] {d};
        }
        List<Object> list = r.getList(i);
        double[] out = new double[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = list.get(k) == null ? Double.NaN : ((Number) list.get(k)).doubleValue();
        }
        return out;
    }
}

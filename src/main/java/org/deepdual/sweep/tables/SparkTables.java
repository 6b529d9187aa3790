package org.deepdual.sweep.tables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.DatasetSpec;
import org.deepdual.data.TableContent;
import org.deepdual.data.TableSource;

/**
 * Reads parquet, orc and libsvm data sets with Spark's data sources (MLlib's {@code libsvm} source
 * included) on the driver's session. Columns are checked before anything is collected (present,
 * numeric or vector), values while they are copied (no null, NaN or infinity); every refusal names the
 * data set, the file and the column (and the row, 1-based in the order read).
 */
public final class SparkTables implements TableSource {
    private final SparkSession spark;

    public SparkTables(SparkSession spark) {
        this.spark = spark;
    }

    /** A reader on the active (or default) session; without one, tables are refused with a message saying so. */
    public static TableSource active() {
        scala.Option<SparkSession> s = SparkSession.getActiveSession();
        if (s.isEmpty()) {
            s = SparkSession.getDefaultSession();
        }
        return s.isEmpty() ? TableSource.NONE : new SparkTables(s.get());
    }

    @Override
    public TableContent read(DatasetSpec spec) {
        String file = spec.path().orElseThrow();
        requireExists(spec, file);
        DataFrameReader reader = spark.read().format(spec.generator());
        if (spec.generator().equals("libsvm") && spec.d().isPresent()) {
            reader = reader.option("numFeatures", spec.d().getAsInt());
        }
        org.apache.spark.sql.Dataset<Row> df;
        try {
            df = reader.load(file);
        } catch (Exception e) {
            throw bad(spec, "file " + file + " cannot be read as " + spec.generator() + ": " + firstLine(e));
        }
        StructType schema = df.schema();
        List<String> featureColumns = spec.features();
        List<Kind> featureKinds = new ArrayList<>();
        for (String c : featureColumns) {
            Kind k = kind(spec, file, schema, c, "features");
            if (k != Kind.NUMBER && featureColumns.size() > 1) {
                throw bad(spec, "file " + file + ": column '" + c + "' is a " + schema.apply(c).dataType().simpleString()
                        + " column; a list of features takes numeric columns only (or give one vector column)");
            }
            featureKinds.add(k);
        }
        boolean labelled = spec.label().isPresent();
        List<String> targetColumns = labelled ? List.of(spec.label().get()) : spec.target();
        List<Kind> targetKinds = new ArrayList<>();
        for (String c : targetColumns) {
            Kind k = kind(spec, file, schema, c, labelled ? "label" : "target");
            if (k != Kind.NUMBER && (labelled || targetColumns.size() > 1)) {
                throw bad(spec, "file " + file + ": column '" + c + "' is a " + schema.apply(c).dataType().simpleString()
                        + " column; " + (labelled ? "a label column holds numbers" : "a list of targets takes numeric"
                        + " columns only (or give one vector column)"));
            }
            targetKinds.add(k);
        }
        List<String> all = new ArrayList<>(featureColumns);
        all.addAll(targetColumns);
        List<Row> rows;
        try {
            rows = df.select(all.stream().map(df::col).toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
        } catch (Exception e) {
            throw bad(spec, "file " + file + " cannot be read as " + spec.generator() + ": " + firstLine(e));
        }
        int n = rows.size();
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        RowCopier features = new RowCopier(spec, file, featureColumns, featureKinds, 0);
        RowCopier targets = new RowCopier(spec, file, targetColumns, targetKinds, featureColumns.size());
        for (int i = 0; i < n; i++) {
            x[i] = features.copy(rows.get(i), i);
            y[i] = targets.copy(rows.get(i), i);
        }
        if (labelled) {
            double[] labels = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = y[i][0];
            }
            return TableContent.labelled(file, x, labels, spec.label().get());
        }
        return TableContent.regression(file, x, y, String.join(", ", targetColumns));
    }

    private void requireExists(DatasetSpec spec, String file) {
        try {
            Path p = new Path(file);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw bad(spec, "file " + file + " does not exist");
            }
        } catch (IOException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("data '")) {
                throw (IllegalArgumentException) e;
            }
            throw bad(spec, "file " + file + " cannot be opened: " + firstLine(e));
        }
    }

    /** How a column's values become doubles. */
    enum Kind {
        NUMBER, VECTOR, ARRAY
    }

    private static Kind kind(DatasetSpec spec, String file, StructType schema, String column, String key) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw bad(spec, "file " + file + " has no column '" + column + "' (named by " + key + "); its columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        DataType t = schema.apply(column).dataType();
        if (t instanceof NumericType) {
            return Kind.NUMBER;
        }
        if (t instanceof VectorUDT) {
            return Kind.VECTOR;
        }
        if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
            return Kind.ARRAY;
        }
        throw bad(spec, "file " + file + ": column '" + column + "' (named by " + key + ") has type "
                + t.simpleString() + ", not numeric (a number, a vector or an array of numbers)");
    }

    /** Copies the columns of one role (features or targets) of a row into doubles, checking every value. */
    private static final class RowCopier {
        private final DatasetSpec spec;
        private final String file;
        private final List<String> columns;
        private final List<Kind> kinds;
        private final int offset;
        private int width = -1;

        RowCopier(DatasetSpec spec, String file, List<String> columns, List<Kind> kinds, int offset) {
            this.spec = spec;
            this.file = file;
            this.columns = columns;
            this.kinds = kinds;
            this.offset = offset;
        }

        double[] copy(Row row, int i) {
            double[] out;
            if (kinds.get(0) == Kind.NUMBER) {
                out = new double[columns.size()];
                for (int j = 0; j < out.length; j++) {
                    Object v = row.get(offset + j);
                    if (v == null) {
                        throw bad(spec, where(i, j) + "is null");
                    }
                    out[j] = ((Number) v).doubleValue();
                }
            } else {
                Object v = row.get(offset);
                if (v == null) {
                    throw bad(spec, where(i, 0) + "is null");
                }
                out = kinds.get(0) == Kind.VECTOR ? ((Vector) v).toArray() : array(row.getList(offset), i);
                if (width >= 0 && out.length != width) {
                    throw bad(spec, where(i, 0) + "has " + out.length + " entries, row 1 has " + width);
                }
                width = out.length;
            }
            for (int j = 0; j < out.length; j++) {
                if (!Double.isFinite(out[j])) {
                    int c = kinds.get(0) == Kind.NUMBER ? j : 0;
                    throw bad(spec, where(i, c) + (kinds.get(0) == Kind.NUMBER ? "" : "entry " + j + " ")
                            + "is " + out[j] + " (values must be finite)");
                }
            }
            return out;
        }

        private double[] array(List<Object> values, int i) {
            double[] out = new double[values.size()];
            for (int j = 0; j < out.length; j++) {
                if (values.get(j) == null) {
                    throw bad(spec, where(i, 0) + "entry " + j + " is null");
                }
                out[j] = ((Number) values.get(j)).doubleValue();
            }
            return out;
        }

        private String where(int i, int j) {
            return "file " + file + ": row " + (i + 1) + ", column '" + columns.get(j) + "' ";
        }
    }

    private static IllegalArgumentException bad(DatasetSpec spec, String message) {
        return new IllegalArgumentException("data '" + spec.name() + "': " + message);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

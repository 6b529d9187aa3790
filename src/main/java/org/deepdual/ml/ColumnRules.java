package org.deepdual.ml;

import java.util.Arrays;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the estimators accept in a schema, checked before any Spark job: features as a vector column
 * (or, where the features are one number, a numeric column), labels as a numeric column (or, where
 * vector targets are allowed, a vector column), and a prediction column that does not exist yet.
 * Every refusal names the parameter and the column.
 */
final class ColumnRules {
    private ColumnRules() {
    }

    static void checkFeatures(StructType schema, String column, boolean numericAllowed) {
        DataType type = field(schema, "featuresCol", column).dataType();
        if (type instanceof VectorUDT || numericAllowed && type instanceof NumericType) {
            return;
        }
        throw new IllegalArgumentException("featuresCol '" + column + "' has type " + type.simpleString()
                + "; expected a vector column (e.g. from VectorAssembler)"
                + (numericAllowed ? " or a numeric column" : ""));
    }

    static void checkLabel(StructType schema, String column, boolean vectorAllowed) {
        DataType type = field(schema, "labelCol", column).dataType();
        if (type instanceof NumericType || vectorAllowed && type instanceof VectorUDT) {
            return;
        }
        throw new IllegalArgumentException("labelCol '" + column + "' has type " + type.simpleString()
                + "; expected a numeric column" + (vectorAllowed ? " or a vector column (vector targets)" : ""));
    }

    /** {@code schema} with the prediction column appended: a double, or a vector for vector targets. */
    static StructType withPrediction(StructType schema, String column, boolean vectorPrediction) {
        if (Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("predictionCol '" + column + "' already exists in the input");
        }
        DataType type = vectorPrediction ? new VectorUDT() : DataTypes.DoubleType;
        return schema.add(new StructField(column, type, false, org.apache.spark.sql.types.Metadata.empty()));
    }

    static boolean isVector(StructType schema, String column) {
        return schema.apply(column).dataType() instanceof VectorUDT;
    }

    /** The features as a vector column (a numeric column becomes a vector of size 1). */
    static Column featureVector(StructType schema, String column) {
        Column c = functions.col(column);
        return isVector(schema, column) ? c
                : org.apache.spark.ml.functions.array_to_vector(functions.array(c.cast(DataTypes.DoubleType)));
    }

    private static StructField field(StructType schema, String param, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(param + " '" + column + "': no such column; the input has "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(column);
    }
}

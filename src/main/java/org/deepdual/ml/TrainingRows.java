package org.deepdual.ml;

import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;

/**
 * The training rows of one fit, collected to the driver (the solves are local): at most {@code maxRows}
 * rows, every feature vector of the same size, every label of the same size, no null, NaN or infinite
 * value. A refusal names the column, the row and the value.
 */
final class TrainingRows {
    private TrainingRows() {
    }

    static Dataset collect(org.apache.spark.sql.Dataset<?> df, String featuresCol, String labelCol, int maxRows,
            String estimator) {
        StructType schema = df.schema();
        Column label = ColumnRules.isVector(schema, labelCol) ? functions.col(labelCol)
                : functions.col(labelCol).cast(DataTypes.DoubleType);
        List<Row> rows = df.select(ColumnRules.featureVector(schema, featuresCol), label)
                .limit(maxRows == Integer.MAX_VALUE ? maxRows : maxRows + 1).collectAsList();
        if (rows.size() > maxRows) {
            throw new IllegalArgumentException("featuresCol '" + featuresCol + "': more than maxRows = " + maxRows
                    + " rows; " + estimator + " solves on the driver: sample the data or raise maxRows");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("featuresCol '" + featuresCol + "': the input has no rows");
        }
        Matrix x = Matrix.ofRows(values(rows, 0, "featuresCol", featuresCol));
        Matrix y = Matrix.ofRows(values(rows, 1, "labelCol", labelCol));
        return new Dataset(estimator, x, y, Optional.empty(), "ml:" + estimator + ":" + rows.size());
    }

    private static double[][] values(List<Row> rows, int field, String param, String column) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.isNullAt(field)) {
                throw new IllegalArgumentException(param + " '" + column + "': row " + i + " is null");
            }
            Object v = r.get(field);
            out[i] = v instanceof Vector vec ? vec.toArray() : new double[] {(Double) v};
            if (out[i].length != out[0].length) {
                throw new IllegalArgumentException(param + " '" + column + "': row " + i + " has size "
                        + out[i].length + " but row 0 has size " + out[0].length + " (vector sizes must agree)");
            }
            if (out[i].length == 0) {
                throw new IllegalArgumentException(param + " '" + column + "': row " + i + " is an empty vector");
            }
            for (int j = 0; j < out[i].length; j++) {
                if (!Double.isFinite(out[i][j])) {
                    throw new IllegalArgumentException(param + " '" + column + "': row " + i + ", entry " + j
                            + " is " + out[i][j] + " (NaN and infinite values are refused)");
                }
            }
        }
        return out;
    }
}

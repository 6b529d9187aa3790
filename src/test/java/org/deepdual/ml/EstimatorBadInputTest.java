package org.deepdual.ml;

import static org.deepdual.ml.MlFixtures.frame;
import static org.deepdual.ml.MlFixtures.gaussian;
import static org.deepdual.ml.MlFixtures.reluTarget;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Refusals name the parameter or column, the row and the value. */
class EstimatorBadInputTest {
    private static final double[][] X = gaussian(6, 2, 81);
    private static final double[][] Y = reluTarget(X, 82);

    @Test
    void invalidParameterValuesAreRefusedWhenSet() {
        refused(() -> new ConvexReluRegressor().setBeta(-1), "beta", "-1.0");
        refused(() -> new DeepLinearRegressor().setDepth(1), "depth", "1");
        refused(() -> new DeepLinearRegressor().setObjective("l2"), "objective", "l2");
        refused(() -> new DeepLinearRegressor().setT(0), "t", "0.0");
        refused(() -> new BatchNormRegressor().setVariant("tanh"), "variant", "tanh");
        refused(() -> new ConvexReluRegressor().setPatterns(0), "patterns", "0");
        refused(() -> new ConvexReluRegressor().setRelu2Seed("adam"), "relu2Seed", "adam");
        refused(() -> new ConvexReluRegressor().setMaxRows(0), "maxRows", "0");
    }

    @Test
    void objectiveAndTMustAgree() {
        refused(() -> new DeepLinearRegressor().setObjective("tc").fit(frame(X, Y)), "t: required with objective tc");
        refused(() -> new DeepLinearRegressor().setT(1).fit(frame(X, Y)), "t: applies to objective tc only");
    }

    @Test
    void columnsAreCheckedBeforeAnyJob() {
        var data = frame(X, Y);
        refused(() -> new ConvexReluRegressor().setFeaturesCol("x").fit(data), "featuresCol 'x': no such column");
        refused(() -> new ConvexReluRegressor().setFeaturesCol("label").fit(data),
                "featuresCol 'label' has type double; expected a vector column");
        refused(() -> new ConvexReluRegressor().fit(frame(X, gaussian(6, 2, 83))),
                "labelCol 'label' has type vector; expected a numeric column");
        refused(() -> new DeepLinearRegressor().fit(data.withColumn("label", data.col("label").cast("string"))),
                "labelCol 'label' has type string");
        refused(() -> new DeepLinearRegressor().setPredictionCol("label").fit(data),
                "predictionCol 'label' already exists");
    }

    @Test
    void rowsAreCheckedWithTheirColumnAndIndex() {
        refused(() -> new ConvexReluRegressor().fit(rows(Vectors.dense(1, 2), Vectors.dense(1, Double.NaN))),
                "featuresCol 'features': row 1, entry 1 is NaN");
        refused(() -> new ConvexReluRegressor().fit(rows(Vectors.dense(1, 2), Vectors.dense(1, 2, 3))),
                "featuresCol 'features': row 1 has size 3 but row 0 has size 2");
        refused(() -> new DeepLinearRegressor().fit(rows(Vectors.dense(1, 2), null)), "featuresCol 'features': row 1"
                + " is null");
        refused(() -> new ConvexReluRegressor().setMaxRows(5).fit(frame(X, Y)),
                "featuresCol 'features': more than maxRows = 5 rows; ConvexReluRegressor solves on the driver");
        refused(() -> new ReluSplineRegressor().fit(frame(X, Y)), "relu-1d needs X with one column");
    }

    @Test
    void aModelRefusesFeaturesOfTheWrongSize() {
        double[][] x = gaussian(8, 3, 84);
        DeepLinearRegressionModel model = new DeepLinearRegressor().fit(frame(x, reluTarget(x, 85)));
        Exception e = assertThrows(Exception.class,
                () -> model.transform(frame(X, Y)).collectAsList());
        assertTrue(String.valueOf(rootMessage(e)).contains("a row has 2 features; the model was fitted on 3"),
                rootMessage(e));
    }

    private static org.apache.spark.sql.Dataset<Row> rows(org.apache.spark.ml.linalg.Vector... features) {
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        List<Row> rows = new java.util.ArrayList<>();
        for (var f : features) {
            rows.add(RowFactory.create(f, 1.0));
        }
        return SharedSpark.get().createDataFrame(rows, schema);
    }

    private static void refused(Executable body, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}

package org.deepdual.ml;

import static org.deepdual.ml.MlFixtures.gaussian;
import static org.deepdual.ml.MlFixtures.predictions;
import static org.deepdual.ml.MlFixtures.reluTarget;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.linalg.Matrix;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimators as pipeline stages: after VectorAssembler and StandardScaler, tuned by
 * TrainValidationSplit; the refitted pipeline predicts with the network on the standardised features
 * (standardised here by hand) and loads back predicting the same; estimators save and load their params.
 */
class PipelineAndPersistenceTest {
    @TempDir
    Path dir;

    @Test
    void tunedPipelinePredictsWithTheNetworkOnScaledFeaturesAndLoadsBack() throws IOException {
        double[][] x = gaussian(40, 3, 71);
        double[][] y = reluTarget(x, 72);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(x[i][0], x[i][1], x[i][2], y[i][0]));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        var data = SharedSpark.get().createDataFrame(rows, schema);
        DeepLinearRegressor linear = new DeepLinearRegressor().setDepth(3);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true), linear});
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(pipeline)
                .setEstimatorParamMaps(new ParamGridBuilder().addGrid(linear.beta(), new double[] {0.01, 1, 100})
                        .build())
                .setEvaluator(new RegressionEvaluator()).setTrainRatio(0.75).setSeed(7).fit(data);
        assertEquals(3, tvs.validationMetrics().length);
        PipelineModel best = (PipelineModel) tvs.bestModel();
        DeepLinearRegressionModel model = (DeepLinearRegressionModel) best.stages()[2];
        assertEquals(40, model.summary().n());
        assertEquals("OPTIMAL", model.summary().status());

        double[][] expected = model.fittedNetwork().network().forward(Matrix.ofRows(standardised(x))).toRowArrays();
        double[][] predicted = predictions(best.transform(data), "prediction");
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i][0], predicted[i][0], 1e-10 * Math.max(1, Math.abs(expected[i][0])), "row " + i);
        }
        String path = dir.resolve("pipeline").toString();
        best.write().overwrite().save(path);
        assertArrayEquals(predicted, predictions(PipelineModel.load(path).transform(data), "prediction"));
    }

    @Test
    void estimatorsSaveAndLoadTheirParams() throws IOException {
        ConvexReluRegressor relu = new ConvexReluRegressor().setBeta(0.7).setPatterns(123).setSeed(9)
                .setRelu2Seed("none").setTol(1e-10).setGapTol(1e-8).setMaxIter(500).setMaxRows(77)
                .setFeaturesCol("f").setLabelCol("y").setPredictionCol("p");
        String path = dir.resolve("relu").toString();
        relu.write().overwrite().save(path);
        assertSameParams(relu, ConvexReluRegressor.load(path));

        DeepLinearRegressor linear = new DeepLinearRegressor().setDepth(5).setObjective("tc").setT(2.5).setBeta(3);
        BatchNormRegressor bn = new BatchNormRegressor().setDepth(4).setVariant("linear").setSeed(11);
        ReluSplineRegressor spline = new ReluSplineRegressor().setBeta(0.02);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {linear, bn, spline});
        String pipelinePath = dir.resolve("stages").toString();
        pipeline.write().overwrite().save(pipelinePath);
        PipelineStage[] loaded = Pipeline.load(pipelinePath).getStages();
        assertSameParams(linear, (DeepLinearRegressor) loaded[0]);
        assertSameParams(bn, (BatchNormRegressor) loaded[1]);
        assertSameParams(spline, (ReluSplineRegressor) loaded[2]);
    }

    private static void assertSameParams(CellEstimator<?, ?> expected, CellEstimator<?, ?> actual) {
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.uid(), actual.uid());
        ParamPair<?>[] pairs = expected.extractParamMap().toList().toArray(ParamPair<?>[]::new);
        assertTrue(pairs.length >= 5, "params " + Arrays.toString(pairs));
        for (ParamPair<?> p : pairs) {
            assertEquals(p.value(), actual.getOrDefault(actual.getParam(p.param().name())), p.param().name());
        }
        assertEquals(pairs.length, actual.extractParamMap().size());
    }

    /** StandardScaler with mean: (x − mean)/sample standard deviation, per column. */
    private static double[][] standardised(double[][] x) {
        int n = x.length;
        double[][] z = new double[n][x[0].length];
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (double[] r : x) {
                mean += r[j] / n;
            }
            double var = 0;
            for (double[] r : x) {
                var += (r[j] - mean) * (r[j] - mean) / (n - 1);
            }
            for (int i = 0; i < n; i++) {
                z[i][j] = (x[i][j] - mean) / Math.sqrt(var);
            }
        }
        return z;
    }
}

package org.deepdual.ml;

import static org.deepdual.ml.MlFixtures.gaussian;
import static org.deepdual.ml.MlFixtures.relative;
import static org.deepdual.ml.MlFixtures.reluTarget;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CrossValidator over β with {@link ConvexReluRegressor} (d = 2: every activation pattern enumerated, so
 * each cell is the exact optimum) against a k-fold computation written here on the same folds (the fold
 * column): the same RMSE per β, and the chosen model's training objective is the cell's optimum on all rows;
 * the tuned model saves and loads back with its estimator.
 */
class CrossValidatedBetaTest {
    private static final int N = 36;
    private static final int FOLDS = 3;
    private static final double[] BETAS = {0.01, 0.3, 3.0};

    @TempDir
    Path dir;

    @Test
    void avgMetricsAreTheFoldwiseRmseOfEachCellAndTheBestModelIsTheCell() throws IOException {
        double[][] x = gaussian(N, 2, 61);
        double[][] y = reluTarget(x, 62);
        int[] fold = new int[N];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            fold[i] = (i * 7) % FOLDS;
            rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0], fold[i]));
        }
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType)
                .add("fold", DataTypes.IntegerType);
        var data = SharedSpark.get().createDataFrame(rows, schema);

        ConvexReluRegressor relu = new ConvexReluRegressor();
        ParamMap[] grid = new ParamGridBuilder().addGrid(relu.beta(), BETAS).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(relu).setEstimatorParamMaps(grid)
                .setEvaluator(new RegressionEvaluator().setMetricName("rmse")).setNumFolds(FOLDS).setFoldCol("fold")
                .fit(data);

        int best = 0;
        double[] expected = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            double beta = (Double) grid[g].apply(relu.beta());
            expected[g] = heldOutRmse(x, y, fold, beta);
            assertTrue(relative(cv.avgMetrics()[g], expected[g]) <= 1e-9,
                    "beta " + beta + ": CrossValidator " + cv.avgMetrics()[g] + " vs k-fold " + expected[g]);
            best = expected[g] < expected[best] ? g : best;
        }
        ConvexReluRegressionModel chosen = (ConvexReluRegressionModel) cv.bestModel();
        double bestBeta = (Double) grid[best].apply(relu.beta());
        assertEquals(bestBeta, chosen.summary().beta());
        Solution cell = Solvers.solve(dataset(x, y, i -> true), Problem.wd(Setting.RELU2, bestBeta, 2));
        assertEquals(N, chosen.summary().n());
        assertTrue(relative(chosen.summary().primal(), cell.primal().getAsDouble()) <= 1e-9,
                "chosen model's objective " + chosen.summary().primal() + " vs cell optimum " + cell.primal());

        String path = dir.resolve("cv").toString();
        cv.write().overwrite().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);
        assertArrayEquals(cv.avgMetrics(), loaded.avgMetrics());
        assertEquals(chosen.summary(), ((ConvexReluRegressionModel) loaded.bestModel()).summary());
        assertEquals(relu.uid(), loaded.getEstimator().uid());
    }

    /** Mean over folds of the RMSE on the fold of the cell solved on the other folds. */
    private static double heldOutRmse(double[][] x, double[][] y, int[] fold, double beta) {
        double sum = 0;
        for (int f = 0; f < FOLDS; f++) {
            int held = f;
            Solution s = Solvers.solve(dataset(x, y, i -> fold[i] != held), Problem.wd(Setting.RELU2, beta, 2));
            Dataset validation = dataset(x, y, i -> fold[i] == held);
            double[] pred = s.network().orElseThrow().forward(validation.x()).column(0);
            double sq = 0;
            for (int i = 0; i < pred.length; i++) {
                double e = pred[i] - validation.y().get(i, 0);
                sq += e * e;
            }
            sum += Math.sqrt(sq / pred.length);
        }
        return sum / FOLDS;
    }

    private static Dataset dataset(double[][] x, double[][] y, java.util.function.IntPredicate keep) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (keep.test(i)) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        return new Dataset("folds", Matrix.ofRows(xs.toArray(double[][]::new)),
                Matrix.ofRows(ys.toArray(double[][]::new)),
                Optional.empty(), "test");
    }
}

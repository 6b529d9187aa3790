package org.deepdual.ml;

import static org.deepdual.ml.MlFixtures.frame;
import static org.deepdual.ml.MlFixtures.gaussian;
import static org.deepdual.ml.MlFixtures.predictions;
import static org.deepdual.ml.MlFixtures.relative;
import static org.deepdual.ml.MlFixtures.reluTarget;
import static org.deepdual.ml.MlFixtures.solveCommand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each estimator against the {@code solve} command run in-process on the same data (CSV): the same
 * status and certificate, the primal to 1e-9 relative; the model's predictions are the network's forward
 * pass, whose objective (written out here per setting, docs/cli.md §3) is the certified primal; a saved
 * model loads back with the same parameters, certificate and predictions.
 */
class EstimatorsMatchSolveCommandTest {
    @TempDir
    Path dir;

    @Test
    void convexReluIsTheSolveCommandsRelu2Cell() throws IOException {
        double[][] x = gaussian(30, 3, 11);
        double[][] y = reluTarget(x, 12);
        JsonNode json = solveCommand(dir, x, y, "--setting", "relu2", "--objective", "wd", "--beta", "0.05",
                "--depth", "2", "--seed", "3", "--patterns", "300");
        ConvexReluRegressionModel model = new ConvexReluRegressor().setBeta(0.05).setSeed(3).setPatterns(300)
                .fit(frame(x, y));
        assertSameCertificate(json, model.summary());
        Network net = model.fittedNetwork().network();
        double penalty = squares(net.layer(1)) + squares(net.layer(2));
        assertForwardPass(model, x, y, 0.05 / 2 * penalty, 1e-6);
        assertRoundTrip(model, x, y, ConvexReluRegressionModel::load);
    }

    @Test
    void deepLinearScalarWdIsTheSolveCommandsLinearCell() throws IOException {
        double[][] x = gaussian(25, 4, 21);
        double[][] y = reluTarget(x, 22);
        JsonNode json = solveCommand(dir, x, y, "--setting", "linear", "--objective", "wd", "--beta", "0.3",
                "--depth", "3");
        DeepLinearRegressionModel model = new DeepLinearRegressor().setBeta(0.3).setDepth(3).fit(frame(x, y));
        assertSameCertificate(json, model.summary());
        Network net = model.fittedNetwork().network();
        double penalty = 0;
        for (Matrix w : net.weights()) {
            penalty += squares(w);
        }
        assertForwardPass(model, x, y, 0.3 / 2 * penalty, 1e-8);
        assertRoundTrip(model, x, y, DeepLinearRegressionModel::load);
    }

    @Test
    void deepLinearVectorTcIsTheSolveCommandsLinearCell() throws IOException {
        double[][] x = gaussian(20, 5, 31);
        double[][] y = gaussian(20, 3, 32);
        JsonNode json = solveCommand(dir, x, y, "--setting", "linear", "--objective", "tc", "--beta", "0.2",
                "--depth", "4", "--t", "1.5");
        DeepLinearRegressionModel model = new DeepLinearRegressor().setBeta(0.2).setDepth(4).setObjective("tc")
                .setT(1.5).fit(frame(x, y));
        assertSameCertificate(json, model.summary());
        assertEquals(3, model.numOutputs());
        Network net = model.fittedNetwork().network();
        for (int l = 1; l <= 2; l++) {
            assertTrue(Math.sqrt(squares(net.layer(l))) <= 1.5 * (1 + 1e-9), "layer " + l + " within t");
        }
        double penalty = squares(net.layer(3)) + squares(net.layer(4));
        assertForwardPass(model, x, y, 0.2 / 2 * penalty, 1e-8);
        assertRoundTrip(model, x, y, DeepLinearRegressionModel::load);
    }

    @Test
    void batchNormIsTheSolveCommandsBnCell() throws IOException {
        double[][] x = gaussian(16, 3, 41);
        double[][] y = reluTarget(x, 42);
        JsonNode json = solveCommand(dir, x, y, "--setting", "bn", "--variant", "relu", "--objective", "wd",
                "--beta", "0.1", "--depth", "3", "--seed", "5");
        BatchNormRegressionModel model = new BatchNormRegressor().setBeta(0.1).setDepth(3).setVariant("relu")
                .setSeed(5).fit(frame(x, y));
        assertSameCertificate(json, model.summary());
        Network net = model.fittedNetwork().network();
        var bn = net.batchNorm().orElseThrow();
        double penalty = sum(bn.gamma()) + sum(bn.alpha()) + squares(net.layer(3));
        assertForwardPass(model, x, y, 0.1 / 2 * penalty, 1e-8);
        assertRoundTrip(model, x, y, BatchNormRegressionModel::load);
    }

    @Test
    void batchNormWithOneHotTargetsIsTheSolveCommandsBnCell() throws IOException {
        double[][] x = gaussian(15, 4, 43);
        double[][] y = new double[15][3];
        for (int i = 0; i < y.length; i++) {
            y[i][i % 3] = 1;
        }
        // L = 2 and n > d: the command's cell is FAILED, and the fit refuses with the command's reason
        JsonNode failed = solveCommand(dir, x, y, "--setting", "bn", "--variant", "linear", "--objective", "wd",
                "--beta", "0.05", "--depth", "2");
        assertEquals("FAILED", failed.get("status").asText());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new BatchNormRegressor().setBeta(0.05).setVariant("linear").fit(frame(x, y)));
        assertTrue(e.getMessage().endsWith("FAILED: " + failed.get("reason").asText()), e.getMessage());

        JsonNode json = solveCommand(dir, x, y, "--setting", "bn", "--variant", "linear", "--objective", "wd",
                "--beta", "0.05", "--depth", "3");
        BatchNormRegressionModel model = new BatchNormRegressor().setBeta(0.05).setVariant("linear").setDepth(3)
                .fit(frame(x, y));
        assertSameCertificate(json, model.summary());
        assertEquals(3, model.numOutputs());
        Network net = model.fittedNetwork().network();
        var bn = net.batchNorm().orElseThrow();
        double penalty = sum(bn.gamma()) + sum(bn.alpha()) + squares(net.layer(3));
        assertForwardPass(model, x, y, 0.05 / 2 * penalty, 1e-8);
    }

    @Test
    void reluSplineOnANumericColumnIsTheSolveCommandsRelu1dCell() throws IOException {
        double[][] x = gaussian(18, 1, 51);
        double[][] y = reluTarget(x, 52);
        JsonNode json = solveCommand(dir, x, y, "--setting", "relu-1d", "--objective", "wd", "--beta", "0.02",
                "--depth", "2");
        var numeric = frame(x, y).withColumn("t", org.apache.spark.ml.functions.vector_to_array(
                org.apache.spark.sql.functions.col("features"), "float64").getItem(0)).drop("features");
        ReluSplineRegressionModel model = new ReluSplineRegressor().setBeta(0.02).setFeaturesCol("t").fit(numeric);
        assertSameCertificate(json, model.summary());
        Network net = model.fittedNetwork().network();
        double penalty = squares(net.layer(1)) + squares(net.layer(2));
        double[][] fromColumn = predictions(model.transform(numeric), "prediction");
        assertArrayEquals(net.forward(Matrix.ofRows(x)).toRowArrays(), fromColumn);
        assertForwardPass(model.setFeaturesCol("features"), x, y, 0.02 / 2 * penalty, 1e-8);
        assertRoundTrip(model, x, y, ReluSplineRegressionModel::load);
    }

    private static void assertSameCertificate(JsonNode json, CellCertificate c) {
        assertEquals(json.get("status").asText(), c.status(), "status");
        assertEquals(json.get("certified").asBoolean(), c.certified(), "certified");
        assertTrue(relative(c.primal(), json.get("primal").asDouble()) <= 1e-9,
                "primal " + c.primal() + " vs solve " + json.get("primal"));
        if (json.get("dual").isNull()) {
            assertEquals(null, c.dual(), "dual");
        } else {
            assertTrue(relative(c.dual(), json.get("dual").asDouble()) <= 1e-9, "dual " + c.dual() + " vs " + json);
            assertTrue(relative(c.gap(), json.get("gap").asDouble()) <= 1e-9, "gap");
        }
        assertEquals(json.get("n").asInt(), c.n());
        assertEquals(json.get("d").asInt(), c.d());
        assertEquals(json.get("setting").asText(), c.setting());
    }

    /**
     * The prediction column is f(X) of the model's network (docs/theory.md §1 forward pass, batch norm over
     * the training batch), and ½‖f(X) − Y‖² + penalty is the certificate's primal.
     */
    private static void assertForwardPass(CellModel<?> model, double[][] x, double[][] y, double penalty, double tol) {
        double[][] f = model.fittedNetwork().network().forward(Matrix.ofRows(x)).toRowArrays();
        double[][] p = predictions(model.transform(frame(x, y)), "prediction");
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < f[i].length; k++) {
                assertEquals(f[i][k], p[i][k], 1e-12 * Math.max(1, Math.abs(f[i][k])), "row " + i + " output " + k);
                loss += 0.5 * (f[i][k] - y[i][k]) * (f[i][k] - y[i][k]);
            }
        }
        double primal = model.summary().primal();
        assertTrue(relative(loss + penalty, primal) <= tol, "forward objective " + (loss + penalty) + " vs primal "
                + primal);
    }

    private <M extends CellModel<M>> void assertRoundTrip(M model, double[][] x, double[][] y,
            Function<String, M> load) throws IOException {
        String path = dir.resolve("saved-" + model.uid()).toString();
        model.setPredictionCol("yhat").write().overwrite().save(path);
        M loaded = load.apply(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals(model.summary(), loaded.summary());
        assertEquals("yhat", loaded.getPredictionCol());
        assertEquals(model.getFeaturesCol(), loaded.getFeaturesCol());
        var data = frame(x, y);
        List<Row> expected = model.transform(data).select("yhat").collectAsList();
        assertEquals(expected, loaded.transform(data).select("yhat").collectAsList());
        model.setPredictionCol("prediction");
    }

    private static double squares(Matrix w) {
        return w.frobeniusNormSquared();
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return s;
    }
}

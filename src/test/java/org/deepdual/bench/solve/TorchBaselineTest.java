package org.deepdual.bench.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.CsvMatrixReader;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.train.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch side of the benchmark: the CSV files it reads round-trip bit for bit, its JSON line
 * parses, and on a problem whose optimum this test computes independently (a two-layer linear network
 * at β = 0 is least squares) its L-BFGS reaches the optimum and never goes below it. The script part
 * is skipped, naming python3-torch, when Debian's python3 cannot import torch.
 */
class TorchBaselineTest {

    @Test
    void matrixCsvRoundTripsEveryBit(@TempDir Path dir) {
        Random r = new Random(7);
        double[][] rows = new double[4][3];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10);
            }
        }
        rows[0][0] = -0.0;
        rows[1][1] = Double.MIN_VALUE;
        Matrix m = Matrix.ofRows(rows);
        Path file = dir.resolve("m.csv");
        TorchBaseline.writeMatrix(file, m);
        Matrix back = CsvMatrixReader.read(file);
        assertEquals(m.rows(), back.rows());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                assertEquals(Double.doubleToLongBits(Math.abs(m.get(i, j))),
                        Double.doubleToLongBits(Math.abs(back.get(i, j))), "entry " + i + "," + j);
            }
        }
    }

    @Test
    void parsesTheScriptsJsonLineAndRefusesIncompleteOrErrorAnswers() {
        TorchBaseline.Result r = TorchBaseline.parse("{\"optimizer\":\"lbfgs\",\"reached\":true,\"time_to_target_s\":0.25,"
                + "\"final_objective\":1.5,\"best_objective\":1.5,\"rel_excess\":1e-5,\"iterations\":12,"
                + "\"elapsed_s\":0.25,\"stop\":\"target\",\"torch\":\"1.13\",\"threads\":1}");
        assertEquals("lbfgs", r.optimizer());
        assertTrue(r.reached());
        assertEquals(0.25, r.timeToTargetSeconds().getAsDouble());
        assertEquals(12, r.iterations());
        TorchBaseline.Result notReached = TorchBaseline.parse("{\"optimizer\":\"adam\",\"reached\":false,"
                + "\"time_to_target_s\":null,\"final_objective\":2,\"best_objective\":2,\"rel_excess\":0.1,"
                + "\"iterations\":3,\"elapsed_s\":1,\"stop\":\"budget\"}");
        assertTrue(notReached.timeToTargetSeconds().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchBaseline.parse("{\"optimizer\":\"adam\"}"));
        assertTrue(e.getMessage().contains("lacks 'reached'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchBaseline.parse("not json"));
        assertThrows(IllegalStateException.class, () -> TorchBaseline.parse("{\"error\":\"missing module: torch\"}"));
    }

    @Test
    void scriptReachesTheLeastSquaresOptimumOfATwoLayerLinearNetAndNeverGoesBelowIt(@TempDir Path dir) {
        Optional<String> missing = TorchBaseline.unavailable(TorchBaseline.DEBIAN_PYTHON);
        assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse("") + " — needs Debian's "
                + TorchBaseline.DEBIAN_PACKAGE + " in " + TorchBaseline.DEBIAN_PYTHON);
        Path script = TorchBaseline.script();
        assumeTrue(Files.isRegularFile(script), "skipped: " + script + " not found");
        Random r = new Random(3);
        double[][] x = new double[30][4];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = x[i][0] - 2 * x[i][2] + 0.3 * r.nextGaussian();
        }
        Matrix xm = Matrix.ofRows(x);
        Matrix ym = Matrix.column(y);
        Dataset data = new Dataset("ls", xm, ym, Optional.empty(), "test:ls");
        // ½‖y − X w_LS‖² with w_LS from the pseudo-inverse: the β = 0 optimum of any deep linear net of width ≥ 1
        Matrix w = Decompositions.pseudoInverseSolve(xm, ym, 1e-12);
        double optimum = 0.5 * xm.times(w).minus(ym).frobeniusNormSquared();
        Problem p = Problem.wd(Setting.LINEAR, 0.0, 2);
        TorchBaseline.Result res = TorchBaseline.run(TorchBaseline.DEBIAN_PYTHON, script, dir, data, p,
                Optimizer.LBFGS, new TorchBaseline.Settings(3, optimum, 1e-6, 30, 0, 1));
        assertEquals("lbfgs", res.optimizer());
        assertTrue(res.reached(), () -> "L-BFGS stopped with " + res.stop() + " at " + res.bestObjective()
                + " > optimum " + optimum);
        assertTrue(res.bestObjective() >= optimum - 1e-9 * Math.max(1, optimum),
                "best " + res.bestObjective() + " below the least-squares optimum " + optimum);
        assertTrue(res.timeToTargetSeconds().getAsDouble() <= res.elapsedSeconds() + 1e-12);
        assertFalse(res.torchVersion().isEmpty());
    }
}

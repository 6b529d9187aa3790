package org.deepdual.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.junit.jupiter.api.Test;

/**
 * The baseline trainer under the classification losses (docs/theory.md §14) against the certified relu-1d
 * optimum: from the perturbed optimum L-BFGS returns to it (logistic, smooth), and random starts never go
 * below it (logistic and hinge).
 */
class ClassificationBaselineTest {
    private static final Dataset SEVEN = new Dataset("relu1d-7-labels",
            Matrix.column(-1.5, -1.0, -0.25, 0.0, 0.5, 1.25, 2.0), Matrix.column(1, -1, 1, 1, -1, -1, 1),
            Optional.empty(), "relu1d-7-labels");

    private static Problem problem(Loss loss, double beta) {
        return new Problem(Setting.RELU_1D, Optional.empty(), Objective.WD, beta, 2, OptionalDouble.empty(),
                OptionalInt.empty(), 0L, Problem.DEFAULT_PATTERNS, loss);
    }

    private static double excess(double trained, double optimum) {
        return (trained - optimum) / Math.max(1, Math.abs(optimum));
    }

    @Test
    void lbfgsReturnsToThePerturbedLogisticOptimum() {
        for (double beta : new double[] {0.1, 0.5}) {
            Problem p = problem(Loss.LOGISTIC, beta);
            Solution s = Solvers.solve(SEVEN, p);
            assertTrue(s.certified(), s.reason().orElse(""));
            double optimum = s.primal().getAsDouble();
            Network start = BaselineReachesOptimumTest.perturb(s.network().orElseThrow(), new Random(7), 0.1);
            TrainingRun run = BaselineTrainer.trainFrom(SEVEN, p, start,
                    new TrainOptions(Optimizer.LBFGS, 20000, 20, 0, 1, 0, 1e-15));
            double e = excess(run.objective(), optimum);
            assertTrue(e >= -1e-7, "beta " + beta + ": trained " + run.objective() + " below the optimum " + optimum);
            assertTrue(e <= 1e-6, "beta " + beta + ": trained " + run.objective() + " vs optimum " + optimum
                    + " (excess " + e + ")");
        }
    }

    @Test
    void randomStartsNeverBeatTheOptimumUnderEitherLoss() {
        for (Loss loss : new Loss[] {Loss.LOGISTIC, Loss.HINGE}) {
            Problem p = problem(loss, 0.2);
            double optimum = Solvers.solve(SEVEN, p).primal().getAsDouble();
            for (long seed = 0; seed < 4; seed++) {
                TrainingRun run = BaselineTrainer.train(SEVEN, p, new TrainOptions(Optimizer.LBFGS, 3000, 10, seed, 8,
                        0, 1e-13));
                assertTrue(excess(run.objective(), optimum) >= -1e-7, loss + " seed " + seed + ": trained "
                        + run.objective() + " below the optimum " + optimum);
            }
        }
    }
}

package org.deepdual.solve.relu2;

import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.train.BaselineTrainer;
import org.deepdual.train.Optimizer;
import org.deepdual.train.TrainOptions;
import org.deepdual.train.TrainingRun;
import org.junit.jupiter.api.Test;

/** Column generation of activation patterns for the relu2 program (docs/theory.md §9). */
class PatternGenerationTest {
    private static final TwoLayerReluSolver GENERATED = new TwoLayerReluSolver(AdmmSettings.DEFAULT,
            TwoLayerReluSolver.PatternSearch.GENERATED);
    private static final TwoLayerReluSolver SAMPLED = new TwoLayerReluSolver(AdmmSettings.DEFAULT,
            TwoLayerReluSolver.PatternSearch.SAMPLED);

    /** Gaussian X (n × d) and targets of two planted ReLU neurons plus noise. */
    static Dataset planted(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        double[] a = new double[d];
        double[] b = new double[d];
        for (int j = 0; j < d; j++) {
            a[j] = r.nextGaussian();
            b[j] = r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double sa = 0;
            double sb = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
                sa += a[j] * x[i][j];
                sb += b[j] * x[i][j];
            }
            y[i] = Math.max(sa, 0) - 0.7 * Math.max(sb, 0) + 0.2 * r.nextGaussian();
        }
        return new Dataset("planted-" + n + "x" + d, Matrix.ofRows(x), Matrix.column(y), Optional.empty(),
                "planted-" + n + "x" + d + "-" + seed);
    }

    private static Problem relu2(double beta) {
        return Problem.wd(Setting.RELU2, beta, 2);
    }

    @Test
    void onOneDimensionalDataItReachesTheEnumeratedOptimum() {
        Dataset d = TwoLayerReluSolverTest.ONE_D_20;
        for (double beta : new double[] {0.02, 0.1, 0.5}) {
            Solution all = SAMPLED.solve(SAMPLED.prepare(d), relu2(beta));
            Solution gen = GENERATED.solve(GENERATED.prepare(d), relu2(beta));
            assertTrue(all.certified() && gen.certified(), "beta " + beta + ": " + gen.reason().orElse(""));
            double opt = all.primal().getAsDouble();
            assertEquals(opt, gen.primal().getAsDouble(), 2e-6 * Math.max(1, opt), "beta " + beta);
        }
    }

    @Test
    void noCandidateViolatesItsDualConstraintAtTheEnd() {
        for (Dataset d : List.of(planted(40, 3, 1), TwoLayerReluSolverTest.ONE_D_20)) {
            Problem p = relu2(0.3).withPatterns(60).withSeed(4);
            ActivationPatterns candidates = ActivationPatterns.of(d.x(), p.patterns(), p.seed());
            double[] y = d.y().column(0);
            PatternGeneration.Result r = PatternGeneration.solve(d.x(), y, candidates, List.of(), Optional.empty(),
                    p.beta(), AdmmSettings.DEFAULT);
            assertTrue(r.complete(), d.name());
            double[] az = r.program().applyA(r.run().state().z(), new double[r.program().n * r.program().p]);
            double[] lambda = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                lambda[k] = y[k] - az[k];
            }
            double worst = PatternGeneration.worstViolation(d.x(), lambda, candidates, p.beta());
            assertTrue(worst <= PatternGeneration.VIOLATION, d.name() + ": a candidate violates by " + worst);
        }
    }

    @Test
    void generatedValueLiesBetweenTheSampledAndTheExactOne() {
        Dataset planted = planted(40, 3, 2);
        for (double beta : new double[] {0.2, 1.0}) {
            Problem p = relu2(beta).withPatterns(30).withSeed(5);
            Solution sampled = SAMPLED.solve(SAMPLED.prepare(planted), p);
            Solution gen = GENERATED.solve(GENERATED.prepare(planted), p);
            assertEquals(Status.BOUNDS, gen.status(), gen.reason().orElse(""));
            double s = sampled.primal().getAsDouble();
            assertTrue(gen.primal().getAsDouble() <= s + 1e-6 * Math.max(1, s), "beta " + beta + ": generated "
                    + gen.primal() + " above sampled " + s);
            assertTrue(gen.dual().getAsDouble() <= gen.primal().getAsDouble() + 1e-9, "beta " + beta);
        }
        // d = 2 with a few sampled patterns as candidates: never below the enumerated optimum
        Dataset one = TwoLayerReluSolverTest.ONE_D_20;
        double beta = 0.05;
        double opt = SAMPLED.solve(SAMPLED.prepare(one), relu2(beta)).primal().getAsDouble();
        for (long seed = 1; seed <= 3; seed++) {
            ActivationPatterns few = ActivationPatterns.sample(one.x(), 6, seed);
            PatternGeneration.Result r = PatternGeneration.solve(one.x(), one.y().column(0), few, List.of(),
                    Optional.empty(), beta, AdmmSettings.DEFAULT);
            double value = TwoLayerReluSolver.convexValue(r.program(), r.run().state().z(), beta);
            assertTrue(value >= opt - 1e-6 * Math.max(1, opt), "seed " + seed + ": " + value + " below " + opt);
            double fromFew = SAMPLED.fitWith(SAMPLED.prepare(one), relu2(beta), few).convexValue();
            assertTrue(value <= fromFew + 1e-6 * Math.max(1, fromFew), "seed " + seed + ": " + value + " above "
                    + fromFew);
        }
    }

    @Test
    void seededWithATrainingRunItIsNeverWorseThanTheRun() {
        Dataset d = planted(50, 4, 3);
        Problem p = relu2(0.5).withPatterns(20).withSeed(1);
        TrainingRun run = BaselineTrainer.train(d, p, TrainOptions.defaults(Optimizer.LBFGS).withWidth(6)
                .withMaxIterations(300).withRecordEvery(0));
        Solution s = GENERATED.solveCell(GENERATED.prepare(d), p, List.of(run.network())).solution();
        assertTrue(s.primal().isPresent(), s.reason().orElse(""));
        double forward = ForwardObjective.evaluate(s.network().orElseThrow(), d.x(), d.y(), p).value();
        assertEquals(s.primal().getAsDouble(), forward, 1e-9 * Math.max(1, forward));
        assertTrue(s.primal().getAsDouble() <= run.objective() + 1e-6 * Math.max(1, run.objective()),
                "convex " + s.primal() + " above the training run's " + run.objective());
    }
}

package org.deepdual.train;

import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.train.BaselineReachesOptimumTest.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BaselineTrainerTest {
    private static final Dataset GOLDEN = BaselineReachesOptimumTest.regression("golden",
            BaselineReachesOptimumTest.GOLDEN_X, Matrix.column(BaselineReachesOptimumTest.GOLDEN_Y));

    static Stream<Arguments> smoothCases() {
        // relu-1d is left out: its optimum puts kinks on data points, where plain gradient descent stalls
        // (relative excess ~1e-3 from a 10 % perturbation); L-BFGS handles it (BaselineReachesOptimumTest)
        return BaselineReachesOptimumTest.cases().filter(a -> !((Case) a.get()[0]).name().equals("relu-1d"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smoothCases")
    void gradientDescentReturnsToThePerturbedOptimum(Case c) {
        Network start = BaselineReachesOptimumTest.perturb(c.optimum().network(), new Random(c.name().hashCode()),
                0.1);
        TrainingRun run = BaselineTrainer.trainFrom(c.data(), c.problem(), start,
                new TrainOptions(Optimizer.GD, 20000, 20, 0, 1, 0, 1e-15));
        double opt = c.optimum().value();
        double excess = (run.objective() - opt) / Math.max(1, opt);
        assertTrue(excess >= -1e-7 && excess <= 1e-6, c.name() + ": excess " + excess);
    }

    @Test
    void randomStartOfADeepLinearNetworkReachesTheBalancedAlignedRankOneOptimum() {
        int depth = 3;
        double beta = 0.5;
        var optimum = ReferenceOptima.scalarLinearWd(BaselineReachesOptimumTest.GOLDEN_X,
                BaselineReachesOptimumTest.GOLDEN_Y, depth, beta, 3);
        TrainingRun run = BaselineTrainer.train(GOLDEN, Problem.wd(Setting.LINEAR, beta, depth),
                new TrainOptions(Optimizer.LBFGS, 5000, 20, 7, 5, 5, 1e-15));
        assertTrue(run.converged());
        assertRel(optimum.value(), run.objective(), 1e-9, "objective");
        TrajectoryPoint last = run.trajectory().get(run.trajectory().size() - 1);
        assertEquals(run.iterations(), last.iteration());
        double norm = optimum.network().layer(1).frobeniusNorm();
        for (int l = 0; l < depth; l++) {
            assertAbs(norm, last.fro()[l], 1e-4, "balanced norm of layer " + (l + 1));
            assertAbs(1.0, last.stableRank()[l], 1e-6, "stable rank of layer " + (l + 1));
        }
        for (double a : last.alignTop1()) {
            assertAbs(1.0, a, 1e-6, "alignment");
        }
        TrajectoryPoint first = run.trajectory().get(0);
        assertEquals(0, first.iteration());
        assertTrue(first.stableRank()[1] > 1.5, "a random 5x5 start is far from rank one: " + first.stableRank()[1]);
        assertTrue(first.nc1().isEmpty(), "no labels, no NC metrics");
    }

    @Test
    void trajectoryIsRecordedEveryKIterationsAndDecreasesForLbfgs() {
        TrainingRun run = BaselineTrainer.train(GOLDEN, Problem.wd(Setting.RELU_WHITENED, 0.3, 3),
                new TrainOptions(Optimizer.LBFGS, 40, 20, 3, 4, 7, 0));
        List<TrajectoryPoint> t = run.trajectory();
        assertEquals(40, run.iterations());
        assertFalse(run.converged(), "the iteration budget ran out");
        // 0, 7, 14, 21, 28, 35 and the final 40
        assertEquals(List.of(0, 7, 14, 21, 28, 35, 40), t.stream().map(TrajectoryPoint::iteration).toList());
        for (int i = 1; i < t.size(); i++) {
            assertTrue(t.get(i).objective() <= t.get(i - 1).objective(), "L-BFGS decreases monotonically");
            assertTrue(t.get(i).elapsedNanos() >= t.get(i - 1).elapsedNanos());
        }
        assertRel(run.objective(), t.get(t.size() - 1).objective(), 1e-15, "last point is the result");
        assertEquals(3, t.get(0).fro().length);
        assertEquals(2, t.get(0).alignTop1().length);
    }

    @Test
    void trajectoryOfALabelledBatchNormRunCarriesCollapseMetrics() {
        Case c = BaselineReachesOptimumTest.cases().map(a -> (Case) a.get()[0]).filter(k -> k.name().equals("bn relu L=3"))
                .findFirst().orElseThrow();
        TrainingRun run = BaselineTrainer.train(c.data(), c.problem(),
                new TrainOptions(Optimizer.LBFGS, 3000, 20, 1, 6, 50, 1e-14));
        TrajectoryPoint last = run.trajectory().get(run.trajectory().size() - 1);
        assertTrue(last.nc1().isPresent() && last.nc2EtfDev().isPresent() && last.nc3Centered().isPresent());
        assertRel(c.optimum().value(), run.objective(), 1e-8, "this seed reaches the optimum");
        // and at the optimum the features are collapsed (docs/theory.md §8)
        assertTrue(last.nc1().getAsDouble() < 1e-6, "nc1 " + last.nc1());
        assertTrue(last.nc2EtfDev().getAsDouble() < 1e-3, "etf " + last.nc2EtfDev());
        assertTrue(last.nc3Centered().getAsDouble() < 1e-3, "nc3 " + last.nc3Centered());
        TrajectoryPoint first = run.trajectory().get(0);
        assertTrue(first.nc1().getAsDouble() > 1e-2, "a random start is not collapsed: nc1 " + first.nc1());
    }

    @Test
    void sameSeedGivesTheSameRunAndOtherSeedsDiffer() {
        Problem p = Problem.wd(Setting.RELU_WHITENED, 0.3, 3);
        TrainOptions o = new TrainOptions(Optimizer.ADAM, 30, 20, 11, 4, 0, 0);
        TrainingRun a = BaselineTrainer.train(GOLDEN, p, o);
        TrainingRun b = BaselineTrainer.train(GOLDEN, p, o);
        TrainingRun other = BaselineTrainer.train(GOLDEN, p, o.withSeed(12));
        assertEquals(a.objective(), b.objective());
        assertEquals(a.network().layer(1), b.network().layer(1));
        assertTrue(a.objective() != other.objective());
    }

    @Test
    void timeBudgetStopsTheRunUnconverged() {
        TrainingRun run = BaselineTrainer.train(GOLDEN, Problem.wd(Setting.LINEAR, 0.5, 3),
                new TrainOptions(Optimizer.GD, Integer.MAX_VALUE, 1e-9, 0, 4, 0, 0));
        assertFalse(run.converged());
        assertTrue(run.iterations() <= 1, "iterations " + run.iterations());
        assertEquals(run.iterations() == 0 ? 1 : 2, run.trajectory().size(), "first and last point");
    }

    @Test
    void zeroIterationsReturnsTheStart() {
        Network start = Network.chain(Activation.IDENTITY, List.of(Matrix.identity(3), Matrix.column(1, 2, 3)));
        Problem p = Problem.wd(Setting.LINEAR, 0.5, 2);
        TrainingRun run = BaselineTrainer.trainFrom(GOLDEN, p, start, new TrainOptions(Optimizer.LBFGS, 0, 1, 0, 1, 1, 0));
        assertEquals(0, run.iterations());
        assertEquals(start.layer(2), run.network().layer(2));
        assertEquals(ForwardObjective.evaluate(start, GOLDEN.x(), GOLDEN.y(), p).value(), run.objective());
        assertEquals(1, run.trajectory().size());
    }

    @Test
    void badOptionsAndMismatchedStartsAreRefusedByName() {
        assertMessage(() -> new TrainOptions(Optimizer.GD, -1, 1, 0, 1, 1, 0), "maxIterations", "-1");
        assertMessage(() -> new TrainOptions(Optimizer.GD, 1, 0, 0, 1, 1, 0), "maxSeconds", "0.0");
        assertMessage(() -> new TrainOptions(Optimizer.GD, 1, 1, 0, 0, 1, 0), "width", "0");
        assertMessage(() -> new TrainOptions(Optimizer.GD, 1, 1, 0, 1, -2, 0), "recordEvery", "-2");
        assertMessage(() -> new TrainOptions(Optimizer.GD, 1, 1, 0, 1, 1, Double.NaN), "relTol", "NaN");
        assertMessage(() -> Optimizer.fromCliName("sgd"), "sgd", "lbfgs");
        assertEquals(Optimizer.LBFGS, Optimizer.fromCliName("lbfgs"));
        assertEquals(Optimizer.ADAM, Optimizer.fromCliName(Optimizer.ADAM.cliName()));

        TrainOptions o = TrainOptions.defaults(Optimizer.LBFGS);
        Network twoLayer = Network.chain(Activation.IDENTITY, List.of(Matrix.identity(3), Matrix.column(1, 2, 3)));
        assertMessage(() -> BaselineTrainer.trainFrom(GOLDEN, Problem.wd(Setting.LINEAR, 0.5, 3), twoLayer, o),
                "depth 2", "depth 3");
        Network wrongInput = Network.chain(Activation.IDENTITY, List.of(Matrix.identity(2), Matrix.column(1, 2)));
        assertMessage(() -> BaselineTrainer.trainFrom(GOLDEN, Problem.wd(Setting.LINEAR, 0.5, 2), wrongInput, o),
                "2 inputs", "d = 3");
        assertMessage(() -> BaselineTrainer.trainFrom(GOLDEN, Problem.wd(Setting.BN, 0.5, 2), twoLayer, o),
                "batch norm", "bn");
        Network zeroFirst = Network.chain(Activation.IDENTITY, List.of(Matrix.zeros(3, 2), Matrix.identity(2),
                Matrix.column(1, 1), Matrix.identity(1)));
        assertMessage(() -> BaselineTrainer.trainFrom(GOLDEN, Problem.tc(Setting.LINEAR, 0.5, 4, 1.0), zeroFirst, o),
                "layer 1", "tc");
    }

    @Test
    void tcTrainingKeepsTheConstrainedLayersOnTheSphere() {
        Problem p = Problem.tc(Setting.RELU_WHITENED, 0.2, 4, 0.8);
        Dataset data = new Dataset("g", BaselineReachesOptimumTest.GOLDEN_X, Matrix.column(BaselineReachesOptimumTest
                .GOLDEN_Y), Optional.empty(), "g");
        for (Optimizer opt : Optimizer.values()) {
            TrainingRun run = BaselineTrainer.train(data, p, new TrainOptions(opt, 200, 20, 5, 4, 0, 0));
            for (int l = 1; l <= 2; l++) {
                assertAbs(0.8, run.network().layer(l).frobeniusNorm(), 1e-12, opt + ": ‖W_" + l + "‖_F = t");
            }
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String part : parts) {
            assertTrue(ex.getMessage().contains(part), "message '" + ex.getMessage() + "' should mention " + part);
        }
    }
}

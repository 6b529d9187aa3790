package org.deepdual.train;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.train.ReferenceOptima.Optimum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * From a perturbed global optimum (computed independently in {@link ReferenceOptima}) the baseline
 * returns to it within 1e-6 relative and never goes below it by more than 1e-7 relative
 * (docs/theory.md §11, invariant 1).
 */
class BaselineReachesOptimumTest {
    static final Matrix GOLDEN_X = Matrix.ofRows(new double[][] {{1, 0, 1}, {0, 2, 0}, {1, 1, 0}, {0, 0, 1}});
    static final double[] GOLDEN_Y = {1, -1, 2, 0.5};

    record Case(String name, Problem problem, Dataset data, Optimum optimum, double golden) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Dataset golden = regression("golden", GOLDEN_X, Matrix.column(GOLDEN_Y));
        Matrix scalarY = Matrix.column(2, -1, 0.5, -0.5);
        Dataset whitenedScalar = regression("whitened-scalar", Matrix.identity(4), scalarY);
        int[] labels = {0, 0, 1, 1, 2, 2};
        Dataset oneHot = classification(Matrix.identity(6), labels, 3);
        Matrix y2 = Matrix.ofRows(new double[][] {{3, 0}, {0, 1}, {1, 1}});
        double[] xs = {-2, -1.2, -0.3, 0.4, 1.1, 2.0, 2.6};
        double[] ys = {0.8, -0.4, 0.6, 1.5, 0.2, 0.9, -0.3};
        Matrix x1d = Matrix.column(xs);
        List<Case> list = new ArrayList<>();
        list.add(new Case("linear wd L=2", Problem.wd(Setting.LINEAR, 0.5, 2), golden,
                ReferenceOptima.scalarLinearWd(GOLDEN_X, GOLDEN_Y, 2, 0.5, 3), 1.3979571750));
        list.add(new Case("linear wd L=3", Problem.wd(Setting.LINEAR, 0.5, 3), golden,
                ReferenceOptima.scalarLinearWd(GOLDEN_X, GOLDEN_Y, 3, 0.5, 3), 1.6369691936));
        list.add(new Case("linear wd L=4", Problem.wd(Setting.LINEAR, 0.5, 4), golden,
                ReferenceOptima.scalarLinearWd(GOLDEN_X, GOLDEN_Y, 4, 0.5, 3), 1.8810196347));
        list.add(new Case("linear tc L=4", Problem.tc(Setting.LINEAR, 0.5, 4, 0.9), golden,
                ReferenceOptima.scalarLinearTc(GOLDEN_X, GOLDEN_Y, 4, 0.5, 0.9, 3), 1.5540523042));
        list.add(new Case("linear vector L=2", Problem.wd(Setting.LINEAR, 0.5, 2),
                regression("identity-vector", Matrix.identity(3), y2),
                ReferenceOptima.twoLayerLinearIdentity(y2, 0.5, 3), 2.0258403880));
        list.add(new Case("relu2", Problem.wd(Setting.RELU2, 0.3, 2), whitenedScalar,
                ReferenceOptima.reluWhitened(scalarY, 2, 0.3, 3), 0.8638760405));
        list.add(new Case("relu-whitened scalar L=3", Problem.wd(Setting.RELU_WHITENED, 0.3, 3), whitenedScalar,
                ReferenceOptima.reluWhitened(scalarY, 3, 0.3, 3), 1.1383212394));
        list.add(new Case("relu-whitened one-hot L=3", Problem.wd(Setting.RELU_WHITENED, 0.2, 3), oneHot,
                ReferenceOptima.reluWhitened(oneHot.y(), 3, 0.2, 4), 1.0840802189));
        list.add(new Case("bn relu L=3", Problem.wd(Setting.BN, 0.5, 3), oneHot,
                ReferenceOptima.batchNormOneHot(labels, 3, 0.5, Activation.RELU), 1.7463203436));
        list.add(new Case("bn linear L=3", Problem.wd(Setting.BN, 0.5, 3).withVariant(BnVariant.LINEAR), oneHot,
                ReferenceOptima.batchNormOneHot(labels, 3, 0.5, Activation.IDENTITY), 1.7463203436));
        list.add(new Case("relu-1d", Problem.wd(Setting.RELU_1D, 0.2, 2), regression("1d", x1d, Matrix.column(ys)),
                ReferenceOptima.reluOneD(xs, ys, 0.2, 8), Double.NaN));
        return list.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void referenceOptimumIsAttainedByItsWeights(Case c) {
        double forward = ForwardObjective.evaluate(c.optimum().network(), c.data().x(), c.data().y(), c.problem())
                .value();
        assertRel(c.optimum().value(), forward, 1e-9, c.name() + ": reference weights attain the reference value");
        if (!Double.isNaN(c.golden())) {
            assertRel(c.golden(), c.optimum().value(), 1e-9, c.name() + ": reference value equals docs/theory.md's golden");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lbfgsReturnsToThePerturbedOptimumAndNeverBelowIt(Case c) {
        Network start = perturb(c.optimum().network(), new Random(c.name().hashCode()), 0.1);
        TrainOptions options = new TrainOptions(Optimizer.LBFGS, 20000, 20, 0, 1, 0, 1e-15);
        TrainingRun run = BaselineTrainer.trainFrom(c.data(), c.problem(), start, options);
        assertWithinOptimum(c, run, 1e-6);
    }

    @Test
    void gradientDescentReturnsToTheOptimumOfADeepLinearNetwork() {
        Case c = (Case) cases().toList().get(1).get()[0];
        Network start = perturb(c.optimum().network(), new Random(1), 0.1);
        TrainingRun run = BaselineTrainer.trainFrom(c.data(), c.problem(), start,
                new TrainOptions(Optimizer.GD, 50000, 20, 0, 1, 0, 1e-15));
        assertWithinOptimum(c, run, 1e-6);
    }

    @Test
    void adamApproachesTheOptimumOfADeepLinearNetwork() {
        Case c = (Case) cases().toList().get(1).get()[0];
        Network start = perturb(c.optimum().network(), new Random(1), 0.1);
        TrainingRun run = BaselineTrainer.trainFrom(c.data(), c.problem(), start,
                new TrainOptions(Optimizer.ADAM, 50000, 20, 0, 1, 0, 1e-15));
        assertWithinOptimum(c, run, 1e-6);
    }

    @Test
    void randomStartsNeverBeatTheOptimum() {
        for (Case c : cases().map(a -> (Case) a.get()[0]).toList()) {
            for (long seed = 0; seed < 3; seed++) {
                TrainingRun run = BaselineTrainer.train(c.data(), c.problem(),
                        new TrainOptions(Optimizer.LBFGS, 3000, 10, seed, 6, 0, 1e-13));
                double opt = c.optimum().value();
                assertTrue(run.objective() >= opt - 1e-7 * Math.max(1, Math.abs(opt)), c.name() + " seed " + seed
                        + ": trained " + run.objective() + " below the optimum " + opt);
            }
        }
    }

    private static void assertWithinOptimum(Case c, TrainingRun run, double tol) {
        double opt = c.optimum().value();
        double excess = (run.objective() - opt) / Math.max(1, Math.abs(opt));
        assertTrue(excess >= -1e-7, c.name() + ": trained " + run.objective() + " below the optimum " + opt);
        assertTrue(excess <= tol, c.name() + ": trained " + run.objective() + " vs optimum " + opt + " (excess "
                + excess + " after " + run.iterations() + " iterations, converged " + run.converged() + ")");
        ForwardObjective fo = ForwardObjective.evaluate(run.network(), c.data().x(), c.data().y(), c.problem());
        assertRel(fo.value(), run.objective(), 1e-15, "reported objective is the forward objective");
        assertTrue(fo.tcViolation() < 1e-12, "tc violation " + fo.tcViolation());
    }

    /** Every parameter scaled by (1 + σ·g) and shifted by σ/10·g, so zero entries move too. */
    static Network perturb(Network net, Random r, double sigma) {
        List<Matrix> weights = new ArrayList<>();
        for (Matrix w : net.weights()) {
            weights.add(w.map(v -> v * (1 + sigma * r.nextGaussian()) + 0.1 * sigma * r.nextGaussian()));
        }
        Optional<BatchNorm> bn = net.batchNorm().map(b -> new BatchNorm(perturb(b.gamma(), r, sigma),
                perturb(b.alpha(), r, sigma), b.after()));
        List<double[]> biases = net.hiddenBiases().stream().map(b -> perturb(b, r, sigma)).toList();
        double[] out = perturb(net.outputBias(), r, sigma);
        return new Network(net.activation(), weights, bn, biases, out);
    }

    private static double[] perturb(double[] v, Random r, double sigma) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] * (1 + sigma * r.nextGaussian()) + 0.1 * sigma * r.nextGaussian();
        }
        return out;
    }

    static Dataset regression(String name, Matrix x, Matrix y) {
        return new Dataset(name, x, y, Optional.empty(), name);
    }

    static Dataset classification(Matrix x, int[] labels, int k) {
        double[][] y = new double[labels.length][k];
        for (int i = 0; i < labels.length; i++) {
            y[i][labels[i]] = 1;
        }
        return new Dataset("onehot", x, Matrix.ofRows(y), Optional.of(Labels.of(labels)), "onehot");
    }
}

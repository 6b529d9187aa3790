package org.deepdual.solve.relu2;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.deepdual.model.Status;
import org.deepdual.solve.Solvers;
import org.deepdual.train.BaselineTrainer;
import org.deepdual.train.Optimizer;
import org.deepdual.train.TrainOptions;
import org.junit.jupiter.api.Test;

/**
 * relu2 with the logistic and hinge losses (docs/theory.md §14.3): the primal recomputed by hand from the
 * returned network, the dual recomputed by hand from the conjugate at the returned λ after checking its
 * feasibility with an independent maximisation over directions, the gap where the patterns are enumerated
 * (d ≤ 2), honest bounds with sampled patterns, and training of the real network with the same loss.
 */
class ClassificationReluTest {
    /** 1-D points with a bias column (d = 2, every pattern enumerated), labels of a noisy V. */
    static final Dataset V_24 = vShaped(24, 5);
    /** Gaussian points in the plane without a bias column, labels of a noisy XOR-like rule. */
    static final Dataset PLANE_20 = plane(20, 9);
    /** d = 4: sampled patterns, BOUNDS. */
    static final Dataset GAUSS_4D = gaussian(16, 4, 13);

    static Dataset vShaped(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = -2 + 4 * r.nextDouble();
            x[i] = new double[] {t, 1.0};
            y[i] = Math.abs(t) - 0.4 * t - 0.9 + 0.4 * r.nextGaussian() >= 0 ? 1 : -1;
        }
        return labelled("relu2-v-" + n, Matrix.ofRows(x), y);
    }

    static Dataset plane(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
            y[i] = x[i][0] * x[i][1] + 0.3 * r.nextGaussian() >= 0 ? 1 : -1;
        }
        return labelled("relu2-plane-" + n, Matrix.ofRows(x), y);
    }

    static Dataset gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = Math.max(x[i][0], 0) - Math.max(x[i][1], 0) + 0.2 * r.nextGaussian() >= 0 ? 1 : -1;
        }
        return labelled("relu2-gauss-" + n + "x" + d, Matrix.ofRows(x), y);
    }

    static Dataset labelled(String name, Matrix x, double[] y) {
        return new Dataset(name, x, Matrix.column(y), Optional.empty(), name);
    }

    static Problem problem(Loss loss, double beta) {
        return new Problem(Setting.RELU2, Optional.empty(), Objective.WD, beta, 2, OptionalDouble.empty(),
                OptionalInt.empty(), 0L, 300, loss);
    }

    private record Case(Dataset data, Loss loss, double beta) {
        @Override
        public String toString() {
            return data.name() + " " + loss + " beta=" + beta;
        }
    }

    private static List<Case> exactCases() {
        List<Case> c = new ArrayList<>();
        for (double beta : new double[] {0.3, 2.0}) {
            c.add(new Case(V_24, Loss.LOGISTIC, beta));
            c.add(new Case(PLANE_20, Loss.LOGISTIC, beta));
        }
        c.add(new Case(V_24, Loss.HINGE, 2.0));
        return c;
    }

    /** Small β, where the first-order methods stalled at gaps of 1e-4 to 1e-2 (the interior-point solve). */
    private static List<Case> smallBetaCases() {
        List<Case> c = new ArrayList<>();
        for (double beta : new double[] {0.03, 0.3}) {
            c.add(new Case(V_24, Loss.HINGE, beta));
            c.add(new Case(PLANE_20, Loss.HINGE, beta));
        }
        c.add(new Case(V_24, Loss.LOGISTIC, 0.03));
        c.add(new Case(PLANE_20, Loss.LOGISTIC, 0.01));
        return c;
    }

    /** Σ_j w2_j relu(x·w1_j), by hand. */
    static double output(Network net, double[] x) {
        Matrix w1 = net.layer(1);
        Matrix w2 = net.layer(2);
        double f = 0;
        for (int j = 0; j < w1.cols(); j++) {
            double a = 0;
            for (int c = 0; c < x.length; c++) {
                a += x[c] * w1.get(c, j);
            }
            f += w2.get(j, 0) * Math.max(a, 0);
        }
        return f;
    }

    static double handPrimal(Case c, Network net) {
        double[] y = c.data.y().column(0);
        double v = 0;
        for (int i = 0; i < y.length; i++) {
            double f = output(net, c.data.x().row(i));
            v += c.loss == Loss.LOGISTIC ? Math.log1p(Math.exp(-y[i] * f)) : Math.max(0, 1 - y[i] * f);
        }
        return v + 0.5 * c.beta * (net.layer(1).frobeniusNormSquared() + net.layer(2).frobeniusNormSquared());
    }

    /** g(λ): Σ H(p_i) (logistic, nats) or Σ p_i (hinge), p = λ∘y, which must lie in [0, 1]. */
    static double handDual(Loss loss, double[] lambda, double[] y) {
        double v = 0;
        for (int i = 0; i < lambda.length; i++) {
            double p = lambda[i] * y[i];
            assertTrue(p >= -1e-15 && p <= 1 + 1e-15, "p_" + i + " = " + p + " outside [0, 1]");
            v += loss == Loss.HINGE ? p
                    : -(p <= 0 ? 0 : p * Math.log(p)) - (p >= 1 ? 0 : (1 - p) * Math.log(1 - p));
        }
        return v;
    }

    /**
     * max over unit u of |λᵀrelu(Xu)| for d = 2 by brute force: a fine grid of angles, then each data
     * hyperplane's two directions and every arc's stationary direction are already among the grid's
     * neighbourhood; refined by golden section around the best grid angle.
     */
    static double bruteMaxCorrelation(Matrix x, double[] lambda) {
        int grid = 200000;
        double best = 0;
        double bestAngle = 0;
        for (int g = 0; g < grid; g++) {
            double a = 2 * Math.PI * g / grid;
            double v = Math.abs(correlation(x, lambda, a));
            if (v > best) {
                best = v;
                bestAngle = a;
            }
        }
        double lo = bestAngle - 2 * Math.PI / grid;
        double hi = bestAngle + 2 * Math.PI / grid;
        for (int s = 0; s < 100; s++) {
            double m1 = lo + (hi - lo) / 3;
            double m2 = hi - (hi - lo) / 3;
            if (Math.abs(correlation(x, lambda, m1)) < Math.abs(correlation(x, lambda, m2))) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        return Math.max(best, Math.abs(correlation(x, lambda, 0.5 * (lo + hi))));
    }

    private static double correlation(Matrix x, double[] lambda, double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double v = 0;
        for (int k = 0; k < lambda.length; k++) {
            v += lambda[k] * Math.max(x.get(k, 0) * c + x.get(k, 1) * s, 0);
        }
        return v;
    }

    @Test
    void enumeratedPatternsCloseTheGapWithTheDualFromTheConjugate() {
        exactCases().forEach(ClassificationReluTest::assertClosed);
    }

    @Test
    void smallBetaClosesTheGapToo() {
        smallBetaCases().forEach(ClassificationReluTest::assertClosed);
    }

    private static void assertClosed(Case c) {
        {
            Solution s = Solvers.solve(c.data, problem(c.loss, c.beta));
            Network net = s.network().orElseThrow();
            double primal = s.primal().getAsDouble();
            assertRel(handPrimal(c, net), primal, 1e-12, c + ": primal vs the network by hand");
            double[] lambda = s.dualVariable().orElseThrow().column(0);
            double[] y = c.data.y().column(0);
            double dual = handDual(c.loss, lambda, y);
            assertRel(dual, s.dual().getAsDouble(), 1e-12, c + ": dual vs the conjugate by hand");
            double pricing = bruteMaxCorrelation(c.data.x(), lambda);
            assertTrue(pricing <= c.beta * (1 + 1e-9), c + ": max |λᵀrelu(Xu)| = " + pricing + " > β");
            assertTrue(dual <= primal + 1e-13 * Math.max(1, primal), c + ": dual " + dual + " above " + primal);
            double rel = (primal - dual) / Math.max(1, Math.abs(primal));
            assertTrue(rel <= 1e-8, c + ": relative gap " + rel + " " + s.reason().orElse(""));
            assertEquals(Status.OPTIMAL, s.status(), c.toString());
            assertTrue(s.certified(), c.toString());
        }
    }

    @Test
    void hingeTrainingFromManyStartsNeverBeatsTheCertifiedOptimum() {
        Case c = new Case(V_24, Loss.HINGE, 0.3);
        Problem problem = problem(c.loss, c.beta);
        Solution s = Solvers.solve(c.data, problem);
        assertEquals(Status.OPTIMAL, s.status(), s.reason().orElse(""));
        double optimum = s.primal().getAsDouble();
        int width = s.network().orElseThrow().layer(1).cols() + 4;
        for (Optimizer optimizer : new Optimizer[] {Optimizer.ADAM, Optimizer.GD, Optimizer.LBFGS}) {
            TrainOptions options = TrainOptions.defaults(optimizer).withMaxIterations(3000).withRecordEvery(0)
                    .withWidth(width);
            for (long seed = 0; seed < 3; seed++) {
                Network trained = BaselineTrainer.train(c.data, problem, options.withSeed(seed)).network();
                double v = handPrimal(c, trained);
                assertTrue(v >= optimum - 1e-7 * Math.max(1, optimum),
                        c + " " + optimizer + " seed " + seed + ": training " + v + " below " + optimum);
            }
        }
    }

    @Test
    void trainingWithTheSameLossNeverBeatsTheOptimumAndReachesItFromAPerturbedOne() {
        Case c = new Case(V_24, Loss.LOGISTIC, 0.3);
        Problem problem = problem(c.loss, c.beta);
        Solution s = Solvers.solve(c.data, problem);
        double optimum = s.primal().getAsDouble();
        Network net = s.network().orElseThrow();
        TrainOptions options = TrainOptions.defaults(Optimizer.LBFGS).withMaxIterations(3000).withRecordEvery(0)
                .withWidth(net.layer(1).cols() + 4);
        for (long seed = 0; seed < 4; seed++) {
            double v = BaselineTrainer.train(c.data, problem, options.withSeed(seed)).objective();
            assertTrue(v >= optimum - 1e-7 * Math.max(1, optimum), c + ": training " + v + " below " + optimum);
        }
        Random r = new Random(7);
        Matrix w1 = net.layer(1).map(v -> v * (1 + 0.01 * r.nextGaussian()));
        Network start = Network.chain(org.deepdual.model.Activation.RELU, List.of(w1, net.layer(2)));
        double v = BaselineTrainer.trainFrom(c.data, problem, start, options).objective();
        assertTrue(v >= optimum - 1e-7 * Math.max(1, optimum), c + ": training " + v + " below " + optimum);
        assertRel(optimum, v, 1e-6, c + ": training from a perturbed optimum");
    }
}

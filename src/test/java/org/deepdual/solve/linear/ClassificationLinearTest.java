package org.deepdual.solve.linear;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
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
 * {@code linear} with the logistic, hinge and cross-entropy losses (docs/theory.md §14.4): the primal
 * recomputed by hand from the returned layers, the dual recomputed by hand from the conjugate at the returned Λ
 * after checking ‖XᵀΛ‖₂ ≤ γ by power iteration, the gap where the reduction is exact (L = 2; one output with
 * tc at any depth), honest bounds for vector tc at L ≥ 3, training of the real network with the same loss,
 * and the refusals.
 */
class ClassificationLinearTest {
    static final Dataset SIGNED = signed(30, 4, 3);
    static final Dataset CLASSES = classes(36, 4, 3, 5);

    static Dataset signed(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = x[i][0] - 0.5 * x[i][1] + 0.8 * r.nextGaussian() >= 0 ? 1 : -1;
        }
        return new Dataset("signed-" + n, Matrix.ofRows(x), Matrix.column(y), Optional.empty(), "signed");
    }

    static Dataset classes(int n, int d, int k, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        double[][] y = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
            int best = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double score = x[i][c % d] * (c % 2 == 0 ? 1 : -1) + 0.7 * r.nextGaussian();
                if (score > top) {
                    top = score;
                    best = c;
                }
            }
            y[i][best] = 1;
        }
        return new Dataset("classes-" + n, Matrix.ofRows(x), Matrix.ofRows(y), Optional.empty(), "classes");
    }

    static Problem problem(Loss loss, Objective objective, double beta, int depth, double t) {
        return new Problem(Setting.LINEAR, Optional.empty(), objective, beta, depth,
                objective == Objective.TC ? OptionalDouble.of(t) : OptionalDouble.empty(), OptionalInt.empty(), 0L,
                Problem.DEFAULT_PATTERNS, loss);
    }

    record Case(Dataset data, Problem problem) {
        @Override
        public String toString() {
            return problem.loss() + " " + problem.objective().cliName() + " L=" + problem.depth() + " beta="
                    + problem.beta() + " on " + data.name();
        }

        double gamma() {
            return problem.objective() == Objective.WD ? problem.beta()
                    : problem.beta() * Math.pow(problem.tValue(), -(problem.depth() - 2));
        }
    }

    /** The cells where the reduction is exact: one output with tc at any depth, and L = 2 for every loss. */
    static List<Case> exactCases() {
        List<Case> out = new ArrayList<>();
        for (Loss loss : new Loss[] {Loss.LOGISTIC, Loss.HINGE}) {
            for (double beta : new double[] {0.05, 0.3, 2, 12}) {
                out.add(new Case(SIGNED, problem(loss, Objective.WD, beta, 2, 1)));
                out.add(new Case(SIGNED, problem(loss, Objective.TC, beta, 3, 1.3)));
                out.add(new Case(SIGNED, problem(loss, Objective.TC, beta, 5, 0.8)));
            }
        }
        for (double beta : new double[] {0.05, 0.3, 2, 40}) {
            out.add(new Case(CLASSES, problem(Loss.CROSS_ENTROPY, Objective.WD, beta, 2, 1)));
            out.add(new Case(CLASSES, problem(Loss.CROSS_ENTROPY, Objective.TC, beta, 2, 1)));
        }
        return out;
    }

    @Test
    void exactCellsCloseTheGapWithAHandCheckedCertificate() {
        double worstLogistic = 0;
        double worstHinge = 0;
        double worstCe = 0;
        for (Case c : exactCases()) {
            Solution s = Solvers.solve(c.data, c.problem);
            double gap = checkCertificate(c, s);
            System.out.println(c + ": relative gap " + gap + " (" + s.reason().orElse("") + ")");
            assertTrue(gap <= 1e-8, c + ": relative gap " + gap + " " + s.reason().orElse(""));
            assertEquals(Status.OPTIMAL, s.status(), c.toString());
            assertTrue(s.certified(), c.toString());
            switch (c.problem.loss()) {
                case LOGISTIC -> worstLogistic = Math.max(worstLogistic, gap);
                case HINGE -> worstHinge = Math.max(worstHinge, gap);
                default -> worstCe = Math.max(worstCe, gap);
            }
        }
        System.out.println("linear classification: largest relative gap logistic " + worstLogistic + ", hinge "
                + worstHinge + ", cross-entropy " + worstCe);
    }

    @Test
    void vectorTcAtDepthThreeIsAnHonestBound() {
        for (double beta : new double[] {0.5, 3}) {
            Case c = new Case(CLASSES, problem(Loss.CROSS_ENTROPY, Objective.TC, beta, 3, 1.2));
            Solution s = Solvers.solve(c.data, c.problem);
            double gap = checkCertificate(c, s);
            System.out.println(c + ": " + s.status() + " relative gap " + gap + " (" + s.reason().orElse("") + ")");
            int rank = s.network().orElseThrow().layer(1).cols();
            if (s.status() == Status.OPTIMAL) {
                assertTrue(rank <= 1 && gap <= 1e-8, c + ": OPTIMAL needs a rank <= 1 network meeting the bound");
            } else {
                assertEquals(Status.BOUNDS, s.status(), c.toString());
            }
        }
    }

    @Test
    void trainingWithTheSameLossNeverBeatsTheOptimumAndReachesItFromAPerturbedOne() {
        List<Case> cases = List.of(new Case(SIGNED, problem(Loss.LOGISTIC, Objective.TC, 0.5, 3, 1.3)),
                new Case(SIGNED, problem(Loss.HINGE, Objective.WD, 2, 2, 1)),
                new Case(CLASSES, problem(Loss.CROSS_ENTROPY, Objective.WD, 0.5, 2, 1)),
                new Case(CLASSES, problem(Loss.CROSS_ENTROPY, Objective.TC, 0.5, 3, 1.2)));
        TrainOptions options = TrainOptions.defaults(Optimizer.LBFGS).withMaxIterations(3000).withRecordEvery(0)
                .withWidth(4);
        for (Case c : cases) {
            Solution s = Solvers.solve(c.data, c.problem);
            // a certified cell's primal is the optimum; a BOUNDS cell's dual is a proven lower bound
            double floor = s.certified() ? s.primal().getAsDouble() : s.dual().getAsDouble();
            for (long seed = 0; seed < 3; seed++) {
                double v = BaselineTrainer.train(c.data, c.problem, options.withSeed(seed)).objective();
                assertTrue(v >= floor - 1e-7 * Math.max(1, floor), c + ": training " + v + " below " + floor);
            }
            if (c.problem.loss() == Loss.HINGE || !s.certified()) {
                continue;
            }
            Network net = s.network().orElseThrow();
            Random r = new Random(11);
            List<Matrix> layers = new ArrayList<>(net.weights());
            int last = layers.size() - 1;
            layers.set(last, layers.get(last).map(v -> v * (1 + 0.01 * r.nextGaussian())));
            Network start = Network.chain(Activation.IDENTITY, layers);
            double v = BaselineTrainer.trainFrom(c.data, c.problem, start, options).objective();
            assertTrue(v >= floor - 1e-7 * Math.max(1, floor), c + ": training " + v + " below " + floor);
            assertRel(floor, v, 1e-6, c + ": training from a perturbed optimum");
        }
    }

    /** Fewer points than features: rank X = n, so (E) holds and every pre-BN column is reachable. */
    static final Dataset WIDE_SIGNED = signed(10, 14, 21);
    static final Dataset WIDE_CLASSES = classes(12, 14, 3, 23);

    static Problem bnProblem(Loss loss, Objective objective, double beta, int depth) {
        return new Problem(Setting.BN, Optional.of(org.deepdual.model.BnVariant.LINEAR), objective, beta, depth,
                objective == Objective.TC ? OptionalDouble.of(1.0) : OptionalDouble.empty(), OptionalInt.empty(), 0L,
                Problem.DEFAULT_PATTERNS, loss);
    }

    @Test
    void batchNormLinearVariantUnderExpressivityIsCertified() {
        double worst = 0;
        List<Case> cases = new ArrayList<>();
        for (double beta : new double[] {0.1, 1, 3}) {
            for (int depth : new int[] {2, 3}) {
                cases.add(new Case(WIDE_SIGNED, bnProblem(Loss.LOGISTIC, Objective.WD, beta, depth)));
                cases.add(new Case(WIDE_SIGNED, bnProblem(Loss.HINGE, Objective.WD, beta, depth)));
                cases.add(new Case(WIDE_CLASSES, bnProblem(Loss.CROSS_ENTROPY, Objective.TC, beta, depth)));
            }
        }
        for (Case c : cases) {
            Solution s = Solvers.solve(c.data, c.problem);
            Network net = s.network().orElseThrow();
            Matrix y = c.data.y();
            // by hand: earlier layers with ReLU, then BN_{γ,α}(h) = γ Ph/‖Ph‖ + α 1/√n, identity, then W_L
            Matrix h = c.data.x();
            for (int l = 1; l < net.depth(); l++) {
                h = h.times(net.layer(l));
                if (l < net.depth() - 1) {
                    h = h.relu();
                }
            }
            org.deepdual.model.BatchNorm bn = net.batchNorm().orElseThrow();
            int n = h.rows();
            double[][] feat = new double[n][h.cols()];
            for (int j = 0; j < h.cols(); j++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += h.get(i, j) / n;
                }
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    norm += (h.get(i, j) - mean) * (h.get(i, j) - mean);
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < n; i++) {
                    feat[i][j] = (norm > 0 ? bn.gamma()[j] * (h.get(i, j) - mean) / norm : 0) + bn.alpha()[j] / Math.sqrt(n);
                }
            }
            Matrix f = Matrix.ofRows(feat).times(net.layer(net.depth()));
            double penalty = 0;
            for (int j = 0; j < bn.gamma().length; j++) {
                penalty += bn.gamma()[j] * bn.gamma()[j] + bn.alpha()[j] * bn.alpha()[j];
            }
            penalty += squares(net.layer(net.depth()));
            double primal = handLoss(c.problem.loss(), f, y) + 0.5 * c.problem.beta() * penalty;
            assertRel(primal, s.primal().getAsDouble(), 1e-12, c + ": primal vs the forward objective by hand");
            Matrix lambda = s.dualVariable().orElseThrow();
            double rho = powerSpectralNorm(lambda);
            assertTrue(rho <= c.problem.beta() * (1 + 1e-12), c + ": ||Lambda||_2 = " + rho + " > beta");
            double dual = handDual(c.problem.loss(), lambda, y);
            assertRel(dual, s.dual().getAsDouble(), 1e-12, c + ": dual vs the conjugate by hand");
            double gap = (primal - dual) / Math.max(1, Math.abs(primal));
            System.out.println("bn " + c + ": relative gap " + gap + " (" + s.reason().orElse("") + ")");
            assertTrue(gap >= -1e-12 && gap <= 1e-8, c + ": relative gap " + gap);
            assertEquals(Status.OPTIMAL, s.status(), c.toString());
            worst = Math.max(worst, gap);
        }
        System.out.println("bn linear classification: largest relative gap " + worst);
        Case c = new Case(WIDE_CLASSES, bnProblem(Loss.CROSS_ENTROPY, Objective.WD, 1, 2));
        Solution s = Solvers.solve(c.data, c.problem);
        double optimum = s.primal().getAsDouble();
        TrainOptions options = TrainOptions.defaults(Optimizer.LBFGS).withMaxIterations(3000).withRecordEvery(0)
                .withWidth(6);
        for (long seed = 0; seed < 3; seed++) {
            double v = BaselineTrainer.train(c.data, c.problem, options.withSeed(seed)).objective();
            assertTrue(v >= optimum - 1e-7 * Math.max(1, optimum), c + ": training " + v + " below " + optimum);
        }
        Network net = s.network().orElseThrow();
        Random r = new Random(13);
        List<Matrix> layers = new ArrayList<>(net.weights());
        int last = layers.size() - 1;
        layers.set(last, layers.get(last).map(v -> v * (1 + 0.01 * r.nextGaussian())));
        Network start = new Network(net.activation(), layers, net.batchNorm(), List.of(), new double[0]);
        double v = BaselineTrainer.trainFrom(c.data, c.problem, start, options).objective();
        assertTrue(v >= optimum - 1e-7 * Math.max(1, optimum), c + ": training " + v + " below " + optimum);
        assertRel(optimum, v, 1e-6, c + ": training from a perturbed optimum");
    }

    @Test
    void unsupportedCellsAreRefusedWithTheSettingAndTheLoss() {
        IllegalArgumentException wd = assertThrows(IllegalArgumentException.class,
                () -> problem(Loss.LOGISTIC, Objective.WD, 1, 3, 1));
        assertTrue(wd.getMessage().contains("linear") && wd.getMessage().contains("logistic")
                && wd.getMessage().contains("depth 2"), wd.getMessage());
        IllegalArgumentException hinge = assertThrows(IllegalArgumentException.class,
                () -> problem(Loss.HINGE, Objective.WD, 0, 2, 1));
        assertTrue(hinge.getMessage().contains("linear") && hinge.getMessage().contains("hinge")
                && hinge.getMessage().contains("beta > 0"), hinge.getMessage());
        IllegalArgumentException ce = assertThrows(IllegalArgumentException.class,
                () -> problem(Loss.CROSS_ENTROPY, Objective.TC, 0, 2, 1));
        assertTrue(ce.getMessage().contains("cross-entropy") && ce.getMessage().contains("beta"), ce.getMessage());
        IllegalArgumentException whitened = assertThrows(IllegalArgumentException.class,
                () -> new Problem(Setting.RELU_WHITENED, Optional.empty(), Objective.WD, 1, 2, OptionalDouble.empty(),
                        OptionalInt.empty(), 0L, Problem.DEFAULT_PATTERNS, Loss.CROSS_ENTROPY));
        assertTrue(whitened.getMessage().contains("relu-whitened") && whitened.getMessage().contains("cross-entropy"),
                whitened.getMessage());
        IllegalArgumentException bnRelu = assertThrows(IllegalArgumentException.class,
                () -> new Problem(Setting.BN, Optional.empty(), Objective.WD, 1, 2, OptionalDouble.empty(),
                        OptionalInt.empty(), 0L, Problem.DEFAULT_PATTERNS, Loss.CROSS_ENTROPY));
        assertTrue(bnRelu.getMessage().contains("bn") && bnRelu.getMessage().contains("cross-entropy")
                && bnRelu.getMessage().contains("variant linear"), bnRelu.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> Solvers.solve(SIGNED, problem(Loss.CROSS_ENTROPY, Objective.WD, 1, 2, 1)));
        assertTrue(labels.getMessage().contains("cross-entropy"), labels.getMessage());
        IllegalArgumentException oneHot = assertThrows(IllegalArgumentException.class,
                () -> Solvers.solve(CLASSES, problem(Loss.LOGISTIC, Objective.WD, 1, 2, 1)));
        assertTrue(oneHot.getMessage().contains("logistic"), oneHot.getMessage());
    }

    /**
     * Checks the cell's certificate by hand and returns its relative gap: primal = the forward objective of
     * the returned layers, ‖XᵀΛ‖₂ ≤ γ, dual = g(Λ) from the conjugate, dual ≤ primal.
     */
    static double checkCertificate(Case c, Solution s) {
        Network net = s.network().orElseThrow();
        Matrix x = c.data.x();
        Matrix y = c.data.y();
        Problem p = c.problem;
        Matrix f = x;
        for (int l = 1; l <= net.depth(); l++) {
            f = f.times(net.layer(l));
        }
        double penalty = 0;
        if (p.objective() == Objective.WD) {
            for (int l = 1; l <= net.depth(); l++) {
                penalty += squares(net.layer(l));
            }
        } else {
            penalty = squares(net.layer(net.depth() - 1)) + squares(net.layer(net.depth()));
            for (int l = 1; l <= net.depth() - 2; l++) {
                double norm = Math.sqrt(squares(net.layer(l)));
                assertTrue(norm <= p.tValue() * (1 + 1e-12), c + ": layer " + l + " norm " + norm + " above t");
            }
        }
        double primal = handLoss(p.loss(), f, y) + 0.5 * p.beta() * penalty;
        assertRel(primal, s.primal().getAsDouble(), 1e-12, c + ": primal vs the forward objective by hand");
        Matrix lambda = s.dualVariable().orElseThrow();
        double rho = powerSpectralNorm(x.transpose().times(lambda));
        assertTrue(rho <= c.gamma() * (1 + 1e-12), c + ": ||X^T Lambda||_2 = " + rho + " > gamma " + c.gamma());
        double dual = handDual(p.loss(), lambda, y);
        assertRel(dual, s.dual().getAsDouble(), 1e-12, c + ": dual vs the conjugate by hand");
        assertTrue(dual <= primal + 1e-12 * Math.max(1, primal), c + ": dual " + dual + " above primal " + primal);
        return (primal - dual) / Math.max(1, Math.abs(primal));
    }

    private static double squares(Matrix m) {
        double s = 0;
        for (double v : m.toColumnMajor()) {
            s += v * v;
        }
        return s;
    }

    static double handLoss(Loss loss, Matrix f, Matrix y) {
        double s = 0;
        for (int i = 0; i < f.rows(); i++) {
            switch (loss) {
                case LOGISTIC -> {
                    double m = -y.get(i, 0) * f.get(i, 0);
                    s += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
                }
                case HINGE -> s += Math.max(0, 1 - y.get(i, 0) * f.get(i, 0));
                default -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < f.cols(); k++) {
                        max = Math.max(max, f.get(i, k));
                    }
                    double sum = 0;
                    double target = 0;
                    for (int k = 0; k < f.cols(); k++) {
                        sum += Math.exp(f.get(i, k) - max);
                        target += y.get(i, k) * f.get(i, k);
                    }
                    s += max + Math.log(sum) - target;
                }
            }
        }
        return s;
    }

    /** g(Λ): Σ H(λy) (logistic), Σ λy (hinge), Σ H(y − λ) (cross-entropy), each point checked in the domain. */
    static double handDual(Loss loss, Matrix lambda, Matrix y) {
        double s = 0;
        for (int i = 0; i < lambda.rows(); i++) {
            if (loss == Loss.CROSS_ENTROPY) {
                double total = 0;
                for (int k = 0; k < lambda.cols(); k++) {
                    double q = y.get(i, k) - lambda.get(i, k);
                    assertTrue(q >= 0, "q = " + q + " outside the simplex");
                    total += q;
                    s -= q > 0 ? q * Math.log(q) : 0;
                }
                assertEquals(1.0, total, 1e-12, "row " + i + " of q sums to " + total);
            } else {
                double p = lambda.get(i, 0) * y.get(i, 0);
                assertTrue(p >= 0 && p <= 1, "p = " + p + " outside [0, 1]");
                s += loss == Loss.HINGE ? p
                        : (p > 0 ? -p * Math.log(p) : 0) + (p < 1 ? -(1 - p) * Math.log(1 - p) : 0);
            }
        }
        return s;
    }

    /** σ_max by power iteration on AᵀA, independent of the solver's SVD (it converges from below). */
    static double powerSpectralNorm(Matrix a) {
        Matrix g = a.transpose().times(a);
        double[] v = new double[g.rows()];
        java.util.Arrays.fill(v, 1.0);
        double lambda = 0;
        for (int it = 0; it < 2000; it++) {
            double[] w = g.times(v);
            double norm = 0;
            for (double e : w) {
                norm += e * e;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int j = 0; j < w.length; j++) {
                v[j] = w[j] / norm;
            }
            lambda = norm;
        }
        return Math.sqrt(lambda);
    }
}

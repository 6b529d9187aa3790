package org.deepdual.solve.batchnorm;

import org.deepdual.solve.core.Reconstruction;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.BatchNormTraining;
import org.deepdual.solve.DualSolverContract;
import org.deepdual.solve.Solvers;
import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Batch norm before the last layer (docs/theory.md §8) under the contract, plus golden values and collapse. */
class BatchNormSolverTest extends DualSolverContract {
    static final Dataset GOLDEN = dataset(Matrix.identity(6), oneHot(2, 3));
    static final Dataset WHITENED_ONE_HOT = dataset(orthonormalRows(9, 12, 3), oneHot(3, 3));
    static final Dataset ARBITRARY_ONE_HOT = dataset(gaussian(9, 3, 4), oneHot(3, 3));
    static final Dataset SCALAR = dataset(orthonormalRows(7, 10, 5), Matrix.column(1.5, -0.4, 0.8, -1.2, 0.3, -0.1, 2.0));
    static final Dataset GENERAL = dataset(gaussian(8, 3, 12), gaussian(8, 3, 11));

    private static Case zero(String name, Dataset d, BnVariant v, double beta, int depth) {
        return Case.closedForm(name, d, bn(v, beta, depth), Gap.ZERO);
    }

    @Override
    protected Setting setting() {
        return Setting.BN;
    }

    @Override
    protected List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (BnVariant v : BnVariant.values()) {
            c.add(zero("golden", GOLDEN, v, 0.5, 3));
            c.add(zero("golden", GOLDEN, v, 0.5, 2));
            c.add(zero("whitened-one-hot", WHITENED_ONE_HOT, v, 0.3, 4));
            c.add(zero("arbitrary-one-hot", ARBITRARY_ONE_HOT, v, 1.2, 3));
            c.add(zero("arbitrary-one-hot", ARBITRARY_ONE_HOT, v, 0.3, 5));
            c.add(zero("scalar", SCALAR, v, 0.7, 3));
        }
        c.add(zero("general-y", GENERAL, BnVariant.LINEAR, 0.8, 4));
        c.add(zero("general-y", GENERAL, BnVariant.LINEAR, 0.8, 3).withProblem(new Problem(Setting.BN,
                Optional.of(BnVariant.LINEAR), Objective.TC, 0.8, 3, OptionalDouble.of(0.5), OptionalInt.empty(), 0L,
                Problem.DEFAULT_PATTERNS)));
        return c;
    }

    @Override
    protected Case sweep() {
        return zero("arbitrary-one-hot", ARBITRARY_ONE_HOT, BnVariant.RELU, 0.3, 3);
    }

    /** Every class has 3 samples: all atoms are off once β ≥ √3. */
    @Override
    protected double betaPastZero() {
        return Math.sqrt(3) + 1e-6;
    }

    @Override
    protected double valueAtBetaZero() {
        return 0.0;
    }

    @Override
    protected void assertDualFeasible(Case c, Solution s) {
        Matrix lambda = s.dualVariable().orElseThrow();
        double beta = c.problem().beta();
        boolean signSplit = c.data().outputs() == 1 && c.problem().variant().orElseThrow() == BnVariant.RELU;
        double norm = signSplit ? signedPartNorm(lambda.asVector()) : lambda.spectralNorm();
        assertTrue(norm <= beta * (1 + 1e-12) + 1e-15, c + ": dual constraint " + norm + " > beta " + beta);
        assertRel(dualObjective(lambda, c.data().y()), s.dual().getAsDouble(), 1e-12, c + ": dual value from Lambda*");
    }

    /**
     * The layers before BN are unregularised and need no structure; the BN neurons are balanced
     * (‖(γ_j, α_j)‖ = ‖row_j(W_L)‖ = √s_j), checked in {@link #bnNeuronsAreBalanced}.
     */
    @Override
    protected Structure expectedStructure(Case c, Solution s) {
        return Structure.none();
    }

    @Test
    void valuesOnlyModeAgreesWithTheFullSolve() {
        BatchNormSolver lean = new BatchNormSolver(Reconstruction.CERTIFICATE_ONLY);
        for (Case c : cases()) {
            Solution full = solve(c);
            Solution values = lean.solve(lean.prepare(c.data()), c.problem());
            assertEquals(full.status(), values.status(), c.toString());
            assertEquals(full.neededWidth(), values.neededWidth(), c.toString());
            assertRel(full.primal().getAsDouble(), values.primal().getAsDouble(), 1e-14, c + ": primal");
            assertRel(full.dual().getAsDouble(), values.dual().getAsDouble(), 1e-12, c + ": dual");
            assertTrue(values.network().isEmpty() && values.dualVariable().isEmpty(), c + ": nothing materialised");
        }
        Solution failed = lean.solve(lean.prepare(dataset(gaussian(9, 3, 6), oneHot(3, 3))), bn(BnVariant.RELU, 0.3, 2));
        assertEquals(Status.FAILED, failed.status());
    }

    @Test
    void bnNeuronsAreBalanced() {
        for (Case c : cases()) {
            Network net = solve(c).network().orElseThrow();
            BatchNorm bn = net.batchNorm().orElseThrow();
            Matrix last = net.layer(net.depth());
            for (int j = 0; j < bn.width(); j++) {
                double gammaAlpha = Math.hypot(bn.gamma()[j], bn.alpha()[j]);
                assertRel(gammaAlpha, norm(last.row(j)), 1e-12, c + ": BN neuron " + j);
            }
        }
    }

    static Matrix oneHot(int perClass, int k) {
        double[][] rows = new double[perClass * k][k];
        for (int i = 0; i < rows.length; i++) {
            rows[i][i / perClass] = 1.0;
        }
        return Matrix.ofRows(rows);
    }

    static Dataset dataset(Matrix x, Matrix y) {
        return new Dataset("test", x, y, Optional.empty(), "test-fingerprint");
    }

    static Problem bn(BnVariant variant, double beta, int depth) {
        return Problem.wd(Setting.BN, beta, depth).withVariant(variant);
    }

    static double huber(double beta, double s) {
        return s <= beta ? 0.5 * s * s : beta * s - 0.5 * beta * beta;
    }

    static double forward(Solution s, Dataset data) {
        return ForwardObjective.evaluate(s.network().orElseThrow(), data.x(), data.y(), s.problem()).value();
    }

    /**
     * The checks that together prove optimality without trusting the solver: the network attains the
     * primal (forward pass), and Λ* is dual feasible with D(Λ*) = ½‖Y‖² − ½‖Λ* − Y‖² recomputed
     * here equal to it (weak duality: every BN network costs at least D(Λ) for feasible Λ).
     */
    static Solution solveChecked(Dataset data, Problem p) {
        Solution s = Solvers.solve(data, p);
        assertEquals(Status.OPTIMAL, s.status(), () -> "status, reason " + s.reason());
        double primal = s.primal().getAsDouble();
        assertRel(primal, forward(s, data), 1e-8, "forward objective of the reconstructed network");
        Matrix lambda = s.dualVariable().orElseThrow();
        double dual = 0.5 * data.y().frobeniusNormSquared() - 0.5 * lambda.minus(data.y()).frobeniusNormSquared();
        assertRel(dual, s.dual().getAsDouble(), 1e-12, "dual value from Lambda*");
        double beta = p.beta();
        boolean signSplit = data.outputs() == 1 && p.variant().orElseThrow() == BnVariant.RELU;
        double norm = signSplit ? signedPartNorm(lambda.asVector()) : lambda.spectralNorm();
        assertTrue(norm <= beta * (1 + 1e-12) + 1e-15, "dual feasibility: " + norm + " > beta " + beta);
        assertTrue(dual <= primal + 1e-12 * Math.max(1, primal), "dual <= primal");
        assertTrue(primal - dual <= 1e-9 * Math.max(1, primal), "gap " + (primal - dual));
        assertTrue(s.certified(), "certified");
        assertTrue(s.neededWidth() >= 1, "neededWidth set");
        Network net = s.network().get();
        for (int l = 2; l < net.depth(); l++) {
            assertTrue(net.layer(l).cols() <= Math.max(s.neededWidth(), p.width().orElse(0)), "layer width");
        }
        return s;
    }

    static double signedPartNorm(double[] v) {
        double plus = 0;
        double minus = 0;
        for (double x : v) {
            plus += x > 0 ? x * x : 0;
            minus += x < 0 ? x * x : 0;
        }
        return Math.sqrt(Math.max(plus, minus));
    }

    @Test
    void goldenValueOneHotTwoPerClass() {
        Dataset data = dataset(Matrix.identity(6), oneHot(2, 3));
        for (BnVariant v : BnVariant.values()) {
            for (int depth : new int[] {2, 3, 5}) {
                Solution s = solveChecked(data, bn(v, 0.5, depth));
                assertAbs(1.7463203436, s.primal().getAsDouble(), 1e-9, v + " L=" + depth);
                assertAbs(1.7463203436, s.dual().getAsDouble(), 1e-9, v + " dual L=" + depth);
            }
        }
    }

    @ParameterizedTest(name = "{0} X, variant {1}, beta {2}")
    @CsvSource({"whitened, relu, 0.3, 1.4238457268", "whitened, linear, 1.2, 4.0753829072",
        "arbitrary, relu, 0.3, 1.4238457268", "arbitrary, linear, 1.2, 4.0753829072"})
    void verificationTableOfSection8(String xKind, String variant, double beta, double expected) {
        Matrix x = xKind.equals("whitened") ? orthonormalRows(9, 12, 3) : gaussian(9, 3, 4);
        Dataset data = dataset(x, oneHot(3, 3));
        Problem p = bn(BnVariant.fromCliName(variant), beta, 3).withWidth(12);
        Solution s = solveChecked(data, p);
        assertAbs(expected, s.primal().getAsDouble(), 1e-9, "closed form");
        assertEquals(xKind.equals("whitened") ? 3 : 9, s.neededWidth(), "needed width");
        assertEquals(xKind.equals("whitened"), ((PreparedBatchNorm) Solvers.prepare(Setting.BN, data)).whitened());
    }

    @Test
    void linearVariantIsSingularValueThresholdingForAnyY() {
        Matrix y = gaussian(8, 3, 11);
        double[] sigma = Decompositions.singularValues(y);
        for (Matrix x : new Matrix[] {gaussian(8, 20, 12), gaussian(8, 2, 13)}) {
            Dataset data = dataset(x, y);
            for (double beta : new double[] {0.0, 0.3, 1.0, 2.5, sigma[1] + 1e-3, sigma[0] * 1.01}) {
                for (int depth : new int[] {3, 4}) {
                    Solution s = solveChecked(data, bn(BnVariant.LINEAR, beta, depth));
                    double expected = 0;
                    for (double sv : sigma) {
                        expected += huber(beta, sv);
                    }
                    assertRel(expected, s.primal().getAsDouble(), 1e-10, "sum of huber(sigma_i) at beta " + beta);
                    Matrix lambda = s.dualVariable().orElseThrow();
                    assertTrue(lambda.spectralNorm() <= beta * (1 + 1e-10) + 1e-14, "||Lambda*||_2 <= beta");
                    Matrix fit = s.network().get().forward(x);
                    Matrix expectedFit = thresholded(y, beta);
                    assertTrue(fit.minus(expectedFit).frobeniusNorm() <= 1e-9 * Math.max(1, y.frobeniusNorm()),
                            "F* = SVT_beta(Y)");
                    assertTrue(y.minus(lambda).minus(fit).frobeniusNorm() <= 1e-9 * y.frobeniusNorm(),
                            "Lambda* = Y - F*");
                }
            }
        }
    }

    private static Matrix thresholded(Matrix y, double beta) {
        Svd svd = Decompositions.thinSvd(y);
        double[] s = svd.s().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(0, s[i] - beta);
        }
        return Decompositions.scaleColumns(svd.u(), s).times(svd.v().transpose());
    }

    @Test
    void reluVariantScalarYUsesSignParts() {
        double[] y = {1.5, -0.4, 0.8, -1.2, 0.3, -0.1, 2.0};
        double plus = Math.sqrt(1.5 * 1.5 + 0.8 * 0.8 + 0.3 * 0.3 + 4.0);
        double minus = Math.sqrt(0.16 + 1.44 + 0.01);
        Dataset data = dataset(gaussian(7, 10, 5), Matrix.column(y));
        for (double beta : new double[] {0.0, 0.5, 1.0, 1.5, 3.0}) {
            Solution s = solveChecked(data, bn(BnVariant.RELU, beta, 3));
            assertRel(huber(beta, plus) + huber(beta, minus), s.primal().getAsDouble(), 1e-12, "value");
            double[] fit = s.network().get().forward(data.x()).asVector();
            double[] lambda = s.dualVariable().get().asVector();
            double lp = 0;
            double lm = 0;
            for (int i = 0; i < y.length; i++) {
                double shrink = y[i] > 0 ? Math.max(0, 1 - beta / plus) : Math.max(0, 1 - beta / minus);
                assertAbs(shrink * y[i], fit[i], 1e-10, "F*_" + i);
                lp += lambda[i] > 0 ? lambda[i] * lambda[i] : 0;
                lm += lambda[i] < 0 ? lambda[i] * lambda[i] : 0;
            }
            assertTrue(Math.sqrt(Math.max(lp, lm)) <= beta * (1 + 1e-10) + 1e-14, "max(|lambda+|, |lambda-|) <= beta");
        }
        Solution lin = solveChecked(data, bn(BnVariant.LINEAR, 0.5, 3));
        double norm = Math.sqrt(plus * plus + minus * minus);
        assertRel(huber(0.5, norm), lin.primal().getAsDouble(), 1e-12, "linear variant on scalar y");
    }

    @Test
    void expressivityFailureIsReported() {
        Dataset tall = dataset(gaussian(9, 3, 6), oneHot(3, 3));
        Solution s = Solvers.solve(tall, bn(BnVariant.RELU, 0.3, 2));
        assertEquals(Status.FAILED, s.status());
        assertTrue(s.reason().orElseThrow().startsWith("expressivity condition fails: "), s.reason().get());
        assertTrue(s.reason().get().contains("rank 3"), s.reason().get());
        assertFalse(s.certified());

        double[] c = {1, -2, 0.5, 3, -1, 2, -0.7, 1.1, 0.4};
        Matrix rankOne = Matrix.column(c).times(Matrix.ofRows(new double[][] {{1, 2, -1, 0.5}}));
        Solution r = Solvers.solve(dataset(rankOne, oneHot(3, 3)), bn(BnVariant.LINEAR, 0.3, 4));
        assertEquals(Status.FAILED, r.status());
        assertTrue(r.reason().get().startsWith("expressivity condition fails: the ReLU features"), r.reason().get());

        Solution off = solveChecked(tall, bn(BnVariant.RELU, 5.0, 2));
        assertRel(4.5, off.primal().getAsDouble(), 1e-12, "all atoms off needs no expressivity");
    }

    @Test
    void betaZeroFitsAndLargeBetaSwitchesEverythingOff() {
        Matrix y = oneHot(2, 3);
        Dataset data = dataset(gaussian(6, 4, 7), y);
        for (BnVariant v : BnVariant.values()) {
            Solution zero = solveChecked(data, bn(v, 0.0, 3));
            assertAbs(0.0, zero.primal().getAsDouble(), 1e-12, "beta 0");
            assertTrue(zero.network().get().forward(data.x()).minus(y).frobeniusNorm() < 1e-9, "interpolates");
            Solution off = solveChecked(data, bn(v, Math.sqrt(2) + 1e-9, 3));
            assertRel(0.5 * y.frobeniusNormSquared(), off.primal().getAsDouble(), 1e-12, "beta past sqrt(n_k)");
            assertEquals(0.0, off.network().get().forward(data.x()).maxAbs(), 0.0, "zero network");
        }
    }

    @Test
    void valueIsNondecreasingInBetaAndTcEqualsWd() {
        Dataset data = dataset(orthonormalRows(6, 9, 8), gaussian(6, 2, 9));
        double previous = -1;
        for (int i = 0; i <= 40; i++) {
            double beta = 0.1 * i;
            Solution s = solveChecked(data, bn(BnVariant.LINEAR, beta, 4));
            assertTrue(s.primal().getAsDouble() >= previous - 1e-14, "monotone at beta " + beta);
            previous = s.primal().getAsDouble();
            Problem tc = new Problem(Setting.BN, Optional.of(BnVariant.LINEAR), Objective.TC, beta, 4,
                    OptionalDouble.of(0.3), OptionalInt.empty(), 0L, Problem.DEFAULT_PATTERNS);
            Solution t = solveChecked(data, tc);
            assertRel(previous, t.primal().getAsDouble(), 1e-12, "tc equals wd");
            ForwardObjective f = ForwardObjective.evaluate(t.network().get(), data.x(), data.y(), tc);
            for (int l = 1; l <= 2; l++) {
                assertTrue(t.network().get().layer(l).frobeniusNorm() <= 0.3 * (1 + 1e-12), "tc budget");
            }
            assertEquals(0.0, f.tcViolation());
        }
    }

    @Test
    void widthRuleAndPadding() {
        Dataset data = dataset(gaussian(9, 3, 10), oneHot(3, 3));
        Solution narrow = Solvers.solve(data, bn(BnVariant.RELU, 0.3, 3).withWidth(5));
        assertEquals(Status.FAILED, narrow.status());
        assertEquals("width 5 < needed 9", narrow.reason().get());
        Solution wide = solveChecked(data, bn(BnVariant.RELU, 0.3, 3).withWidth(20));
        assertEquals(20, wide.network().get().maxHiddenWidth());
        assertEquals(9, wide.neededWidth());
        Dataset white = dataset(orthonormalRows(9, 12, 3), oneHot(3, 3));
        Solution padded = solveChecked(white, bn(BnVariant.LINEAR, 0.3, 5).withWidth(7));
        assertEquals(7, padded.network().get().maxHiddenWidth());
        Solution differentSeed = solveChecked(data, bn(BnVariant.RELU, 0.3, 3).withSeed(42));
        assertRel(wide.primal().getAsDouble(), differentSeed.primal().getAsDouble(), 1e-12, "seed-free value");
    }

    @Test
    void reluVariantRefusesGeneralTargets() {
        Dataset data = dataset(gaussian(5, 8, 1), gaussian(5, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Solvers.solve(data, bn(BnVariant.RELU, 0.3, 3)));
        assertTrue(e.getMessage().contains("y is 5x2"), e.getMessage());
    }

    /** Training the real BN network never beats the closed form, and returns to it from near it. */
    @Test
    void bruteForceTrainingNeverBeatsTheClosedForm() {
        Matrix x = gaussian(6, 4, 21);
        Matrix[] targets = {oneHot(2, 3), Matrix.column(1.2, -0.5, 0.3, -1.4, 0.8, 0.1), gaussian(6, 2, 22)};
        for (Matrix y : targets) {
            Dataset data = dataset(x, y);
            for (BnVariant v : BnVariant.values()) {
                if (v == BnVariant.RELU && y.cols() == 2) {
                    continue;
                }
                Problem p = bn(v, 0.4, 3);
                Solution s = solveChecked(data, p);
                double value = s.primal().getAsDouble();
                BatchNormTraining train = new BatchNormTraining(x, y, p, new int[] {4, 6, 4, y.cols()});
                double best = train.bestOfRandomStarts(4, 5, 300);
                double back = train.fromPerturbed(s.network().get(), 0.1, 6, 300);
                String what = v + " " + y.shape() + ": closed form " + value;
                assertTrue(Math.min(best, back) >= value - 1e-7 * Math.max(1, value), what + ", training " + best);
                // ReLU kinks (zero entries of the sign parts) slow L-BFGS with difference gradients down
                assertTrue(back <= value + 1e-4 * Math.max(1, value), what + ", from perturbed " + back);
            }
        }
    }

    /** docs/theory.md §10 definitions, computed here from the features of the closed-form network. */
    @Test
    void balancedOneHotClosedFormIsCollapsed() {
        int k = 3;
        int per = 4;
        Matrix y = oneHot(per, k);
        for (Matrix x : new Matrix[] {orthonormalRows(12, 15, 1), gaussian(12, 5, 2)}) {
            Dataset data = dataset(x, y);
            for (BnVariant v : BnVariant.values()) {
                Solution s = solveChecked(data, bn(v, 0.7, 4).withWidth(14));
                Network net = s.network().get();
                Matrix h = net.features(x);
                Matrix wl = net.layer(net.depth());
                Collapse c = Collapse.of(h, wl, per, k);
                assertAbs(0.0, c.nc1, 1e-10, v + " NC1");
                assertAbs(0.0, c.equinorm, 1e-10, v + " NC2 equinorm");
                assertAbs(0.0, c.equiangular, 1e-10, v + " NC2 equiangular");
                assertAbs(0.0, c.etfDev, 1e-10, v + " NC2 etf");
                assertAbs(0.0, c.nc3Centered, 1e-10, v + " NC3 centred");
                assertAbs(Math.sqrt(2 - 2 * Math.sqrt((k - 1.0) / k)), c.nc3Raw, 1e-10, v + " NC3 raw");
                assertAbs(0.0, c.nc4, 0.0, v + " NC4");
            }
        }
    }

    /** Neural Collapse metrics straight from their definitions (balanced classes of size {@code per}). */
    record Collapse(double nc1, double equinorm, double equiangular, double etfDev, double nc3Raw, double nc3Centered,
            double nc4) {
        static Collapse of(Matrix h, Matrix wl, int per, int k) {
            int n = h.rows();
            int m = h.cols();
            double[][] mu = new double[k][m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    mu[i / per][j] += h.get(i, j) / per;
                }
            }
            double[] muG = new double[m];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < m; j++) {
                    muG[j] += mu[c][j] / k;
                }
            }
            double[] mc = new double[m * k];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < m; j++) {
                    mc[j + c * m] = mu[c][j] - muG[j];
                }
            }
            Matrix bigM = Matrix.ofColumnMajor(m, k, mc);
            double[] sw = new double[m * m];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < m; a++) {
                    for (int b = 0; b < m; b++) {
                        sw[a + b * m] += (h.get(i, a) - mu[i / per][a]) * (h.get(i, b) - mu[i / per][b]) / n;
                    }
                }
            }
            Matrix sigmaB = bigM.times(bigM.transpose()).scale(1.0 / k);
            double nc1 = Matrix.ofColumnMajor(m, m, sw).times(Decompositions.pseudoInverse(sigmaB, 1e-10)).trace() / k;
            double[] norms = new double[k];
            double mean = 0;
            for (int c = 0; c < k; c++) {
                norms[c] = Math.sqrt(bigM.transposeTimes(bigM).get(c, c));
                mean += norms[c] / k;
            }
            double var = 0;
            for (double v : norms) {
                var += (v - mean) * (v - mean) / k;
            }
            Matrix g = bigM.transposeTimes(bigM);
            double angle = 0;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    if (a != b) {
                        angle += Math.abs(g.get(a, b) / (norms[a] * norms[b]) + 1.0 / (k - 1)) / (k * (k - 1));
                    }
                }
            }
            Matrix centring = Matrix.identity(k).minus(Matrix.ofColumnMajor(k, k, filled(k * k, 1.0 / k)));
            Matrix etf = centring.scale(1 / Math.sqrt(k - 1.0));
            double etfDev = g.scale(1 / g.frobeniusNorm()).minus(etf).frobeniusNorm();
            Matrix mHat = bigM.scale(1 / bigM.frobeniusNorm());
            double raw = wl.scale(1 / wl.frobeniusNorm()).minus(mHat).frobeniusNorm();
            Matrix wc = wl.times(centring);
            double centred = wc.scale(1 / wc.frobeniusNorm()).minus(mHat).frobeniusNorm();
            Matrix scores = h.times(wl);
            int mismatch = 0;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                int near = 0;
                double best = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (scores.get(i, c) > scores.get(i, arg)) {
                        arg = c;
                    }
                    double dist = 0;
                    for (int j = 0; j < m; j++) {
                        dist += (h.get(i, j) - mu[c][j]) * (h.get(i, j) - mu[c][j]);
                    }
                    if (dist < best) {
                        best = dist;
                        near = c;
                    }
                }
                mismatch += arg == near ? 0 : 1;
            }
            return new Collapse(nc1, Math.sqrt(var) / mean, angle, etfDev, raw, centred, (double) mismatch / n);
        }

        private static double[] filled(int len, double v) {
            double[] a = new double[len];
            java.util.Arrays.fill(a, v);
            return a;
        }
    }
}

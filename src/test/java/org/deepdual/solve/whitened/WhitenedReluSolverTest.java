package org.deepdual.solve.whitened;

import org.deepdual.model.Activation;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.DualSolverContract;
import org.deepdual.solve.NelderMead;
import org.deepdual.solve.core.PowerProx;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.linear.DeepLinearSolverTest;
import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The deep ReLU network on whitened data (docs/theory.md §6) under the contract, plus its golden values. */
class WhitenedReluSolverTest extends DualSolverContract {
    static final Dataset GOLDEN = data("relu-golden", Matrix.identity(4),
            Matrix.column(2, -1, 0.5, -0.5));
    static final Dataset GOLDEN_ONE_HOT = data("relu-golden-one-hot", Matrix.identity(6),
            oneHot(new int[] {0, 0, 1, 1, 2, 2}, 3));
    static final Dataset SCALAR = data("relu-whitened-6x8",
            orthonormalRows(6, 8, 21), Matrix.column(1.2, -0.8, 0.5, -1.1, 0.3, -0.4));
    static final Dataset NONNEGATIVE = data("relu-nonnegative-y",
            orthonormalRows(5, 7, 23), Matrix.column(1.5, 0.2, 0, 0.9, 2.2));
    static final Dataset ONE_HOT = data("relu-one-hot-9x12",
            orthonormalRows(9, 12, 24), oneHot(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, 3));
    static final Dataset UNBALANCED = data("relu-unbalanced-7x10",
            orthonormalRows(7, 10, 25), oneHot(new int[] {0, 0, 0, 0, 1, 1, 2}, 3));

    static Matrix oneHot(int[] labels, int k) {
        double[][] rows = new double[labels.length][k];
        for (int i = 0; i < labels.length; i++) {
            rows[i][labels[i]] = 1;
        }
        return Matrix.ofRows(rows);
    }

    @Override
    protected Setting setting() {
        return Setting.RELU_WHITENED;
    }

    @Override
    protected Activation activation() {
        return Activation.RELU;
    }

    @Override
    protected List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(zero(GOLDEN, wd(0.3, 2)));
        c.add(positive(GOLDEN, wd(0.3, 3)));
        c.add(positive(GOLDEN, wd(0.3, 4)));
        c.add(positive(GOLDEN, tc(0.3, 3, 1.0)));
        c.add(zero(GOLDEN, tc(0.3, 2, 1.0)));
        c.add(positive(GOLDEN_ONE_HOT, wd(0.2, 3)));
        c.add(zero(GOLDEN_ONE_HOT, wd(1.0, 3)));
        c.add(zero(SCALAR, wd(0.4, 2)));
        c.add(positive(SCALAR, wd(0.1, 3)));
        c.add(positive(SCALAR, wd(0.1, 4)));
        c.add(positive(SCALAR, tc(0.2, 3, 1.0)));
        c.add(positive(SCALAR, tc(0.5, 4, 1.3)));
        c.add(zero(NONNEGATIVE, wd(0.2, 3)));
        c.add(zero(NONNEGATIVE, wd(0.1, 5)));
        c.add(zero(NONNEGATIVE, tc(0.3, 4, 1.0)));
        c.add(zero(ONE_HOT, wd(0.4, 2)));
        c.add(positive(ONE_HOT, wd(0.2, 3)));
        c.add(positive(ONE_HOT, wd(0.2, 4)));
        c.add(positive(ONE_HOT, tc(0.3, 3, 1.0)));
        c.add(positive(UNBALANCED, wd(0.3, 3)));
        c.add(zero(UNBALANCED, wd(0.3, 2)));
        return c;
    }

    @Override
    protected Case sweep() {
        return positive(SCALAR, wd(0.1, 3));
    }

    @Override
    protected double betaPastZero() {
        return 20.0;
    }

    @Override
    protected double valueAtBetaZero() {
        return 0.0;
    }

    @Override
    protected List<Case> bruteForceCases() {
        return List.of(zero(GOLDEN, wd(0.3, 2)), positive(GOLDEN, wd(0.3, 3)), positive(GOLDEN, tc(0.3, 3, 1.0)),
                positive(GOLDEN_ONE_HOT, wd(0.2, 3)));
    }

    /**
     * ν = sup over z ≥ 0, ‖z‖ = 1 of ‖Λᵀz‖ (the paper's constraint on whitened data) ≤ γ, and the
     * dual value is the dual objective at Λ* (plus the budget cost at t_D = (β/ν)^{1/(L−2)} for WD).
     */
    @Override
    protected void assertDualFeasible(Case c, Solution s) {
        Matrix lambda = s.dualVariable().orElseThrow();
        Matrix y = c.data().y();
        Problem p = c.problem();
        int depth = p.depth();
        double beta = p.beta();
        double nu = nonnegativeSup(lambda);
        double d = dualObjective(lambda, y);
        double dual = s.dual().getAsDouble();
        if (p.objective() == Objective.TC || depth == 2) {
            double gamma = p.objective() == Objective.TC ? beta * Math.pow(p.tValue(), -(depth - 2)) : beta;
            assertTrue(nu <= gamma * (1 + 1e-9), c + ": sup ||Lambda^T z|| = " + nu + " > gamma = " + gamma);
            assertRel(dual, d, 1e-9, c + ": dual objective at Lambda*");
        } else if (lambda.minus(y).frobeniusNorm() <= 1e-12 * y.frobeniusNorm()) {
            assertRel(0.5 * y.frobeniusNormSquared(), dual, 1e-12, c + ": the limit t -> 0");
        } else {
            double tD = Math.pow(beta / nu, 1.0 / (depth - 2));
            assertRel(dual, d + 0.5 * (depth - 2) * beta * tD * tD, 1e-9, c + ": dual at t_D");
        }
    }

    /**
     * The supremum of ‖Λᵀz‖ over unit z ≥ 0: the best of the normalised positive and negative parts
     * of Λ's columns, which a projected power iteration from random starts must not beat.
     */
    private static double nonnegativeSup(Matrix lambda) {
        double best = 0;
        List<double[]> candidates = new ArrayList<>();
        for (int k = 0; k < lambda.cols(); k++) {
            for (double sign : new double[] {1, -1}) {
                double[] z = lambda.column(k);
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.max(sign * z[i], 0);
                }
                candidates.add(z);
            }
        }
        for (double[] z : candidates) {
            best = Math.max(best, value(lambda, z));
        }
        Random rnd = new Random(5);
        for (int start = 0; start < 20; start++) {
            double[] z = new double[lambda.rows()];
            for (int i = 0; i < z.length; i++) {
                z[i] = rnd.nextDouble();
            }
            for (int it = 0; it < 200; it++) {
                double[] next = lambda.times(lambda.transposeTimes(z));
                for (int i = 0; i < next.length; i++) {
                    next[i] = Math.max(next[i], 0);
                }
                double n = norm(next);
                if (n == 0) {
                    break;
                }
                for (int i = 0; i < next.length; i++) {
                    next[i] /= n;
                }
                z = next;
            }
            assertTrue(value(lambda, z) <= best * (1 + 1e-9) + 1e-15, "a nonnegative direction beats the paths");
        }
        return best;
    }

    private static double value(Matrix lambda, double[] z) {
        double n = norm(z);
        return n == 0 ? 0 : norm(lambda.transposeTimes(z)) / n;
    }

    @Override
    protected Structure expectedStructure(Case c, Solution s) {
        Problem p = c.problem();
        int active = (int) PreparedWhitenedReluData.of(c.data()).paths().stream()
                .filter(path -> path.target() > PowerProx.jumpThreshold(p.depth(), p.beta())).count();
        if (p.objective() == Objective.WD) {
            assertEquals(Math.max(1, active), s.neededWidth(), c + ": paths on iff a_p > s*(L, beta)");
            return new Structure(OptionalInt.of(active), true, Balance.PER_NEURON, s.tStar(), p.depth());
        }
        int rank = s.neededWidth();
        boolean zeroNet = s.primal().getAsDouble() >= 0.5 * c.data().y().frobeniusNormSquared() - 1e-15;
        return new Structure(OptionalInt.of(zeroNet ? 0 : rank), true, Balance.NONE,
                zeroNet ? OptionalDouble.empty() : OptionalDouble.of(p.tValue()), p.depth() - 2);
    }

    private static Solution solveRelu(Dataset d, Problem p) {
        return Solvers.solve(d, p);
    }

    /** Amplitude of each sign path of a scalar output on X = I: ‖f₊‖ and ‖f₋‖. */
    private static double[] signAmplitudes(Solution s, Dataset d) {
        double[] f = s.network().orElseThrow().forward(d.x()).column(0);
        double pos = 0;
        double neg = 0;
        for (double v : f) {
            pos += v > 0 ? v * v : 0;
            neg += v < 0 ? v * v : 0;
        }
        return new double[] {Math.sqrt(pos), Math.sqrt(neg)};
    }

    @Test
    void goldenValuesOfSection6() {
        assertAbs(0.8638760405, solveRelu(GOLDEN, wd(0.3, 2)).primal().getAsDouble(), 1e-9, "WD L=2");
        Solution l3 = solveRelu(GOLDEN, wd(0.3, 3));
        assertAbs(1.1383212394, l3.primal().getAsDouble(), 1e-9, "WD L=3");
        double[] amps = signAmplitudes(l3, GOLDEN);
        assertAbs(1.815641868, amps[0], 2e-9, "WD L=3 amplitude +");
        assertAbs(0.7940657513, amps[1], 1e-9, "WD L=3 amplitude -");
        assertAbs(1.4254597433, solveRelu(GOLDEN, wd(0.3, 4)).primal().getAsDouble(), 1e-9, "WD L=4");
        Solution tcs = solveRelu(GOLDEN, tc(0.3, 3, 1.0));
        assertAbs(1.1359103355, tcs.primal().getAsDouble(), 1e-9, "TC L=3");
        assertAbs(0.8638760405, tcs.dual().getAsDouble(), 1e-9, "TC L=3 Huber dual");
        amps = signAmplitudes(tcs, GOLDEN);
        // docs/theory.md prints these amplitudes with a stationarity residual of 7e-9
        assertAbs(1.6941769354, amps[0], 1e-8, "TC amplitude +");
        assertAbs(0.5982841014, amps[1], 1e-8, "TC amplitude -");
        Solution oneHot = solveRelu(GOLDEN_ONE_HOT, wd(0.2, 3));
        assertAbs(1.0840802189, oneHot.primal().getAsDouble(), 1e-9, "one-hot L=3 beta=0.2");
        Matrix f = oneHot.network().orElseThrow().forward(GOLDEN_ONE_HOT.x());
        for (int k = 0; k < 3; k++) {
            assertAbs(1.227418327, norm(f.column(k)), 1e-9, "one-hot amplitude of class " + k);
        }
        Solution off = solveRelu(GOLDEN_ONE_HOT, wd(1.0, 3));
        assertAbs(3.0, off.primal().getAsDouble(), 1e-12, "one-hot L=3 beta=1");
        assertEquals(0.0, off.network().orElseThrow().forward(GOLDEN_ONE_HOT.x()).frobeniusNorm());
    }

    @Test
    void weightDecayBoundIsTheSharedBudgetProblem() {
        // docs/theory.md §6: the WD bound equals min_p sum 1/2 (p_i - a_i)^2 + (L beta/2)(sum p_i)^(2/L)
        for (Dataset d : List.of(GOLDEN, SCALAR, ONE_HOT, UNBALANCED)) {
            double[] a = PreparedWhitenedReluData.of(d).targets();
            for (int depth : new int[] {3, 4}) {
                double beta = 0.2;
                double bound = solveRelu(d, wd(beta, depth)).dual().getAsDouble();
                double best = Double.POSITIVE_INFINITY;
                for (int s = 0; s < 8; s++) {
                    double[] start = a.clone();
                    for (int i = 0; i < start.length; i++) {
                        start[i] *= 0.25 * s;
                    }
                    best = Math.min(best, NelderMead.minimize(p -> sharedBudget(p, a, depth, beta), start, 0.2, 5000));
                }
                assertRel(best, bound, 1e-9, d.name() + " L=" + depth);
            }
        }
    }

    private static double sharedBudget(double[] p, double[] a, int depth, double beta) {
        double quad = 0;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double m = Math.abs(p[i]);
            quad += 0.5 * (m - a[i]) * (m - a[i]);
            sum += m;
        }
        return quad + 0.5 * depth * beta * Math.pow(sum, 2.0 / depth);
    }

    @Test
    void pathsSwitchOnAtTheJumpThreshold() {
        // docs/theory.md §11.7: a path is on iff a_p > s*(L, beta), with amplitude >= m*
        double[] a = PreparedWhitenedReluData.of(GOLDEN).targets();
        for (int depth : new int[] {3, 5}) {
            for (double beta = 0.02; beta < 2.5; beta += 0.02) {
                double[] amps = signAmplitudes(solveRelu(GOLDEN, wd(beta, depth)), GOLDEN);
                for (int i = 0; i < 2; i++) {
                    boolean on = a[i] > PowerProx.jumpThreshold(depth, beta);
                    assertEquals(on, amps[i] > 0, "path " + i + " at L=" + depth + " beta=" + beta);
                    if (on) {
                        assertTrue(amps[i] >= PowerProx.jumpAmplitude(depth, beta) * (1 - 1e-9), "below m*");
                    }
                }
            }
        }
    }

    @Test
    void balancedOneHotFeaturesDependOnlyOnTheClass() {
        Solution s = solveRelu(ONE_HOT, wd(0.2, 3));
        Matrix h = s.network().orElseThrow().features(ONE_HOT.x());
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2};
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (labels[i] == labels[j]) {
                    assertEquals(0.0, Matrix.column(h.row(i)).minus(Matrix.column(h.row(j))).frobeniusNorm(), 1e-12);
                }
            }
        }
    }

    @Test
    void dataThatIsNotWhitenedIsRefusedNamingX() {
        Dataset raw = data("raw", DeepLinearSolverTest.gaussian(4, 6, 1), Matrix.column(1, 2, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Solvers.solve(raw, wd(0.1, 3)));
        assertTrue(e.getMessage().contains("--x") && e.getMessage().contains("raw") && e.getMessage().contains("whiten"),
                e.getMessage());
        Dataset tall = data("tall", DeepLinearSolverTest.gaussian(6, 3, 1),
                DeepLinearSolverTest.gaussian(6, 1, 2));
        e = assertThrows(IllegalArgumentException.class, () -> Solvers.solve(tall, wd(0.1, 3)));
        assertTrue(e.getMessage().contains("--x") && e.getMessage().contains("n = 6 > d = 3"), e.getMessage());
        Dataset soft = data("soft", Matrix.identity(3),
                Matrix.ofRows(new double[][] {{0.5, 0.5}, {1, 0}, {0, 1}}));
        e = assertThrows(IllegalArgumentException.class, () -> Solvers.solve(soft, wd(0.1, 3)));
        assertTrue(e.getMessage().contains("--y") && e.getMessage().contains("one-hot"), e.getMessage());
    }

    @Test
    void preparedPathsSplitTheTargets() {
        PreparedWhitenedReluData d = PreparedWhitenedReluData.of(GOLDEN);
        assertEquals(2, d.paths().size());
        assertAbs(2.0615528128, d.targets()[0], 1e-10, "a+");
        assertAbs(1.1180339887, d.targets()[1], 1e-10, "a-");
        PreparedWhitenedReluData u = PreparedWhitenedReluData.of(UNBALANCED);
        assertAbs(2.0, u.targets()[0], 1e-15, "sqrt(4)");
        assertAbs(Math.sqrt(2), u.targets()[1], 1e-15, "sqrt(2)");
        assertAbs(1.0, u.targets()[2], 1e-15, "sqrt(1)");
        assertEquals(1, PreparedWhitenedReluData.of(NONNEGATIVE).paths().size());
    }
}

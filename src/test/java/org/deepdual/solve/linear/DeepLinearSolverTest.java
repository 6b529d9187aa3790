package org.deepdual.solve.linear;

import org.deepdual.solve.core.Reconstruction;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.DualSolverContract;
import org.deepdual.solve.core.PowerProx;
import org.deepdual.solve.Solvers;
import static org.deepdual.Approx.assertAbs;
import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.junit.jupiter.api.Test;

/** The deep linear solver (docs/theory.md §4 and §5) under the contract, plus its golden values. */
public class DeepLinearSolverTest extends DualSolverContract {
    static final Dataset GOLDEN_SCALAR = data("golden-scalar",
            Matrix.ofRows(new double[][] {{1, 0, 1}, {0, 2, 0}, {1, 1, 0}, {0, 0, 1}}), Matrix.column(1, -1, 2, 0.5));
    static final Dataset GOLDEN_VECTOR = data("golden-vector", Matrix.identity(3),
            Matrix.ofRows(new double[][] {{3, 0}, {0, 1}, {1, 1}}));
    static final Dataset GAUSS = data("gauss-10x6", gaussian(10, 6, 1), gaussian(10, 1, 2));
    static final Dataset WIDE = data("wide-5x8", gaussian(5, 8, 3), gaussian(5, 1, 4));
    static final Dataset DEFICIENT = data("rank-deficient-8x4", rankDeficient(), gaussian(8, 1, 6));
    static final Dataset WHITENED = data("whitened-6x9", orthonormalRows(6, 9, 7), gaussian(6, 3, 8));
    static final Dataset RANK_ONE_Y = data("whitened-rank-one-y", orthonormalRows(5, 7, 9),
            gaussian(5, 1, 10).times(Matrix.ofRows(new double[][] {{1, -2, 0.5}})));
    static final Dataset GENERAL = data("general-8x5", gaussian(8, 5, 11), gaussian(8, 3, 12));
    /** J(μ) has two local minima on the ridge path at L = 6, beta = 0.2709: the second is the global one. */
    static final Dataset TWO_MINIMA = data("two-minima-2x2", Matrix.diagonal(0.15598957521816378, 57.094445356169416),
            Matrix.column(-1.354980006430458, 5.866987947799824));
    static final double TWO_MINIMA_BETA = 0.27092240275507373;
    static final Dataset GENERAL_TINY = data("general-5x3", gaussian(5, 3, 13), gaussian(5, 2, 14));

    private static Matrix rankDeficient() {
        Matrix g = gaussian(8, 3, 5);
        double[] sum = new double[8];
        for (int i = 0; i < 8; i++) {
            sum[i] = g.get(i, 0) + g.get(i, 1);
        }
        return g.appendColumns(Matrix.column(sum));
    }

    private static Case bounds(Dataset d, Problem p) {
        return new Case(d.name(), d, p, Gap.BOUND_ONLY, 1e-6, 1e-8);
    }

    @Override
    protected Setting setting() {
        return Setting.LINEAR;
    }

    @Override
    protected List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (int depth : new int[] {2, 3, 4}) {
            c.add(zero(GOLDEN_SCALAR, wd(0.5, depth)));
        }
        c.add(zero(GOLDEN_SCALAR, wd(2.0, 3)));
        c.add(zero(GOLDEN_SCALAR, tc(0.5, 4, 0.9)));
        c.add(zero(GAUSS, wd(0.1, 3)));
        c.add(zero(GAUSS, wd(1.0, 3)));
        c.add(zero(GAUSS, wd(0.3, 4)));
        c.add(zero(GAUSS, tc(0.3, 3, 1.0)));
        c.add(zero(GAUSS, tc(1.0, 4, 0.8)));
        c.add(zero(WIDE, wd(0.2, 3)));
        c.add(zero(WIDE, tc(0.2, 5, 1.1)));
        c.add(zero(DEFICIENT, wd(0.1, 4)));
        c.add(zero(TWO_MINIMA, wd(TWO_MINIMA_BETA, 6)));
        c.add(zero(GOLDEN_VECTOR, wd(0.5, 2)));
        c.add(positive(GOLDEN_VECTOR, wd(0.5, 3)));
        c.add(positive(GOLDEN_VECTOR, wd(0.3, 4)));
        c.add(positive(GOLDEN_VECTOR, tc(0.5, 3, 1.0)));
        c.add(zero(GOLDEN_VECTOR, tc(0.5, 2, 1.0)));
        c.add(zero(WHITENED, wd(0.5, 2)));
        c.add(positive(WHITENED, wd(0.1, 3)));
        c.add(positive(WHITENED, tc(0.6, 4, 1.2)));
        c.add(zero(RANK_ONE_Y, wd(0.2, 3)));
        c.add(zero(RANK_ONE_Y, tc(0.2, 4, 0.9)));
        c.add(bounds(GENERAL, wd(0.3, 2)));
        c.add(bounds(GENERAL, wd(0.3, 3)));
        c.add(bounds(GENERAL, tc(0.3, 3, 1.0)));
        return c;
    }

    @Override
    protected Case sweep() {
        return zero(GAUSS, wd(1.0, 3));
    }

    @Override
    protected double betaPastZero() {
        return 50.0;
    }

    @Override
    protected double valueAtBetaZero() {
        Matrix x = GAUSS.x();
        Matrix y = GAUSS.y();
        Matrix residual = y.minus(x.times(Decompositions.pseudoInverseSolve(x, y, 1e-12)));
        return 0.5 * residual.frobeniusNormSquared();
    }

    @Override
    protected List<Case> bruteForceCases() {
        return List.of(zero(GOLDEN_SCALAR, wd(0.5, 3)), zero(GOLDEN_SCALAR, tc(0.3, 3, 1.0)),
                zero(GOLDEN_SCALAR, wd(0.2, 4)), zero(TWO_MINIMA, wd(TWO_MINIMA_BETA, 6)),
                positive(GOLDEN_VECTOR, wd(0.5, 3)),
                bounds(GENERAL_TINY, wd(0.3, 3)));
    }

    /**
     * ‖XᵀΛ*‖₂ ≤ γ and the dual value is the dual objective at Λ*; for WD at L ≥ 3 the t of the
     * bound is the one at which Λ* is exactly feasible, t_D = (β/‖XᵀΛ*‖₂)^{1/(L−2)}, and with zero
     * gap it equals t* (docs/theory.md §11.3, a-WD).
     */
    @Override
    protected void assertDualFeasible(Case c, Solution s) {
        Matrix lambda = s.dualVariable().orElseThrow();
        Matrix y = c.data().y();
        Problem p = c.problem();
        int depth = p.depth();
        double beta = p.beta();
        double nu = Decompositions.singularValues(c.data().x().transposeTimes(lambda))[0];
        double d = dualObjective(lambda, y);
        double dual = s.dual().getAsDouble();
        double tol = c.gap() == Gap.BOUND_ONLY ? 1e-6 : 1e-9;
        boolean nonzero = s.network().orElseThrow().forward(c.data().x()).frobeniusNorm() > 0;
        if (p.objective() == Objective.TC || depth == 2) {
            double gamma = p.objective() == Objective.TC ? beta * Math.pow(p.tValue(), -(depth - 2)) : beta;
            assertTrue(nu <= gamma * (1 + 1e-9), c + ": ||X^T Lambda|| = " + nu + " > gamma = " + gamma);
            assertRel(dual, d, tol, c + ": dual objective at Lambda*");
            if (nonzero && c.gap() == Gap.ZERO) {
                assertRel(gamma, nu, 1e-8, c + ": active dual constraint");
            }
        } else if (lambda.minus(y).frobeniusNorm() <= 1e-12 * y.frobeniusNorm()) {
            assertRel(0.5 * y.frobeniusNormSquared(), dual, 1e-12, c + ": the limit t -> 0");
        } else {
            double tD = Math.pow(beta / nu, 1.0 / (depth - 2));
            assertRel(dual, d + 0.5 * (depth - 2) * beta * tD * tD, tol, c + ": dual at t_D");
            if (c.gap() == Gap.ZERO) {
                assertRel(s.tStar().getAsDouble(), tD, 1e-6, c + ": ||X^T lambda*|| = beta t*^-(L-2)");
            }
        }
    }

    @Override
    protected Structure expectedStructure(Case c, Solution s) {
        Problem p = c.problem();
        int rank = Decompositions.thinSvd(s.endToEnd().orElseThrow()).rank(1e-6);
        if (s.endToEnd().get().frobeniusNorm() == 0) {
            rank = 0;
        }
        if (c.data().outputs() == 1) {
            boolean zeroNet = s.primal().getAsDouble() >= 0.5 * c.data().y().frobeniusNormSquared() - 1e-15;
            assertEquals(zeroNet ? 0 : 1, rank, c + ": scalar output is rank one");
        } else if (p.objective() == Objective.WD && new PreparedLinearDataView(c.data()).whitened()) {
            assertEquals(new PreparedLinearDataView(c.data()).rankByThreshold(p.beta(), p.depth()), rank,
                    c + ": rank = #{z_i > s*(L, beta c^(-2/L))}");
        }
        if (p.objective() == Objective.WD) {
            return new Structure(OptionalInt.of(rank), true, Balance.LINEAR, s.tStar(), p.depth());
        }
        OptionalDouble early = rank > 0 ? OptionalDouble.of(p.tValue()) : OptionalDouble.empty();
        return new Structure(OptionalInt.of(rank), true, Balance.NONE, early, p.depth() - 2);
    }

    /** The test's own SVD of the data (not the solver's) for the threshold rule of docs/theory.md §11.7. */
    private record PreparedLinearDataView(Dataset data) {
        boolean whitened() {
            double[] s = Decompositions.singularValues(data.x());
            return s[s.length - 1] >= s[0] * (1 - 1e-9);
        }

        int rankByThreshold(double beta, int depth) {
            Svd svd = Decompositions.thinSvd(data.x());
            double c = svd.s()[0];
            double[] z = Decompositions.singularValues(svd.u().transposeTimes(data.y()));
            double sStar = PowerProx.jumpThreshold(depth, beta * Math.pow(c, -2.0 / depth));
            int r = 0;
            for (double zi : z) {
                if (zi > sStar) {
                    r++;
                }
            }
            return r;
        }
    }

    private static Solution solveLinear(Dataset d, Problem p) {
        return Solvers.solve(d, p);
    }

    @Test
    void scalarGoldenValuesOfSection4() {
        assertAbs(1.3979571750, solveLinear(GOLDEN_SCALAR, wd(0.5, 2)).primal().getAsDouble(), 1e-9, "WD L=2");
        assertAbs(1.6369691936, solveLinear(GOLDEN_SCALAR, wd(0.5, 3)).primal().getAsDouble(), 1e-9, "WD L=3");
        assertAbs(1.8810196347, solveLinear(GOLDEN_SCALAR, wd(0.5, 4)).primal().getAsDouble(), 1e-9, "WD L=4");
        assertAbs(3.125, solveLinear(GOLDEN_SCALAR, wd(2.0, 3)).primal().getAsDouble(), 1e-12, "WD L=3 beta=2");
        assertAbs(1.5540523042, solveLinear(GOLDEN_SCALAR, tc(0.5, 4, 0.9)).primal().getAsDouble(), 1e-9, "TC");
        double[] w2 = solveLinear(GOLDEN_SCALAR, wd(0.5, 2)).endToEnd().orElseThrow().column(0);
        double[] w3 = solveLinear(GOLDEN_SCALAR, wd(0.5, 3)).endToEnd().orElseThrow().column(0);
        double[] e2 = {1.34800711, -0.25129527, 0.06428838};
        double[] e3 = {1.38732384, -0.26099642, 0.04866190};
        for (int i = 0; i < 3; i++) {
            assertAbs(e2[i], w2[i], 1e-8, "w* L=2 [" + i + "]");
            // docs/theory.md prints w* (L=3) with a stationarity residual of 3e-8; ours is 2e-15
            assertAbs(e3[i], w3[i], 2e-8, "w* L=3 [" + i + "]");
        }
        Solution zero = solveLinear(GOLDEN_SCALAR, wd(2.0, 3));
        assertEquals(0.0, zero.endToEnd().orElseThrow().frobeniusNorm());
        assertEquals(0.0, zero.tStar().getAsDouble());
    }

    @Test
    void theBetterOfTwoLocalMinimaOnTheRidgePathWins() {
        // independent of the solver's root finding: docs/theory.md §4's original 2000-point grid over log mu
        double[] s = {57.094445356169416, 0.15598957521816378};
        double[] c = {5.866987947799824, -1.354980006430458};
        int depth = 6;
        double beta = TWO_MINIMA_BETA;
        double best = 0.5 * (c[0] * c[0] + c[1] * c[1]);
        int localMinima = 0;
        double previous = Double.NaN;
        double beforePrevious = Double.NaN;
        for (int k = 0; k < 2000; k++) {
            double mu = s[0] * s[0] * Math.exp(-30 + 60.0 * k / 1999);
            double loss = 0;
            double norm = 0;
            for (int i = 0; i < 2; i++) {
                double a = s[i] * c[i] / (s[i] * s[i] + mu);
                norm += a * a;
                loss += 0.5 * Math.pow(c[i] * mu / (s[i] * s[i] + mu), 2);
            }
            double j = loss + 0.5 * depth * beta * Math.pow(norm, 1.0 / depth);
            if (previous < beforePrevious && previous < j) {
                localMinima++;
            }
            best = Math.min(best, j);
            beforePrevious = previous;
            previous = j;
        }
        assertEquals(2, localMinima, "the instance has two local minima");
        Solution sol = solveLinear(TWO_MINIMA, wd(beta, depth));
        assertTrue(sol.certified());
        assertTrue(sol.primal().getAsDouble() <= best + 1e-12, sol.primal() + " above the grid's " + best);
        assertAbs(best, sol.primal().getAsDouble(), 1e-6, "grid minimum");
        assertTrue(sol.primal().getAsDouble() < 1.3, "the second minimum (1.2966) is the global one");
    }

    @Test
    void vectorGoldenValuesOfSection5() {
        Solution l2 = solveLinear(GOLDEN_VECTOR, wd(0.5, 2));
        assertAbs(2.0258403880, l2.primal().getAsDouble(), 1e-9, "WD L=2");
        assertSingularValues(new double[] {2.6816828292, 0.8699979469}, l2.endToEnd().orElseThrow(), "WD L=2");
        Solution l3 = solveLinear(GOLDEN_VECTOR, wd(0.5, 3));
        assertAbs(2.3705427529, l3.primal().getAsDouble(), 1e-9, "WD L=3");
        assertSingularValues(new double[] {2.8281164947, 0.8400988063}, l3.endToEnd().orElseThrow(), "WD L=3");
        assertAbs(1.7212844926, solveLinear(GOLDEN_VECTOR, wd(0.3, 4)).primal().getAsDouble(), 1e-9, "WD L=4");
        Solution tcs = solveLinear(GOLDEN_VECTOR, tc(0.5, 3, 1.0));
        assertAbs(2.4042886018, tcs.primal().getAsDouble(), 1e-9, "TC L=3");
        assertAbs(2.0258403880, tcs.dual().getAsDouble(), 1e-9, "TC L=3 dual");
        assertSingularValues(new double[] {2.6816828292, 0}, tcs.endToEnd().orElseThrow(), "TC L=3");
        assertEquals(1, tcs.neededWidth());
    }

    private static void assertSingularValues(double[] expected, Matrix w, String what) {
        double[] s = Decompositions.singularValues(w);
        for (int i = 0; i < expected.length; i++) {
            assertAbs(expected[i], s[i], 1e-9, what + ": sigma_" + (i + 1));
        }
    }

    @Test
    void weightDecayIsTheBestTcValuePlusTheBudgetCost() {
        // docs/theory.md L3 and section 11.6: P_WD = min_t P_t + (L-2) beta t^2/2, attained at t*
        for (Dataset d : List.of(GOLDEN_SCALAR, GAUSS, GOLDEN_VECTOR)) {
            int depth = 3;
            double beta = 0.4;
            Solution w = solveLinear(d, wd(beta, depth));
            double tStar = w.tStar().getAsDouble();
            double best = Double.POSITIVE_INFINITY;
            double argBest = 0;
            for (int k = 1; k <= 400; k++) {
                double t = 2.5 * tStar * k / 400;
                double v = solveLinear(d, tc(beta, depth, t)).primal().getAsDouble() + 0.5 * (depth - 2) * beta * t * t;
                if (v < best) {
                    best = v;
                    argBest = t;
                }
            }
            double atStar = solveLinear(d, tc(beta, depth, tStar)).primal().getAsDouble()
                    + 0.5 * (depth - 2) * beta * tStar * tStar;
            assertRel(w.primal().getAsDouble(), atStar, 1e-9, d.name() + ": P_t* + budget cost");
            assertTrue(best >= w.primal().getAsDouble() - 1e-12, d.name() + ": a t beats the WD value");
            assertAbs(tStar, argBest, 2.5 * tStar / 400, d.name() + ": argmin over t");
        }
    }

    @Test
    void everyLayerOfAWhitenedVectorSolutionJumpsAtTheThreshold() {
        // section 11.7: a singular value is on iff its target exceeds s*(L, beta); then its amplitude is >= m*
        double[] z = Decompositions.singularValues(GOLDEN_VECTOR.y());
        int depth = 4;
        double betaSwitch = 0;
        for (double beta = 0.01; beta < 3; beta += 0.01) {
            Solution s = solveLinear(GOLDEN_VECTOR, wd(beta, depth));
            int expected = (z[0] > PowerProx.jumpThreshold(depth, beta) ? 1 : 0)
                    + (z[1] > PowerProx.jumpThreshold(depth, beta) ? 1 : 0);
            double[] sigma = Decompositions.singularValues(s.endToEnd().orElseThrow());
            assertEquals(expected, Decompositions.thinSvd(s.endToEnd().get()).rank(1e-9), "rank at beta " + beta);
            for (int i = 0; i < expected; i++) {
                assertTrue(sigma[i] >= PowerProx.jumpAmplitude(depth, beta) * (1 - 1e-12), "amplitude below m*");
            }
            if (expected < 2 && betaSwitch == 0) {
                betaSwitch = beta;
            }
        }
        assertTrue(betaSwitch > 0, "the second singular value never switched off");
    }

    @Test
    void betaZeroOnGeneralVectorDataIsTheMinimumNormFit() {
        Solution s = solveLinear(GENERAL, wd(0.0, 3));
        assertEquals(Status.OPTIMAL, s.status());
        assertTrue(s.certified());
        Matrix ls = Decompositions.pseudoInverseSolve(GENERAL.x(), GENERAL.y(), 1e-12);
        assertEquals(0.0, s.endToEnd().orElseThrow().minus(ls).frobeniusNorm(), 1e-10);
        assertTrue(s.reason().orElse("").contains("minimum-norm"), s.reason().orElse(""));
    }

    @Test
    void generalVectorDataGivesBoundsAroundTheBruteForce() {
        Solution s = solveLinear(GENERAL, wd(0.3, 3));
        assertEquals(Status.BOUNDS, s.status(), s.reason().orElse(""));
        assertFalse(s.certified());
        assertTrue(s.dual().getAsDouble() < s.primal().getAsDouble());
        Solution l2 = solveLinear(GENERAL, wd(0.3, 2));
        assertEquals(Status.OPTIMAL, l2.status(), "L = 2 is convex: the bounds meet");
        assertTrue(l2.certified());
    }

    /**
     * docs/theory.md §4: the scalar WD dual is {@code min_t [D_t + (L−2)βt²/2]}, bounded from below
     * without the primal's search. Here D_t comes from the test's own solution of the TC problem (the
     * secular equation by bisection on the test's SVD) over a fine grid of t: the reported dual never
     * exceeds that minimum, misses it by no more than the grid's resolution, and meets the primal.
     */
    @Test
    void theScalarWdDualIsTheMinimumOverTOfTheTcDual() {
        for (Dataset d : List.of(GOLDEN_SCALAR, GAUSS, WIDE, TWO_MINIMA)) {
            Svd svd = Decompositions.thinSvd(d.x());
            double[] s = svd.s();
            double[] c = svd.u().transposeTimes(d.y().column(0));
            double half = 0.5 * d.y().frobeniusNormSquared();
            for (int depth : new int[] {3, 4, 6}) {
                for (double beta : new double[] {0.01, 0.1, 0.3, 1.0, 3.0}) {
                    double best = half;
                    for (int k = 0; k <= 20_000; k++) {
                        double t = Math.exp(-15 + 25.0 * k / 20_000);
                        double gamma = beta * Math.pow(t, -(depth - 2));
                        best = Math.min(best, tcValue(s, c, half, gamma) + 0.5 * (depth - 2) * beta * t * t);
                    }
                    Solution sol = solveLinear(d, wd(beta, depth));
                    String where = d.name() + " L=" + depth + " beta=" + beta;
                    double dual = sol.dual().getAsDouble();
                    assertTrue(dual <= best + 1e-12 * Math.max(1, best), where + ": dual " + dual + " above " + best);
                    assertRel(best, dual, 1e-6, where + ": dual against the grid");
                    assertTrue(sol.certified(), where + ": " + sol.reason().orElse(""));
                }
            }
        }
    }

    /** min_w ½‖Xw − y‖² + γ‖w‖₂ on the SVD (s, c = Uᵀy): w = 0 past ‖s∘c‖, else μ‖a(μ)‖ = γ by bisection. */
    private static double tcValue(double[] s, double[] c, double half, double gamma) {
        double xty = 0;
        double reach = 0;
        for (int i = 0; i < s.length; i++) {
            xty += s[i] * c[i] * s[i] * c[i];
            reach += c[i] * c[i];
        }
        if (gamma >= Math.sqrt(xty)) {
            return half;
        }
        double lo = -80;
        double hi = 80;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            double mu = Math.exp(mid);
            double n = 0;
            for (int i = 0; i < s.length; i++) {
                double a = s[i] * c[i] / (s[i] * s[i] + mu);
                n += a * a;
            }
            if (mu * Math.sqrt(n) > gamma) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double mu = Math.exp(0.5 * (lo + hi));
        double loss = half - 0.5 * reach;
        double n = 0;
        for (int i = 0; i < s.length; i++) {
            double a = s[i] * c[i] / (s[i] * s[i] + mu);
            n += a * a;
            double e = c[i] * mu / (s[i] * s[i] + mu);
            loss += 0.5 * e * e;
        }
        return loss + gamma * Math.sqrt(n);
    }

    /**
     * Reasons are computed from the cell: a whitened cell with a positive gap names the rank of the
     * nuclear-norm solution (here from the test's own soft thresholding of σ(UᵀY)) and of the primal, so a
     * rank-one primal is never said to have rank ≥ 2; a general-X cell whose bounds do not meet says
     * "primal not shown optimal" with the rank of the network it returns.
     */
    @Test
    void reasonsSayWhatTheCellShows() {
        double[] z = Decompositions.singularValues(GOLDEN_VECTOR.y());
        for (Problem p : List.of(tc(0.5, 3, 1.0), wd(0.5, 3), tc(0.3, 4, 1.0), tc(2.0, 3, 1.0))) {
            Solution s = solveLinear(GOLDEN_VECTOR, p);
            int primalRank = s.neededWidth();
            String reason = s.reason().orElse("");
            assertFalse(reason.contains("when the solution has rank"), reason);
            if (p.objective() == Objective.TC && !s.certified()) {
                int nuclear = 0;
                for (double zi : z) {
                    nuclear += zi > p.beta() * Math.pow(p.tValue(), -(p.depth() - 2)) ? 1 : 0;
                }
                assertTrue(nuclear >= 2, p + ": a positive gap needs a nuclear-norm solution of rank >= 2");
                assertTrue(reason.startsWith("positive duality gap of the standard architecture"), reason);
                assertTrue(reason.contains("here " + nuclear + ";") && reason.contains("(rank " + primalRank + ")"),
                        p + ": " + reason);
            }
        }
        Solution rankOne = solveLinear(GOLDEN_VECTOR, tc(0.5, 3, 1.0));
        assertEquals(1, rankOne.neededWidth(), "docs/theory.md §5: the quasi-norm drops the second direction");
        assertTrue(rankOne.reason().orElseThrow().contains("(rank 1)"), rankOne.reason().orElseThrow());
        Solution bounds = solveLinear(GENERAL, wd(0.3, 3));
        assertEquals(Status.BOUNDS, bounds.status());
        String reason = bounds.reason().orElseThrow();
        assertTrue(reason.startsWith("primal not shown optimal: bounds gap "), reason);
        assertTrue(reason.contains("(rank " + bounds.neededWidth() + ")"), reason);
    }

    @Test
    void preparationFindsRankAndWhitening() {
        PreparedLinearData deficient = PreparedLinearData.of(DEFICIENT);
        assertEquals(3, deficient.rank());
        assertFalse(deficient.whitened());
        assertTrue(PreparedLinearData.of(WHITENED).whitened());
        assertTrue(PreparedLinearData.of(GOLDEN_VECTOR).whitened());
        assertFalse(PreparedLinearData.of(GAUSS).whitened());
        PreparedLinearData g = PreparedLinearData.of(GAUSS);
        Matrix back = Decompositions.scaleColumns(g.u(), g.singularValues()).times(g.v().transpose());
        assertEquals(0.0, back.minus(GAUSS.x()).frobeniusNorm(), 1e-12);
    }

    /**
     * The per-data-set directions of the whitened closed form: X (V U_Z) = c U U_Z (X = c U Vᵀ on its
     * row space), (V U_Z)ᵀ(V U_Z) = I, and Uᵀ(U U_Z) = U_Z; the end-to-end map built from them has
     * XW* = U U_Z diag(c·σ) V_Zᵀ. Not kept for general X.
     */
    @Test
    void whitenedVectorDirectionsAreFormedOncePerDataSet() {
        PreparedLinearData d = PreparedLinearData.of(WHITENED);
        double c = d.singularValues()[0];
        Matrix in = d.inputDirections();
        Matrix sample = d.sampleDirections();
        Matrix uz = d.projectedTargetSvd().u();
        assertEquals(0.0, WHITENED.x().times(in).minus(sample.scale(c)).maxAbs(), 1e-12);
        assertEquals(0.0, in.transposeTimes(in).minus(Matrix.identity(in.cols())).maxAbs(), 1e-12);
        assertEquals(0.0, d.u().transposeTimes(sample).minus(uz).maxAbs(), 1e-12);
        Solution s = solveLinear(WHITENED, wd(0.05, 3));
        Matrix fit = WHITENED.x().times(s.endToEnd().orElseThrow());
        Matrix zs = d.projectedTargetSvd().v();
        Matrix product = s.network().orElseThrow().forward(WHITENED.x());
        assertEquals(0.0, product.minus(fit).maxAbs(), 1e-12, "the layers multiply to W*");
        // XW* lies in span(U U_Z) on the left and span(V_Z) on the right
        Matrix projected = sample.times(sample.transposeTimes(fit)).times(zs).times(zs.transpose());
        assertEquals(0.0, projected.minus(fit).maxAbs(), 1e-12);
        assertThrows(IllegalStateException.class, () -> PreparedLinearData.of(GAUSS).inputDirections());
        assertThrows(IllegalStateException.class, () -> PreparedLinearData.of(GENERAL).sampleDirections());
    }

    @Test
    void aProblemOfAnotherSettingIsRefused() {
        PreparedLinearData d = PreparedLinearData.of(GAUSS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeepLinearSolver().solve(d, Problem.wd(Setting.RELU_WHITENED, 0.1, 3)));
        assertTrue(e.getMessage().contains("setting"), e.getMessage());
    }

    @Test
    void valuesOnlyModeGivesTheSameNumbers() {
        for (Case c : cases()) {
            PreparedLinearData d = PreparedLinearData.of(c.data());
            Solution full = new DeepLinearSolver(Reconstruction.WEIGHTS).solve(d, c.problem());
            Solution lean = new DeepLinearSolver(Reconstruction.CERTIFICATE_ONLY).solve(d, c.problem());
            assertEquals(full.primal(), lean.primal(), c.toString());
            assertEquals(full.dual(), lean.dual(), c.toString());
            assertEquals(full.neededWidth(), lean.neededWidth(), c.toString());
            assertTrue(lean.network().isEmpty() && lean.dualVariable().isEmpty());
        }
    }
}

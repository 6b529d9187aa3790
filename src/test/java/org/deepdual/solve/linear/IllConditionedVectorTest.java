package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.junit.jupiter.api.Test;

/**
 * General X with vector output where X is as ill-conditioned as centred Fashion-MNIST (κ(X) ≈ 1.4e4,
 * κ(XᵀX) ≈ 2e8): proximal steps of 1/s_1² alone need ~10⁸ iterations there, and 100,000 left the
 * nuclear-norm bound unconverged. With the reweighted least-squares steps ({@link ReweightedFit}) the
 * convex cells (L = 2) must be certified in a few thousand iterations at most, and every certificate
 * is checked here against the raw X and Y: the primal is the forward objective of the returned network,
 * the dual is the dual objective at the returned Λ, which is feasible (‖XᵀΛ‖₂ ≤ γ), and no independent
 * search of the factored network goes below the primal.
 */
class IllConditionedVectorTest {
    private static final double CONDITION = 1.4e4;
    private static final int N = 80;
    private static final int D = 10;
    private static final int K = 3;
    /** Far below the 4·10⁵ per cell that the proximal steps alone were allowed. */
    private static final int ITERATIONS_PER_CELL = 5_000;

    /** X = Q₁ diag(σ) Q₂ᵀ with σ log-spaced from 1 down to 1/CONDITION, Y = X·B + noise. */
    static Dataset illConditioned(long seed) {
        return illConditioned(seed, N, D, K);
    }

    static Dataset illConditioned(long seed, int n, int d, int k) {
        Random rnd = new Random(seed);
        Matrix q1 = Decompositions.thinSvd(gaussian(rnd, n, d)).u();
        Matrix q2 = Decompositions.thinSvd(gaussian(rnd, d, d)).u();
        double[] sigma = new double[d];
        for (int i = 0; i < d; i++) {
            sigma[i] = 30 * Math.pow(CONDITION, -i / (d - 1.0));
        }
        Matrix x = Decompositions.scaleColumns(q1, sigma).times(q2.transpose());
        Matrix y = x.times(gaussian(rnd, d, k).scale(5)).plus(gaussian(rnd, n, k).scale(0.2));
        return new Dataset("ill-conditioned", x, y, Optional.empty(), "ill-conditioned-" + seed);
    }

    /**
     * Regression (the β = 0.203 cell of the full FMNIST TC L = 2 path, reproduced small): on this path the
     * cell at β ≈ 0.130 has a full-rank optimum, where the dual at the scaled residual is decided by the
     * directions of the smallest s_i. The objective there is flat to rounding, and the reweighted steps
     * used to stop at the first rounding-level increase, leaving FISTA (1/s_1² per step) 100,000
     * iterations short of the 1e-10 gap: FAILED. Every cell of the 40-β path must now be certified.
     */
    @Test
    void aFortyBetaNuclearNormPathIsCertifiedThroughout() {
        Dataset data = illConditioned(2L, 200, 30, 8);
        DeepLinearSolver solver = new DeepLinearSolver();
        PreparedLinearData prepared = solver.prepare(data);
        double xty = Decompositions.singularValues(data.x().transposeTimes(data.y()))[0];
        List<Problem> path = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            path.add(Problem.tc(Setting.LINEAR, xty * Math.pow(10, -5 + 5.0 * i / 39), 2, 1.0));
        }
        for (Solution cell : solver.solvePath(prepared, path)) {
            String where = "beta=" + cell.problem().beta() + ": " + cell.reason().orElse("");
            assertEquals(Status.OPTIMAL, cell.status(), where);
            assertTrue(cell.certified(), where);
            checkCertificate(data, cell, cell.problem().beta(), where);
        }
    }

    @Test
    void convexCellsAreCertifiedAndTheirCertificatesHoldOnTheRawData() {
        Dataset data = illConditioned(11L);
        double[] s = Decompositions.singularValues(data.x());
        assertTrue(s[0] / s[D - 1] > 0.9 * CONDITION, "the instance is as ill-conditioned as intended");
        DeepLinearSolver solver = new DeepLinearSolver();
        PreparedLinearData prepared = solver.prepare(data);
        double xty = Decompositions.singularValues(data.x().transposeTimes(data.y()))[0];
        for (Objective objective : List.of(Objective.WD, Objective.TC)) {
            List<Problem> path = new ArrayList<>();
            for (double f : new double[] {1e-4, 1e-3, 1e-2, 0.1, 0.5}) {
                path.add(objective == Objective.WD ? Problem.wd(Setting.LINEAR, f * xty, 2)
                        : Problem.tc(Setting.LINEAR, f * xty, 2, 1.0));
            }
            for (Solution cell : solver.solvePath(prepared, path)) {
                String where = objective + " beta=" + cell.problem().beta() + ": " + cell.reason().orElse("");
                assertEquals(Status.OPTIMAL, cell.status(), where);
                assertTrue(cell.certified(), where);
                assertTrue(cell.iterations() <= ITERATIONS_PER_CELL, cell.iterations() + " iterations: " + where);
                checkCertificate(data, cell, cell.problem().beta(), where);
            }
        }
    }

    @Test
    void deeperCellsStayBoundedByAnIndependentSearch() {
        Dataset data = illConditioned(12L);
        DeepLinearSolver solver = new DeepLinearSolver();
        PreparedLinearData prepared = solver.prepare(data);
        double xty = Decompositions.singularValues(data.x().transposeTimes(data.y()))[0];
        for (Problem p : List.of(Problem.wd(Setting.LINEAR, 0.05 * xty, 3), Problem.tc(Setting.LINEAR, 0.05 * xty, 4,
                1.0))) {
            Solution cell = solver.solvePath(prepared, List.of(p)).get(0);
            String where = p.objective() + " L=" + p.depth() + ": " + cell.status() + " " + cell.reason().orElse("");
            assertTrue(cell.status() != Status.FAILED, where);
            double primal = cell.primal().getAsDouble();
            ForwardObjective f = ForwardObjective.evaluate(cell.network().orElseThrow(), data.x(), data.y(), p);
            assertEquals(primal, f.value(), 1e-8 * Math.max(1, primal), "forward objective: " + where);
            FactoredLocalSearch search = new FactoredLocalSearch(data.x(), data.y(), p);
            double best = search.minimize(search.starts(4, 5L), 2000).best();
            assertTrue(primal - best <= 1e-6 * Math.max(1, Math.abs(best)), "primal " + primal
                    + " above the independent search's " + best + ": " + where);
            assertTrue(cell.dual().getAsDouble() <= best + 1e-9 * Math.max(1, best), "dual above a reached value: "
                    + where);
        }
    }

    /** primal = forward objective; dual = ½‖Y‖² − ½‖Λ − Y‖² at the returned Λ, with ‖XᵀΛ‖₂ ≤ γ. */
    private static void checkCertificate(Dataset data, Solution cell, double gamma, String where) {
        double primal = cell.primal().getAsDouble();
        double dual = cell.dual().getAsDouble();
        double scale = Math.max(1, primal);
        ForwardObjective f = ForwardObjective.evaluate(cell.network().orElseThrow(), data.x(), data.y(),
                cell.problem());
        assertEquals(primal, f.value(), 1e-9 * scale, "forward objective: " + where);
        Matrix lambda = cell.dualVariable().orElseThrow();
        double norm = Decompositions.singularValues(data.x().transposeTimes(lambda))[0];
        assertTrue(norm <= gamma * (1 + 1e-9), "dual variable infeasible: ||X^T Lambda|| = " + norm + " > " + gamma
                + ": " + where);
        double recomputed = 0.5 * data.y().frobeniusNormSquared() - 0.5 * lambda.minus(data.y()).frobeniusNormSquared();
        assertEquals(dual, recomputed, 1e-9 * scale, "dual objective at Lambda: " + where);
        assertTrue(dual <= primal + 1e-9 * scale && primal - dual <= DeepLinearSolver.ITERATIVE_GAP_RTOL * scale,
                "gap " + (primal - dual) + ": " + where);
    }

    private static Matrix gaussian(Random rnd, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }
}

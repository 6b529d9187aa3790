package org.deepdual.solve.spline;

import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The active-set (feature-sign) ramp Lasso of docs/theory.md §7.2 against the coordinate-descent solve,
 * and near interpolation (β ≤ 3e-4 on 200 points, where the support has 100–190 ramps, some at knots
 * 10⁻⁶ apart) against independent checks of the certificate.
 */
class RampLassoTest {
    private static double[][] data(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -2 + 4 * r.nextDouble();
            y[i] = Math.sin(2 * x[i]) + 0.5 * Math.abs(x[i]) + 0.3 * r.nextGaussian();
        }
        return new double[][] {x, y};
    }

    @Test
    void activeSetReachesTheCoordinateDescentValues() {
        for (long seed = 1; seed <= 3; seed++) {
            double[][] xy = data(40, seed);
            RampLasso lasso = new RampLasso(xy[0], xy[1]);
            for (double beta : new double[] {3.0, 0.5, 0.1, 0.02, 0.003}) {
                RampLasso.Result old = lasso.solve(beta);
                RampLasso.Result fast = lasso.solveActiveSet(beta, new double[lasso.size()]);
                assertTrue(fast.exact() && fast.relativeGap() <= RampLasso.EXACT_GAP, "seed " + seed + " beta " + beta
                        + ": gap " + fast.relativeGap());
                double tol = 1e-8 * Math.max(1, old.primal());
                if (old.exact() && old.relativeGap() <= RampLasso.EXACT_GAP) {
                    assertEquals(old.primal(), fast.primal(), tol, "seed " + seed + " beta " + beta);
                } else {
                    // coordinate descent stopped at gap 1e-6: the exact solve may only be lower
                    assertTrue(fast.primal() <= old.primal() + tol, "seed " + seed + " beta " + beta);
                    assertTrue(fast.primal() >= old.dual() - tol, "seed " + seed + " beta " + beta);
                }
            }
        }
    }

    @Test
    void warmStartedPathEqualsColdSolves() {
        double[][] xy = data(200, 7);
        Dataset d = new Dataset("ramp-200", Matrix.column(xy[0]), Matrix.column(xy[1]), java.util.Optional.empty(),
                "ramp-200");
        OneDimensionalSplineSolver solver = new OneDimensionalSplineSolver();
        OneDimensionalSplineSolver.Prepared prepared = solver.prepare(d);
        List<Problem> path = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            path.add(Problem.wd(Setting.RELU_1D, 10 * Math.pow(10, -3.5 * i / 24), 2));
        }
        List<Solution> warm = solver.solvePath(prepared, path);
        for (int i = 0; i < path.size(); i++) {
            Solution cold = solver.solve(prepared, path.get(i));
            double reference = cold.primal().getAsDouble();
            assertTrue(warm.get(i).certified() && cold.certified(), "cell " + i);
            // both values lie between the optimum and the optimum plus their own gap
            double tol = Math.max(cold.gap().getAsDouble(), warm.get(i).gap().getAsDouble()) + 1e-12 * reference;
            assertTrue(tol <= 1e-8 * Math.max(1, reference), "cell " + i + ": gap " + tol);
            assertEquals(reference, warm.get(i).primal().getAsDouble(), tol, "cell " + i);
        }
    }

    private static Dataset oneD200() {
        // the benchmark's data set one-d-200: x uniform on [−1, 1), two of them 1.1e-6 apart
        return DatasetFactory.build(DatasetSpec.builder("one-d-200", "one-d").n(200).outputs(1).seed(4).build());
    }

    private static Dataset smooth200() {
        double[][] xy = data(200, 7);
        return new Dataset("ramp-200", Matrix.column(xy[0]), Matrix.column(xy[1]), java.util.Optional.empty(),
                "ramp-200");
    }

    /**
     * Small β: certified with zero gap, and the certificate re-checked from the solution alone: λ sums
     * to zero, |λᵀ(x − κ)₊| and |λᵀ(κ − x)₊| ≤ β at every data point κ, the dual value is
     * ½‖y‖² − ½‖λ − y‖², the primal is the network's objective by a hand-written forward pass, and it
     * equals the convex (Lasso) value.
     */
    @Test
    void smallBetaCellsAreCertifiedWithZeroGap() {
        OneDimensionalSplineSolver solver = new OneDimensionalSplineSolver();
        for (Dataset d : List.of(oneD200(), smooth200())) {
            OneDimensionalSplineSolver.Prepared prepared = solver.prepare(d);
            double[] x = d.x().column(0);
            double[] y = d.y().column(0);
            RampLasso lasso = new RampLasso(x, y);
            for (double beta : new double[] {3e-4, 1e-4, 1e-5}) {
                String what = d.name() + " beta " + beta;
                Solution s = solver.solve(prepared, Problem.wd(Setting.RELU_1D, beta, 2));
                double primal = s.primal().getAsDouble();
                double scale = Math.max(1, Math.abs(primal));
                assertEquals(Status.OPTIMAL, s.status(), what + ": " + s.reason().orElse(""));
                assertTrue(s.certified(), what);
                assertTrue(s.gap().getAsDouble() <= 1e-9 * scale, what + ": gap " + s.gap().getAsDouble());

                double[] lambda = s.dualVariable().orElseThrow().column(0);
                double sum = 0;
                double abs = 0;
                for (double v : lambda) {
                    sum += v;
                    abs += Math.abs(v);
                }
                assertEquals(0.0, sum, 1e-12 * abs, what + ": λᵀ1");
                double worst = OneDimensionalSplineSolverTest.maxRampCorrelation(x, lambda);
                assertTrue(worst <= beta * (1 + 1e-9), what + ": max |λᵀramp| / β = " + worst / beta);
                double dual = 0;
                for (int i = 0; i < y.length; i++) {
                    dual += 0.5 * y[i] * y[i] - 0.5 * (lambda[i] - y[i]) * (lambda[i] - y[i]);
                }
                assertEquals(dual, s.dual().getAsDouble(), 1e-12 * scale, what + ": dual value");
                assertTrue(primal - dual <= 1e-9 * scale, what + ": primal " + primal + " dual " + dual);

                assertEquals(forwardObjective(s.network().orElseThrow(), x, y, beta), primal, 1e-12 * scale,
                        what + ": forward objective");
                RampLasso.Result convex = lasso.solveActiveSet(beta, new double[lasso.size()]);
                assertEquals(convex.primal(), primal, 1e-9 * scale, what + ": network vs convex value");
            }
        }
    }

    /** ½Σ(f(x_i) − y_i)² + (β/2)(‖W1‖² + ‖W2‖²) for f(x) = Σ_h w2_h relu(w1_h x + b_h) + b_out. */
    private static double forwardObjective(Network net, double[] x, double[] y, double beta) {
        Matrix w1 = net.weights().get(0);
        Matrix w2 = net.weights().get(1);
        double[] b = net.hiddenBiases().get(0);
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double f = net.outputBias()[0];
            for (int h = 0; h < w2.rows(); h++) {
                f += w2.get(h, 0) * Math.max(w1.get(0, h) * x[i] + b[h], 0);
            }
            loss += 0.5 * (f - y[i]) * (f - y[i]);
        }
        double penalty = 0;
        for (int h = 0; h < w2.rows(); h++) {
            penalty += w1.get(0, h) * w1.get(0, h) + w2.get(h, 0) * w2.get(h, 0);
        }
        return loss + 0.5 * beta * penalty;
    }

    @Test
    void warmPathEqualsColdSolvesNearInterpolation() {
        Dataset d = oneD200();
        OneDimensionalSplineSolver solver = new OneDimensionalSplineSolver();
        OneDimensionalSplineSolver.Prepared prepared = solver.prepare(d);
        List<Problem> path = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            path.add(Problem.wd(Setting.RELU_1D, 10 * Math.pow(10, -6.0 * i / 29), 2));
        }
        List<Solution> warm = solver.solvePath(prepared, path);
        for (int i = 0; i < path.size(); i++) {
            Solution cold = solver.solve(prepared, path.get(i));
            double reference = cold.primal().getAsDouble();
            double scale = Math.max(1, reference);
            String what = "beta " + path.get(i).beta();
            assertTrue(warm.get(i).certified() && cold.certified(), what);
            assertTrue(cold.gap().getAsDouble() <= 1e-9 * scale, what + ": cold gap " + cold.gap().getAsDouble());
            assertTrue(warm.get(i).gap().getAsDouble() <= 1e-9 * scale, what + ": warm gap "
                    + warm.get(i).gap().getAsDouble());
            double tol = Math.max(cold.gap().getAsDouble(), warm.get(i).gap().getAsDouble()) + 1e-12 * scale;
            assertEquals(reference, warm.get(i).primal().getAsDouble(), tol, what);
        }
    }

    /**
     * On the data l̃_k = r̃_k − r̃_0, so a start with r_0, r_k, l_k (and r_i, l_i, r_k, l_k) is a
     * linearly dependent support: the solve drops what closes a cycle and reaches the cold optimum.
     */
    @Test
    void aDependentWarmStartReachesTheColdOptimum() {
        double[][] xy = data(60, 11);
        RampLasso lasso = new RampLasso(xy[0], xy[1]);
        int left = lasso.rightCount - 1;
        for (double beta : new double[] {1e-1, 1e-3, 1e-5}) {
            double[] start = new double[lasso.size()];
            start[0] = 1.0;
            start[5] = 2.0;
            start[left + 5] = -1.0;
            start[9] = 0.5;
            start[left + 9] = 0.5;
            start[20] = -3.0;
            RampLasso.Result warm = lasso.solveActiveSet(beta, start);
            RampLasso.Result cold = lasso.solveActiveSet(beta, new double[lasso.size()]);
            assertTrue(warm.exact() && warm.relativeGap() <= RampLasso.EXACT_GAP, "beta " + beta + ": gap "
                    + warm.relativeGap());
            assertTrue(cold.exact() && cold.relativeGap() <= RampLasso.EXACT_GAP, "beta " + beta);
            assertEquals(cold.primal(), warm.primal(), 1e-9 * Math.max(1, cold.primal()), "beta " + beta);
        }
    }
}

package org.deepdual.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The active-set (feature-sign) ramp Lasso of math.md section 7.2 against the coordinate-descent solve. */
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
}

package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.junit.jupiter.api.Test;

/**
 * A general-vector β path asked for again (another seed of a sweep) is taken from {@link SolvedPaths}:
 * every cell must be what a solve from scratch gives — on data prepared afresh, so nothing is remembered —
 * bit for bit, bound to its own problem (seed included); and on a seeded path each cell's status must be
 * the one its certified gap decides (OPTIMAL and certified exactly when primal and dual meet within
 * {@link DeepLinearSolver#ITERATIVE_GAP_RTOL}), with the primal the forward objective of its network.
 */
class SolvedPathsTest {
    private static final int BETAS = 30;

    private static Dataset data() {
        Random rnd = new Random(1907);
        int n = 40;
        int d = 8;
        int k = 3;
        Matrix x = gaussian(rnd, n, d);
        Matrix y = x.times(gaussian(rnd, d, k).scale(1 / Math.sqrt(d))).plus(gaussian(rnd, n, k).scale(0.3));
        return new Dataset("reuse 40x8 K=3", x, y, Optional.empty(), "reuse");
    }

    private static Matrix gaussian(Random rnd, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    private static List<Problem> path(Problem base, long seed) {
        List<Problem> out = new ArrayList<>();
        for (int j = 0; j < BETAS; j++) {
            out.add(base.withBeta(1e-3 * Math.pow(1e5, j / (BETAS - 1.0))).withSeed(seed));
        }
        return out;
    }

    @Test
    void anotherSeedOfAPathIsTheSameSolveBoundToItsOwnProblems() {
        Dataset data = data();
        DeepLinearSolver solver = new DeepLinearSolver();
        PreparedLinearData prepared = solver.prepare(data);
        for (Problem base : List.of(Problem.tc(Setting.LINEAR, 1.0, 4, 1.0), Problem.wd(Setting.LINEAR, 1.0, 3),
                Problem.tc(Setting.LINEAR, 1.0, 2, 0.5))) {
            List<Solution> first = solver.solvePath(prepared, path(base, 0));
            List<Solution> again = solver.solvePath(prepared, path(base, 5));
            List<Solution> fresh = new DeepLinearSolver().solvePath(PreparedLinearData.of(data), path(base, 5));
            for (int j = 0; j < BETAS; j++) {
                String where = base.objective() + " L=" + base.depth() + " beta #" + j;
                assertEquals(path(base, 5).get(j), again.get(j).problem(), "bound to its own problem: " + where);
                for (Solution s : List.of(first.get(j), again.get(j))) {
                    Solution f = fresh.get(j);
                    assertEquals(f.status(), s.status(), where);
                    assertEquals(f.certified(), s.certified(), where);
                    assertEquals(f.primal(), s.primal(), where);
                    assertEquals(f.dual(), s.dual(), where);
                    assertEquals(f.iterations(), s.iterations(), where);
                    assertEquals(f.reason(), s.reason(), where);
                    List<Matrix> fw = f.network().orElseThrow().weights();
                    List<Matrix> sw = s.network().orElseThrow().weights();
                    assertEquals(fw.size(), sw.size(), where);
                    for (int l = 0; l < fw.size(); l++) {
                        assertEquals(0.0, fw.get(l).minus(sw.get(l)).maxAbs(), "layer " + l + ": " + where);
                    }
                }
                statusIsDecidedByTheCertifiedGap(data, fresh.get(j), where);
            }
        }
    }

    /** The status rule of docs/theory.md §5 and the primal of a real network, by the test's own arithmetic. */
    private static void statusIsDecidedByTheCertifiedGap(Dataset data, Solution s, String where) {
        assertTrue(s.status() != Status.FAILED, where + ": " + s.reason().orElse(""));
        double primal = s.primal().getAsDouble();
        double dual = s.dual().getAsDouble();
        double scale = Math.max(1, Math.abs(primal));
        boolean meet = Math.abs(primal - dual) <= 1e-6 * scale;
        assertEquals(meet ? Status.OPTIMAL : Status.BOUNDS, s.status(), where);
        assertEquals(meet, s.certified(), where);
        assertTrue(dual <= primal + 1e-6 * scale, "weak duality: " + where);
        ForwardObjective f = ForwardObjective.evaluate(s.network().orElseThrow(), data.x(), data.y(), s.problem());
        assertEquals(primal, f.value(), 1e-8 * scale, "forward objective: " + where);
    }
}

package org.deepdual.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.deepdual.data.Dataset;
import org.deepdual.data.PlantedReluData;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.ChainObjective;
import org.deepdual.solve.Lbfgs;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bounds you can trust for relu2 with sampled patterns (d > 2), on seeded random instances solved
 * the way a sweep solves them ({@link BaselineSeeding#solvePath} with the default seed): every cell's
 * primal is the objective of its returned network, no worse than the zero network and no worse than
 * an independent local search written here (plain L-BFGS on the two-layer network from the zero
 * network, the least-squares fit as a ReLU pair and random networks, 2,000 iterations each); a
 * reported dual stays below the best network that search reaches; primals are nondecreasing in β.
 */
class Relu2PathPropertyTest {
    static final int INSTANCES = 40;
    static final int BETAS = 4;
    static final int RANDOM_STARTS = 3;
    static final int ITERATIONS = 2000;
    /** Relative margin by which the independent search may beat a cell's primal. */
    static final double MARGIN = 1e-6;

    record Instance(String name, Dataset data, List<Problem> path) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Instance> instances(int count, long seed) {
        Random rnd = new Random(seed);
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 12 + rnd.nextInt(70);
            int d = 3 + rnd.nextInt(8);
            Dataset data;
            if (i % 2 == 0) {
                data = PlantedReluData.generate(n, d, seed + i);
            } else {
                Matrix x = gaussian(rnd, n, d);
                Matrix y = gaussian(rnd, n, 1);
                String name = "gaussian-" + i + " " + n + "x" + d;
                data = new org.deepdual.data.Dataset(name, x, y, Optional.empty(), name);
            }
            int patterns = 20 + rnd.nextInt(200);
            // β from 1e-3 to 3 times ‖Xᵀy‖, past which the zero network is optimal
            double top = 3 * data.x().transposeTimes(data.y()).frobeniusNorm();
            List<Problem> path = new ArrayList<>();
            for (int j = 0; j < BETAS; j++) {
                double beta = top * Math.pow(1e-3, (BETAS - 1.0 - j) / (BETAS - 1.0));
                path.add(Problem.wd(Setting.RELU2, beta, 2).withPatterns(patterns).withSeed(seed + 7 * i));
            }
            out.add(new Instance(data.name() + " P=" + patterns, data, path));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCellIsNoWorseThanAnIndependentLocalSearch() {
        return instances(INSTANCES, 20261207L).stream().map(inst -> DynamicTest.dynamicTest(inst.toString(),
                () -> check(inst)));
    }

    static void check(Instance inst) {
        Dataset data = inst.data();
        PreparedData prepared = Solvers.prepare(Setting.RELU2, data);
        List<Solution> cells = BaselineSeeding.solvePath(prepared, inst.path(), Relu2Seed.DEFAULT);
        double zero = 0.5 * data.y().frobeniusNormSquared();
        double previous = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cells.size(); c++) {
            Solution s = cells.get(c);
            Problem problem = inst.path().get(c);
            String where = inst + " beta=" + problem.beta();
            assertNotEquals(Status.FAILED, s.status(), where + ": " + s.reason().orElse(""));
            double primal = s.primal().getAsDouble();
            assertEquals(ForwardObjective.evaluate(s.network().get(), data.x(), data.y(), problem).value(), primal,
                    1e-9 * Math.max(1, primal), where + ": primal is the objective of the returned network");
            assertTrue(primal <= zero * (1 + 1e-12), where + ": primal " + primal + " above the zero network " + zero);
            assertTrue(primal >= previous - 1e-9 * Math.max(1, primal), where + ": primal " + primal
                    + " below the previous cell's " + previous);
            previous = primal;
            double searched = localSearch(data, problem, Math.max(s.neededWidth(), 2 * data.d() + 2));
            assertTrue(primal <= searched + MARGIN * Math.max(1, searched), where + ": primal " + primal
                    + " above the independent search's " + searched + " (relative "
                    + (primal - searched) / Math.max(1, searched) + "); " + s.reason().orElse(""));
            if (s.dual().isPresent()) {
                assertTrue(s.dual().getAsDouble() <= searched + 1e-9 * Math.max(1, searched), where + ": dual "
                        + s.dual().getAsDouble() + " above a network the search reached, " + searched);
            }
        }
    }

    /**
     * The best value of plain L-BFGS on the two-layer ReLU network of {@code width} neurons from the
     * zero network, the least-squares fit written as relu(Xw) − relu(−Xw), and random networks.
     */
    static double localSearch(Dataset data, Problem problem, int width) {
        ChainObjective f = new ChainObjective(data.x(), data.y(), Activation.RELU, problem, width);
        int d = data.d();
        List<double[]> starts = new ArrayList<>();
        starts.add(new double[f.dimension()]);
        starts.add(leastSquaresPair(data, width, f.dimension()));
        Random r = new Random(problem.seed() * 131 + width);
        for (int s = 0; s < RANDOM_STARTS; s++) {
            double[] x0 = new double[f.dimension()];
            for (int i = 0; i < x0.length; i++) {
                x0[i] = (0.3 + 0.3 * s) * r.nextGaussian() / Math.sqrt(d);
            }
            starts.add(x0);
        }
        double best = Double.POSITIVE_INFINITY;
        for (double[] x0 : starts) {
            best = Math.min(best, Lbfgs.minimize(f::valueAndGradient, x0, ITERATIONS));
        }
        return best;
    }

    /** Parameters (W1 column-major d × width, then w2) of relu(Xw)·a − relu(−Xw)·a, w = X⁺y, balanced. */
    private static double[] leastSquaresPair(Dataset data, int width, int dimension) {
        int d = data.d();
        double[] w = Decompositions.pseudoInverseSolve(data.x(), data.y(), 1e-12).column(0);
        double norm = 0;
        for (double v : w) {
            norm += v * v;
        }
        double scale = Math.sqrt(Math.sqrt(norm));
        double[] p = new double[dimension];
        if (scale == 0) {
            return p;
        }
        for (int j = 0; j < d; j++) {
            p[j] = w[j] / scale;
            p[d + j] = -w[j] / scale;
        }
        p[d * width] = scale;
        p[d * width + 1] = -scale;
        return p;
    }

    private static Matrix gaussian(Random rnd, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return Matrix.ofRows(a);
    }
}

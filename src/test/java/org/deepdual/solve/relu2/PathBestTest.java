package org.deepdual.solve.relu2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.data.PlantedReluData;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.junit.jupiter.api.Test;

/** A path's cells take the best network of the path at their β and the best proven dual of smaller β. */
class PathBestTest {
    private static final Dataset DATA = PlantedReluData.generate(40, 5, 11);

    @Test
    void aBetterSeedNetworkReplacesTheCellsAndTheValueIsItsForwardObjective() {
        Problem problem = Problem.wd(Setting.RELU2, 0.05, 2).withPatterns(30);
        Network planted = leastSquaresPair();
        Network worse = Network.chain(Activation.RELU, List.of(Matrix.ofColumnMajor(5, 1, new double[5]),
                Matrix.ofColumnMajor(1, 1, new double[1])));
        double zero = ForwardObjective.evaluate(worse, DATA.x(), DATA.y(), problem).value();
        Solution cell = Solution.builder(problem).status(Status.BOUNDS).primal(zero).dual(1.0).network(worse)
                .neededWidth(1).reason("own").build();
        // a seed network far from balanced: the path balances it before comparing
        Network seed = unbalanced(planted);
        double seedValue = ForwardObjective.evaluate(PathBest.balanced(seed), DATA.x(), DATA.y(), problem).value();
        assertTrue(seedValue < ForwardObjective.evaluate(seed, DATA.x(), DATA.y(), problem).value(),
                "balancing lowers the penalty");
        assertTrue(seedValue < zero, "the planted test needs a seed better than the zero network");

        Solution out = PathBest.apply(DATA, List.of(cell), List.of(List.of(seed))).get(0);
        assertEquals(seedValue, out.primal().getAsDouble(), 0.0);
        assertEquals(out.primal().getAsDouble(),
                ForwardObjective.evaluate(out.network().get(), DATA.x(), DATA.y(), problem).value(), 0.0);
        assertEquals(seed.forward(DATA.x()).column(0)[7], out.network().get().forward(DATA.x()).column(0)[7],
                1e-12, "balancing keeps the function");
        assertTrue(out.reason().get().startsWith("own; primal from a seed network"), out.reason().get());
        assertEquals(1.0, out.dual().getAsDouble(), 0.0);

        // with a requested width below the seed's neurons the seed cannot serve: the cell keeps its own network
        Solution narrow = Solution.builder(problem.withWidth(1)).status(Status.BOUNDS).primal(zero).dual(1.0)
                .network(worse).neededWidth(1).build();
        Solution kept = PathBest.apply(DATA, List.of(narrow), List.of(List.of(seed))).get(0);
        assertSame(narrow, kept);
    }

    @Test
    void primalsBecomeNondecreasingAndDualsComeFromSmallerBeta() {
        Network a = randomNetwork(new Random(5), 5, 4);
        Network b = randomNetwork(new Random(6), 5, 4);
        Problem low = Problem.wd(Setting.RELU2, 0.2, 2).withPatterns(30);
        Problem high = Problem.wd(Setting.RELU2, 2.0, 2).withPatterns(30);
        double aLow = value(a, low);
        double bLow = value(b, low);
        double aHigh = value(a, high);
        double bHigh = value(b, high);
        // the cell at the small β holds a, the other b; one of them must take over the other's network
        assertTrue(aLow > bLow || bHigh > aHigh, "the random networks must give the path something to improve");
        Network lowOwn = a;
        Network highOwn = b;
        Solution lowCell = Solution.builder(low).status(Status.BOUNDS).primal(value(lowOwn, low)).network(lowOwn)
                .dual(0.7).dualVariable(Matrix.column(new double[] {1, 2})).neededWidth(4).build();
        Solution highCell = Solution.builder(high).status(Status.BOUNDS).primal(value(highOwn, high))
                .network(highOwn).dual(0.3).neededWidth(4).build();
        Solution failed = Solution.failed(high.withBeta(3.0), "not converged");

        List<Solution> out = PathBest.apply(DATA, List.of(highCell, lowCell, failed),
                List.of(List.of(), List.of(), List.of()));
        assertEquals(Math.min(aLow, bLow), out.get(1).primal().getAsDouble(), 1e-9 * aLow);
        assertEquals(Math.min(aHigh, bHigh), out.get(0).primal().getAsDouble(), 1e-9 * aHigh);
        assertTrue(out.get(1).primal().getAsDouble() <= out.get(0).primal().getAsDouble());
        // the bound proven at β = 0.2 holds at β = 2, not the other way round
        assertEquals(0.7, out.get(0).dual().getAsDouble(), 0.0);
        assertEquals(Matrix.column(new double[] {1, 2}).toColumnMajor()[1],
                out.get(0).dualVariable().get().toColumnMajor()[1], 0.0);
        assertEquals(0.7, out.get(1).dual().getAsDouble(), 0.0);
        assertSame(failed, out.get(2), "a FAILED cell stays as it is");
    }

    private static double value(Network net, Problem problem) {
        return ForwardObjective.evaluate(PathBest.balanced(net), DATA.x(), DATA.y(), problem).value();
    }

    /** relu(Xw) − relu(−Xw) = Xw with w the least-squares fit, as two neurons. */
    private static Network leastSquaresPair() {
        double[] w = org.deepdual.linalg.Decompositions.pseudoInverseSolve(DATA.x(), DATA.y(), 1e-12).column(0);
        double[] w1 = new double[2 * w.length];
        for (int i = 0; i < w.length; i++) {
            w1[i] = w[i];
            w1[w.length + i] = -w[i];
        }
        return Network.chain(Activation.RELU, List.of(Matrix.ofColumnMajor(w.length, 2, w1),
                Matrix.ofColumnMajor(2, 1, new double[] {1, -1})));
    }

    private static Network randomNetwork(Random r, int d, int m) {
        double[] w1 = new double[d * m];
        double[] w2 = new double[m];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = r.nextGaussian() * 0.5;
        }
        for (int j = 0; j < m; j++) {
            w2[j] = r.nextGaussian() * 0.5;
        }
        return Network.chain(Activation.RELU, List.of(Matrix.ofColumnMajor(d, m, w1), Matrix.ofColumnMajor(m, 1, w2)));
    }

    /** The same function with the first layer scaled by 4 and the second by 1/4. */
    private static Network unbalanced(Network net) {
        return Network.chain(Activation.RELU, List.of(net.layer(1).scale(4), net.layer(2).scale(0.25)));
    }
}

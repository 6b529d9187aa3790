package org.deepdual.solve.spline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.junit.jupiter.api.Test;

/**
 * The deep 1-D spline study's measures (docs/theory.md §7.3) on networks whose answer is known: the
 * relu-1d optimum embedded at depth L (a spline with knots at the data: distance 0, no kink off the
 * data, the embedding's value by formula), the same plus one ramp with its kink between two data
 * points (one kink, at the known place, with the known distance), and the exact pieces of random
 * deep networks against their forward pass.
 */
class SplineDeviationTest {
    private static final double[] X = {-1.5, -1.0, -0.25, 0.0, 0.5, 1.25, 2.0};
    private static final double[] Y = {0.5, -1.0, 0.75, 1.5, -0.25, -1.75, 0.25};
    private static final Dataset SEVEN = new Dataset("seven", Matrix.column(X), Matrix.column(Y), Optional.empty(),
            "seven");

    private static Solution twoLayer(double beta) {
        OneDimensionalSplineSolver solver = new OneDimensionalSplineSolver();
        Solution s = solver.solve(solver.prepare(SEVEN), Problem.wd(Setting.RELU_1D, beta, 2));
        assertEquals(Status.OPTIMAL, s.status());
        return s;
    }

    private static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            g[i] = lo + (hi - lo) * i / n;
        }
        return g;
    }

    @Test
    void embeddedTwoLayerOptimumIsASplineWithTheFormulaValueAtEveryDepth() {
        for (double beta : new double[] {0.02, 0.3}) {
            Solution two = twoLayer(beta);
            Network net = two.network().get();
            double loss = ForwardObjective.evaluate(net, SEVEN.x(), SEVEN.y(), two.problem()).loss();
            Matrix w1 = net.layer(1);
            Matrix w2 = net.layer(2);
            double[] xs = grid(-2.5, 3.0, 997);
            Matrix f2 = net.forward(Matrix.column(xs));
            for (int depth = 2; depth <= 5; depth++) {
                Network deep = DeepEmbedding.of(net, depth);
                assertEquals(depth, deep.depth());
                Matrix fd = deep.forward(Matrix.column(xs));
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(f2.get(i, 0), fd.get(i, 0), 1e-12, "same function at x = " + xs[i] + ", L = " + depth);
                }
                // (β/2)·L·Σ_j |u_j v_j|^{2/L}, from the two-layer weights
                double penalty = 0;
                for (int j = 0; j < w1.cols(); j++) {
                    penalty += Math.pow(Math.abs(w1.get(0, j) * w2.get(j, 0)), 2.0 / depth);
                }
                double expected = loss + 0.5 * beta * depth * penalty;
                Problem deepProblem = depth == 2 ? two.problem() : Problem.wd(Setting.RELU_1D_DEEP, beta, depth);
                double value = ForwardObjective.evaluate(deep, SEVEN.x(), SEVEN.y(), deepProblem).value();
                assertEquals(expected, value, 1e-12 * Math.max(1, expected), "embedded value, L = " + depth);
                if (depth == 2) {
                    assertEquals(two.primal().getAsDouble(), value, 1e-10, "L = 2 is the relu-1d optimum itself");
                }
                SplineDeviation dev = SplineDeviation.of(deep, 0, X);
                assertTrue(dev.sup() <= 1e-12, "distance to the own interpolant " + dev.sup() + ", L = " + depth);
                assertTrue(dev.rms() <= dev.sup());
                assertEquals(0, dev.kinksOffData(), "kinks off the data, L = " + depth);
                assertTrue(dev.kinksAtData() >= 1 && dev.kinksAtData() <= X.length - 2,
                        "kinks at interior data points: " + dev.kinksAtData());
            }
        }
    }

    @Test
    void anExtraRampBetweenTwoDataPointsIsOneKinkWithTheTentDistance() {
        Network net = twoLayer(0.05).network().get();
        double tau = 0.3;
        double a = 0.8;
        Network extra = withRamp(net, tau, a);
        for (int depth = 2; depth <= 5; depth++) {
            SplineDeviation dev = SplineDeviation.of(DeepEmbedding.of(extra, depth), 0, X);
            assertEquals(1, dev.kinksOffData(), "L = " + depth);
            assertEquals(1, dev.materialKinksOffData());
            assertEquals(tau, dev.offDataLocations()[0], 1e-12);
            // the ramp's deviation from its chord on [0, 0.5]: a tent of height a·(τ − 0)(0.5 − τ)/0.5 at τ
            double h = 0.5;
            double height = a * tau * (h - tau) / h;
            assertEquals(height, dev.sup(), 1e-12);
            double span = X[X.length - 1] - X[0];
            assertEquals(Math.sqrt(h * height * height / 3 / span), dev.rms(), 1e-12);
        }
    }

    @Test
    void aRampOutsideTheDataRangeOrAtADataPointIsNoKinkOffTheData() {
        Network net = twoLayer(0.05).network().get();
        SplineDeviation atData = SplineDeviation.of(DeepEmbedding.of(withRamp(net, 0.5, 0.8), 4), 0, X);
        assertEquals(0, atData.kinksOffData());
        assertTrue(atData.sup() <= 1e-12);
        SplineDeviation outside = SplineDeviation.of(DeepEmbedding.of(withRamp(net, 2.5, 0.8), 4), 0, X);
        assertEquals(0, outside.kinksOffData());
    }

    /** The two-layer network plus the neuron a·relu(x − τ). */
    private static Network withRamp(Network net, double tau, double a) {
        Matrix w1 = net.layer(1);
        Matrix w2 = net.layer(2);
        int m = w1.cols();
        double[] first = new double[m + 1];
        double[] bias = new double[m + 1];
        double[] second = new double[m + 1];
        for (int j = 0; j < m; j++) {
            first[j] = w1.get(0, j);
            bias[j] = net.hiddenBiases().get(0)[j];
            second[j] = w2.get(j, 0);
        }
        first[m] = 1.0;
        bias[m] = -tau;
        second[m] = a;
        return new Network(Activation.RELU, List.of(Matrix.ofColumnMajor(1, m + 1, first),
                Matrix.ofColumnMajor(m + 1, 1, second)), Optional.empty(), List.of(bias), net.outputBias());
    }

    @Test
    void piecesOfRandomDeepNetworksMatchTheForwardPassAndAreLinearInside() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int depth = 3 + trial % 3;
            int width = 3 + trial % 5;
            List<Matrix> weights = new ArrayList<>();
            List<double[]> biases = new ArrayList<>();
            int rows = 1;
            for (int l = 1; l <= depth; l++) {
                int cols = l == depth ? 1 : width;
                double[] w = new double[rows * cols];
                for (int i = 0; i < w.length; i++) {
                    w[i] = r.nextGaussian();
                }
                weights.add(Matrix.ofColumnMajor(rows, cols, w));
                if (l < depth) {
                    biases.add(r.doubles(cols, -1, 1).toArray());
                }
                rows = cols;
            }
            Network net = new Network(Activation.RELU, weights, Optional.empty(), biases, new double[] {r.nextGaussian()});
            NetworkPieces pieces = NetworkPieces.of(net, 0, -2, 2);
            double[] xs = grid(-2, 2, 1000);
            Matrix f = net.forward(Matrix.column(xs));
            for (int i = 0; i < xs.length; i++) {
                assertEquals(f.get(i, 0), pieces.valueAt(xs[i]), 1e-10 * (1 + Math.abs(f.get(i, 0))));
            }
            double[] b = pieces.breaks();
            for (int p = 0; p + 1 < b.length; p++) {
                double[] inside = {b[p] + 0.25 * (b[p + 1] - b[p]), 0.5 * (b[p] + b[p + 1]), b[p] + 0.75 * (b[p + 1] - b[p])};
                Matrix g = net.forward(Matrix.column(inside));
                double second = g.get(0, 0) - 2 * g.get(1, 0) + g.get(2, 0);
                assertEquals(0.0, second, 1e-10 * (1 + Math.abs(g.get(1, 0))), "linear inside piece " + p);
            }
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        Network net = twoLayer(0.05).network().get();
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> SplineDeviation.of(net, 0, new double[] {1.0, 1.0}));
        assertTrue(one.getMessage().contains("two distinct inputs"), one.getMessage());
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> NetworkPieces.of(net, 0, 1.0, 1.0));
        assertTrue(interval.getMessage().contains("lo < hi"), interval.getMessage());
        assertFalse(assertThrows(IllegalArgumentException.class, () -> DeepEmbedding.of(DeepEmbedding.of(net, 3), 4))
                .getMessage().isEmpty());
    }
}

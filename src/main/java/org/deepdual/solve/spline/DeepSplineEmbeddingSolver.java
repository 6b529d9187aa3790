package org.deepdual.solve.spline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.DualSolver;

/**
 * Setting {@code relu-1d-deep} in the solve package (docs/theory.md §7.3): a depth-L ReLU network with
 * free biases in every layer on 1-D data. No convex program and no lower bound are known for L ≥ 3,
 * so this solver returns the one thing it can prove: an upper bound, the two-layer optimum at the same
 * β ({@link OneDimensionalSplineSolver}) embedded at depth L ({@link DeepEmbedding}) — status
 * {@code BOUNDS}, {@code primal} the embedded network's forward objective (or the constant network's
 * when that is lower, as at large β where the embedding's penalty (β/2)·L·Σ|a_j|^{2/L} grows with L), no dual. The sweep and the
 * {@code solve} command train the cell instead ({@code org.deepdual.train.DeepSplineTrainer}, one of
 * whose starts is this network), so their value is at most this one.
 */
public final class DeepSplineEmbeddingSolver implements DualSolver<OneDimensionalSplineSolver.Prepared> {
    private final OneDimensionalSplineSolver twoLayer = new OneDimensionalSplineSolver();

    @Override
    public Setting setting() {
        return Setting.RELU_1D_DEEP;
    }

    @Override
    public OneDimensionalSplineSolver.Prepared prepare(Dataset data) {
        return twoLayer.prepare(data);
    }

    /** The relu-1d problem at the same β (depth 2, the smallest width) that the deep cell is compared with. */
    public static Problem twoLayerProblem(Problem deep) {
        return new Problem(Setting.RELU_1D, Optional.empty(), Objective.WD, deep.beta(), 2, OptionalDouble.empty(),
                OptionalInt.empty(), deep.seed(), deep.patterns());
    }

    /** The two-layer optimum at the cell's β (relu-1d, certified). */
    public Solution twoLayerOptimum(OneDimensionalSplineSolver.Prepared prepared, Problem deep) {
        return twoLayer.solve(prepared, twoLayerProblem(deep));
    }

    /** The two-layer optimum {@code two} embedded at the depth of {@code deep} ({@link DeepEmbedding}). */
    public static Network embedded(Solution two, Problem deep) {
        return DeepEmbedding.of(two.network().orElseThrow(() -> new IllegalArgumentException(
                "the two-layer optimum has no network: " + two.reason().orElse(two.status().toString()))), deep.depth());
    }

    /** The depth-L network with zero weights whose output bias is the mean target: f ≡ ȳ. */
    static Network constant(Dataset data, int depth) {
        List<Matrix> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        weights.add(Matrix.zeros(data.d(), 1));
        for (int l = 2; l <= depth; l++) {
            weights.add(Matrix.zeros(1, 1));
        }
        for (int l = 1; l < depth; l++) {
            biases.add(new double[1]);
        }
        double mean = java.util.Arrays.stream(data.y().column(0)).average().orElse(0.0);
        return new Network(Activation.RELU, weights, Optional.empty(), biases, new double[] {mean});
    }

    @Override
    public Solution solve(OneDimensionalSplineSolver.Prepared prepared, Problem problem) {
        if (problem.setting() != Setting.RELU_1D_DEEP) {
            throw new IllegalArgumentException("setting must be relu-1d-deep for DeepSplineEmbeddingSolver, got "
                    + problem.setting());
        }
        long start = System.nanoTime();
        Solution two = twoLayerOptimum(prepared, problem);
        if (two.network().isEmpty()) {
            return Solution.builder(problem).status(Status.FAILED).reason("the two-layer optimum has no network: "
                    + two.reason().orElse(two.status().toString())).timeNanos(System.nanoTime() - start).build();
        }
        Dataset data = prepared.data();
        Network deep = embedded(two, problem);
        double primal = ForwardObjective.evaluate(deep, data.x(), data.y(), problem).value();
        // the embedding's penalty grows with L: at large β the constant network (the best output bias) is better
        Network constant = constant(data, problem.depth());
        double constantValue = ForwardObjective.evaluate(constant, data.x(), data.y(), problem).value();
        boolean embedded = primal <= constantValue;
        return Solution.builder(problem).status(Status.BOUNDS).primal(embedded ? primal : constantValue)
                .network(embedded ? deep : constant).neededWidth(embedded ? deep.maxHiddenWidth() : 1)
                .iterations(two.iterations())
                .reason(String.format(Locale.ROOT, "upper bound only: the better of the two-layer optimum %.10g (relu-1d,"
                        + " same β) embedded at depth %d (%.10g) and the constant network (%.10g); no lower bound is"
                        + " known for L >= 3", two.primal().orElse(Double.NaN), problem.depth(), primal, constantValue))
                .timeNanos(System.nanoTime() - start).build();
    }
}

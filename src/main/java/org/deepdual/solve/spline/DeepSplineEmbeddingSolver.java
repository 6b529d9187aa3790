package org.deepdual.solve.spline;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;
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
 * {@code BOUNDS}, {@code primal} the embedded network's forward objective, no dual. The sweep and the
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
        Network deep = DeepEmbedding.of(two.network().get(), problem.depth());
        Dataset data = prepared.data();
        double primal = ForwardObjective.evaluate(deep, data.x(), data.y(), problem).value();
        return Solution.builder(problem).status(Status.BOUNDS).primal(primal).network(deep)
                .neededWidth(deep.maxHiddenWidth()).iterations(two.iterations())
                .reason(String.format(Locale.ROOT, "upper bound only: the two-layer optimum %.10g (relu-1d, same β)"
                        + " embedded at depth %d; no lower bound is known for L >= 3", two.primal().orElse(Double.NaN),
                        problem.depth()))
                .timeNanos(System.nanoTime() - start).build();
    }
}

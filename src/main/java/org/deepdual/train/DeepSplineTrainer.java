package org.deepdual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.solve.spline.DeepSplineEmbeddingSolver;
import org.deepdual.solve.spline.OneDimensionalSplineSolver;
import org.deepdual.solve.spline.SplineDeviation;

/**
 * The cells of setting {@code relu-1d-deep} (docs/theory.md §7.3): a depth-L ReLU network with free,
 * unpenalised biases in every layer on 1-D data, weight decay (β/2)Σ‖W_l‖_F² on every weight matrix
 * (the relu-1d convention carried to depth L), trained with L-BFGS from {@link #RANDOM_STARTS} seeded
 * random starts and from the two-layer optimum embedded at depth L ({@link DeepSplineEmbeddingSolver});
 * the best run is the cell's network. No lower bound is known, so the cell is {@code BOUNDS} with the
 * trained value as {@code primal} (an upper bound on the depth-L optimum) and no dual.
 *
 * <p>The reason states what the study measures: the two-layer optimum P₂ at the same β (relu-1d, certified)
 * and the trained value relative to it, the embedded start's value, the best random start's value, and the
 * best network's distance to a linear spline with knots at the data ({@link SplineDeviation}). Runs have an
 * iteration budget and no time budget, so a cell's result depends on its data and problem only.
 */
public final class DeepSplineTrainer {
    /** Random starts per cell (seeds problem.seed() + k·stride, k = 0..RANDOM_STARTS−1). */
    public static final int RANDOM_STARTS = 12;
    /** Hidden width of every layer when the cell does not set one. */
    public static final int DEFAULT_WIDTH = 16;
    /** L-BFGS iterations per run. */
    public static final int ITERATIONS = 3000;
    /** Offset between the seeds of a cell's runs (as in {@link BaselineSeeding}). */
    static final long SEED_STRIDE = 7919L;

    private DeepSplineTrainer() {
    }

    /** Whether {@code path} is of setting relu-1d-deep (whose cells this class trains). */
    public static boolean trains(List<Problem> path) {
        return !path.isEmpty() && path.get(0).setting() == Setting.RELU_1D_DEEP;
    }

    /** Trains every cell of one path (independently, in order), with the shared width rule. */
    public static List<Solution> solvePath(PreparedData prepared, List<Problem> path) {
        if (!(prepared instanceof OneDimensionalSplineSolver.Prepared oneD)) {
            throw new IllegalArgumentException("relu-1d-deep needs data prepared by its own solver, got "
                    + prepared.getClass().getSimpleName());
        }
        List<Solution> out = new ArrayList<>(path.size());
        for (Problem p : path) {
            out.add(Solvers.applyWidth(solve(oneD, p)));
        }
        return out;
    }

    /** Prepares {@code data} and trains one cell. */
    public static Solution solve(Dataset data, Problem problem) {
        return solvePath(Solvers.prepare(problem.setting(), data), List.of(problem)).get(0);
    }

    /** The options of run {@code k} of a cell: L-BFGS, {@link #ITERATIONS} iterations, no time budget. */
    static TrainOptions options(Problem problem, int k, int width) {
        return new TrainOptions(Optimizer.LBFGS, ITERATIONS, Double.POSITIVE_INFINITY, problem.seed() + k * SEED_STRIDE,
                width, 0, 1e-13);
    }

    /** The hidden width the cell trains with: its own, or {@link #DEFAULT_WIDTH}. */
    static int width(Problem problem) {
        return problem.width().orElse(DEFAULT_WIDTH);
    }

    static Solution solve(OneDimensionalSplineSolver.Prepared prepared, Problem problem) {
        if (problem.setting() != Setting.RELU_1D_DEEP) {
            throw new IllegalArgumentException("DeepSplineTrainer trains setting relu-1d-deep, got " + problem.setting());
        }
        long start = System.nanoTime();
        Dataset data = prepared.data();
        DeepSplineEmbeddingSolver embedding = new DeepSplineEmbeddingSolver();
        Solution two = embedding.twoLayerOptimum(prepared, problem);
        int width = width(problem);
        TrainingRun best = null;
        TrainingRun fromEmbedding = null;
        double bestRandom = Double.POSITIVE_INFINITY;
        int iterations = 0;
        List<String> failures = new ArrayList<>();
        Network embedded = two.network().isPresent() ? DeepSplineEmbeddingSolver.embedded(two, problem) : null;
        double embeddedValue = embedded == null ? Double.NaN
                : ForwardObjective.evaluate(embedded, data.x(), data.y(), problem).value();
        if (embedded != null && embedded.maxHiddenWidth() <= width) {
            Network padded = embedded.padHiddenWidth(width);
            try {
                fromEmbedding = BaselineTrainer.trainFrom(data, problem, padded, options(problem, 0, width));
                iterations += fromEmbedding.iterations();
                best = fromEmbedding;
            } catch (RuntimeException e) {
                failures.add("embedded start: " + e.getMessage());
            }
        }
        for (int k = 0; k < RANDOM_STARTS; k++) {
            try {
                TrainingRun run = BaselineTrainer.train(data, problem, options(problem, k, width));
                iterations += run.iterations();
                bestRandom = Math.min(bestRandom, run.objective());
                if (best == null || run.objective() < best.objective()) {
                    best = run;
                }
            } catch (RuntimeException e) {
                failures.add("start " + k + ": " + e.getMessage());
            }
        }
        if (best == null) {
            return Solution.builder(problem).status(Status.FAILED).reason("every training run failed: "
                    + String.join("; ", failures)).timeNanos(System.nanoTime() - start).build();
        }
        double[] x = data.x().column(prepared.inputColumn());
        String measures;
        if (java.util.Arrays.stream(x).distinct().count() < 2) {
            measures = "distance to own interpolant undefined: fewer than two distinct inputs";
        } else {
            SplineDeviation dev = SplineDeviation.of(best.network(), prepared.inputColumn(), x);
            measures = String.format(Locale.ROOT, "distance to own interpolant sup %.3e rms %.3e; kinks off data %d"
                    + " (material %d), at data %d", dev.sup(), dev.rms(), dev.kinksOffData(),
                    dev.materialKinksOffData(), dev.kinksAtData());
        }
        double p2 = two.primal().orElse(Double.NaN);
        String reason = String.format(Locale.ROOT, "trained, no lower bound known: best of %d L-BFGS runs (width %d,"
                + " %d iterations each; %d random starts, best %.10g; from the embedded two-layer optimum %s);"
                + " two-layer optimum P2 = %.10g (relu-1d, same beta), trained/P2 - 1 = %.3e; embedded P2 network"
                + " at depth %d = %.10g; %s%s",
                RANDOM_STARTS + (fromEmbedding == null ? 0 : 1), width, ITERATIONS, RANDOM_STARTS, bestRandom,
                fromEmbedding == null ? "not run" : String.format(Locale.ROOT, "%.10g", fromEmbedding.objective()),
                p2, best.objective() / p2 - 1, problem.depth(), embeddedValue, measures,
                failures.isEmpty() ? "" : "; failed runs: " + String.join("; ", failures));
        return Solution.builder(problem).status(Status.BOUNDS).primal(best.objective()).network(best.network())
                .neededWidth(width).iterations(iterations).reason(reason).timeNanos(System.nanoTime() - start).build();
    }
}

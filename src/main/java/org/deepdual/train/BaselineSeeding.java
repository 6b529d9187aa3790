package org.deepdual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.model.Network;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.relu2.AdmmSettings;
import org.deepdual.solve.relu2.TwoLayerReluSolver;

/**
 * relu2 seeded by the project's own non-convex baseline (docs/theory.md §9): with sampled activation
 * patterns the convex program is only an upper bound, and column generation from the sampled set
 * alone can stop well above what training finds. Each such cell first trains the same two-layer
 * ReLU network with L-BFGS {@link #SEED_RUNS} times from different random starts ({@link #SEED_WIDTH}
 * neurons, {@link #SEED_ITERATIONS} iterations, seeds derived from the cell's own), then solves the
 * program with those networks' neurons in its first working set: each neuron's block lies in its own
 * pattern's cone with penalty β|w₂|‖w₁‖ ≤ β/2(‖w₁‖² + w₂²), so the cell's value is at most every
 * trained network's objective. Two runs were measured to pay: the program combines neurons of
 * different local minima, and on 200 random cells (n ≤ 81, d ≤ 10) one run left 4 cells up to 2.9 %
 * above an independent five-start local search, two runs none (the worst 0.06 % below it), at 1.7×
 * the time; four runs cost 6×.
 *
 * <p>The run has an iteration budget and no time budget, so a cell's seed depends on the data and
 * the problem only, never on the machine, the executor or what ran before. Cells with enumerated
 * patterns (d ≤ 2) are exact and never seeded; settings other than relu2 are solved as by
 * {@link Solvers#solvePath}.
 */
public final class BaselineSeeding {
    /** Hidden width of the seed run: wider runs seed more patterns and measured faster solves (issue 7). */
    public static final int SEED_WIDTH = 64;
    /** Iteration budget of each seed run. */
    public static final int SEED_ITERATIONS = 500;
    /** Seed runs per cell, from different random starts. */
    public static final int SEED_RUNS = 2;
    /** Offset between the seeds of a cell's runs (a prime, so runs of neighbouring cell seeds differ). */
    static final long SEED_STRIDE = 7919L;

    private BaselineSeeding() {
    }

    /** Whether {@code seed} seeds {@code problem} on {@code data}: lbfgs, setting relu2, sampled patterns (d > 2). */
    public static boolean seeds(Relu2Seed seed, Problem problem, Dataset data) {
        return seed == Relu2Seed.LBFGS && problem.setting() == Setting.RELU2 && data.d() > 2;
    }

    /**
     * Seed run {@code run}'s options: L-BFGS, fixed width and iterations, seed problem.seed() + run·stride
     * (run 0 the problem's own seed).
     */
    static TrainOptions options(Problem problem, int run) {
        return new TrainOptions(Optimizer.LBFGS, SEED_ITERATIONS, Double.POSITIVE_INFINITY,
                problem.seed() + run * SEED_STRIDE, SEED_WIDTH, 0, 1e-12);
    }

    /** Every seed run of one cell, in order (deterministic: see the class comment). */
    public static List<TrainingRun> trainAll(Dataset data, Problem problem) {
        List<TrainingRun> runs = new ArrayList<>(SEED_RUNS);
        for (int run = 0; run < SEED_RUNS; run++) {
            runs.add(BaselineTrainer.train(data, problem, options(problem, run)));
        }
        return runs;
    }

    /**
     * One β path on prepared data, in order, with the width rule of {@link Solvers}: relu2 cells that
     * {@link #seeds} accepts are seeded by their own seed run (a run that throws leaves its cell
     * unseeded, with the reason noted), relu-1d-deep paths are trained ({@link DeepSplineTrainer}), every
     * other path is {@link Solvers#solvePath}. The reason of a
     * seeded cell names the seed network's objective.
     */
    public static List<Solution> solvePath(PreparedData prepared, List<Problem> path, Relu2Seed seed) {
        return solvePath(prepared, path, seed, AdmmSettings.DEFAULT);
    }

    /**
     * {@link #solvePath(PreparedData, List, Relu2Seed)} with relu2's ADMM stopping rules {@code admm}
     * (the ML estimator's tolerance parameters); with {@link AdmmSettings#DEFAULT} it is the {@code solve}
     * command's path exactly.
     */
    public static List<Solution> solvePath(PreparedData prepared, List<Problem> path, Relu2Seed seed,
            AdmmSettings admm) {
        if (DeepSplineTrainer.trains(path)) {
            return DeepSplineTrainer.solvePath(prepared, path);
        }
        if (path.isEmpty() || !(prepared instanceof TwoLayerReluSolver.Prepared relu2)) {
            return Solvers.solvePath(prepared, path);
        }
        if (!seeds(seed, path.get(0), prepared.data())) {
            return admm.equals(AdmmSettings.DEFAULT) ? Solvers.solvePath(prepared, path)
                    : new TwoLayerReluSolver(admm).solvePath(relu2, path).stream().map(Solvers::applyWidth).toList();
        }
        List<List<Network>> networks = new ArrayList<>(path.size());
        List<String> notes = new ArrayList<>(path.size());
        long[] seedNanos = new long[path.size()];
        for (Problem problem : path) {
            if (problem.setting() != Setting.RELU2) {
                throw new IllegalArgumentException("a path mixes settings relu2 and " + problem.setting());
            }
            List<TrainingRun> runs = List.of();
            String note;
            long t0 = System.nanoTime();
            try {
                runs = problem.beta() > 0 ? trainAll(prepared.data(), problem) : List.of();
                note = runs.isEmpty() ? "" : String.format(Locale.ROOT, "seeds: %d L-BFGS networks of objective %s"
                        + " (width %d, %s iterations)", runs.size(), join(runs, r -> String.format(Locale.ROOT, "%.9g",
                        r.objective())), SEED_WIDTH, join(runs, r -> Integer.toString(r.iterations())));
            } catch (RuntimeException e) {
                note = "seed run failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "), solved unseeded";
            }
            seedNanos[networks.size()] = System.nanoTime() - t0;
            networks.add(runs.stream().map(TrainingRun::network).toList());
            notes.add(note);
        }
        List<Solution> raw = new TwoLayerReluSolver(admm).solvePath(relu2, path, networks);
        List<Solution> out = new ArrayList<>(raw.size());
        for (int c = 0; c < raw.size(); c++) {
            // a cell's time includes its seed run
            out.add(Solvers.applyWidth(noted(raw.get(c), notes.get(c), seedNanos[c])));
        }
        return out;
    }

    private static String join(List<TrainingRun> runs, java.util.function.Function<TrainingRun, String> part) {
        return String.join(", ", runs.stream().map(part).toList());
    }

    private static Solution noted(Solution s, String note, long seedNanos) {
        if (note.isEmpty()) {
            return s.withTimeNanos(s.timeNanos() + seedNanos);
        }
        String reason = s.reason().map(r -> r + "; " + note).orElse(note);
        return s.withReason(reason).withTimeNanos(s.timeNanos() + seedNanos);
    }
}

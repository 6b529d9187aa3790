package org.deepdual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.model.Network;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.relu2.TwoLayerReluSolver;

/**
 * relu2 seeded by the project's own non-convex baseline (docs/theory.md §9): with sampled activation
 * patterns the convex program is only an upper bound, and column generation from the sampled set
 * alone can stop well above what training finds. Each such cell first trains the same two-layer
 * ReLU network with L-BFGS ({@link #SEED_WIDTH} neurons, {@link #SEED_ITERATIONS} iterations, the
 * cell's own seed), then solves the program with that network's neurons in its first working set:
 * each neuron's block lies in its own pattern's cone with penalty β|w₂|‖w₁‖ ≤ β/2(‖w₁‖² + w₂²), so
 * the cell's value is at most the trained network's objective.
 *
 * <p>The run has an iteration budget and no time budget, so a cell's seed depends on the data and
 * the problem only, never on the machine, the executor or what ran before. Cells with enumerated
 * patterns (d ≤ 2) are exact and never seeded; settings other than relu2 are solved as by
 * {@link Solvers#solvePath}.
 */
public final class BaselineSeeding {
    /** Hidden width of the seed run: wider runs seed more patterns and measured faster solves (issue 7). */
    public static final int SEED_WIDTH = 64;
    /** Iteration budget of the seed run. */
    public static final int SEED_ITERATIONS = 500;

    private BaselineSeeding() {
    }

    /** Whether {@code seed} seeds {@code problem} on {@code data}: lbfgs, setting relu2, sampled patterns (d > 2). */
    public static boolean seeds(Relu2Seed seed, Problem problem, Dataset data) {
        return seed == Relu2Seed.LBFGS && problem.setting() == Setting.RELU2 && data.d() > 2;
    }

    /** The seed run's options for {@code problem}: L-BFGS, fixed width and iterations, the problem's seed. */
    public static TrainOptions options(Problem problem) {
        return new TrainOptions(Optimizer.LBFGS, SEED_ITERATIONS, Double.POSITIVE_INFINITY, problem.seed(),
                SEED_WIDTH, 0, 1e-12);
    }

    /** The seed run of one cell (deterministic: see the class comment). */
    public static TrainingRun train(Dataset data, Problem problem) {
        return BaselineTrainer.train(data, problem, options(problem));
    }

    /**
     * One β path on prepared data, in order, with the width rule of {@link Solvers}: relu2 cells that
     * {@link #seeds} accepts are seeded by their own seed run (a run that throws leaves its cell
     * unseeded, with the reason noted), every other path is {@link Solvers#solvePath}. The reason of a
     * seeded cell names the seed network's objective.
     */
    public static List<Solution> solvePath(PreparedData prepared, List<Problem> path, Relu2Seed seed) {
        if (path.isEmpty() || !(prepared instanceof TwoLayerReluSolver.Prepared relu2)
                || !seeds(seed, path.get(0), prepared.data())) {
            return Solvers.solvePath(prepared, path);
        }
        List<List<Network>> networks = new ArrayList<>(path.size());
        List<String> notes = new ArrayList<>(path.size());
        long[] seedNanos = new long[path.size()];
        for (Problem problem : path) {
            if (problem.setting() != Setting.RELU2) {
                throw new IllegalArgumentException("a path mixes settings relu2 and " + problem.setting());
            }
            Optional<TrainingRun> run = Optional.empty();
            String note;
            long t0 = System.nanoTime();
            try {
                run = problem.beta() > 0 ? Optional.of(train(prepared.data(), problem)) : Optional.empty();
                note = run.map(r -> String.format(Locale.ROOT, "seed: L-BFGS network of objective %.9g (width %d,"
                        + " %d iterations)", r.objective(), SEED_WIDTH, r.iterations())).orElse("");
            } catch (RuntimeException e) {
                note = "seed run failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "), solved unseeded";
            }
            seedNanos[networks.size()] = System.nanoTime() - t0;
            networks.add(run.map(r -> List.of(r.network())).orElse(List.of()));
            notes.add(note);
        }
        List<Solution> raw = new TwoLayerReluSolver().solvePath(relu2, path, networks);
        List<Solution> out = new ArrayList<>(raw.size());
        for (int c = 0; c < raw.size(); c++) {
            // a cell's time includes its seed run
            out.add(Solvers.applyWidth(noted(raw.get(c), notes.get(c), seedNanos[c])));
        }
        return out;
    }

    private static Solution noted(Solution s, String note, long seedNanos) {
        if (note.isEmpty()) {
            return s.withTimeNanos(s.timeNanos() + seedNanos);
        }
        String reason = s.reason().map(r -> r + "; " + note).orElse(note);
        return s.withReason(reason).withTimeNanos(s.timeNanos() + seedNanos);
    }
}

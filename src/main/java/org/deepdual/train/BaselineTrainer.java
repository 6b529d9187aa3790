package org.deepdual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.stats.AlignmentStats;
import org.deepdual.stats.CollapseStats;
import org.deepdual.stats.LayerStats;
import org.deepdual.stats.NetworkStats;
import org.deepdual.stats.RankTolerance;

/**
 * The non-convex baseline (issue "statistics and the non-convex baseline"): trains, full batch,
 * the same network and the same objective the solvers optimise in closed form, so that their value
 * and structure can be compared with the certified optimum.
 *
 * <p>Architectures, by setting (docs/theory.md §4–§9): {@code linear} an identity chain;
 * {@code relu-whitened}, {@code relu-rank1} and {@code relu2} a ReLU chain without biases;
 * {@code bn} ReLU layers, then the batch norm of section 8 before the last layer (variant relu or
 * linear), with only γ, α and W_L penalised; {@code relu-1d} a two-layer ReLU network with free
 * (unpenalised) hidden and output biases. Objective {@code wd} penalises every weight;
 * {@code tc} penalises the last two layers and keeps ‖W_l‖_F = t for l ≤ L−2 through the
 * parametrisation W_l = t·V_l/‖V_l‖_F (the constraint is active at every optimum with non-zero output).
 *
 * <p>The run stops when the objective changes by at most {@code relTol}·max(1, |F|) over
 * {@value #CHANGE_WINDOW} iterations or no decrease can be found (converged), or when the iteration or time
 * budget runs out (not converged). The best iterate is returned (the last one for GD and L-BFGS,
 * which decrease monotonically). Trajectory points are recorded at iteration 0, every
 * {@code recordEvery} iterations and at the end, with ranks and alignments at relative tolerance
 * {@link RankTolerance#TRAINED}; the recording time is excluded from the reported times.
 */
public final class BaselineTrainer {
    /** Iterations over which the relative objective change is measured (nonsmooth zigzags make single steps tiny). */
    static final int CHANGE_WINDOW = 10;

    private BaselineTrainer() {
    }

    /** Trains from a seeded random start with {@code options.width()} neurons in every hidden layer. */
    public static TrainingRun train(Dataset data, Problem problem, TrainOptions options) {
        Architecture arch = Architecture.forProblem(problem, data.d(), data.outputs(), options.width());
        double[] start = arch.initial(new Random(options.seed()), data.x(), data.y());
        return run(data, arch, start, options);
    }

    /** Trains from {@code start} (e.g. a perturbed closed-form optimum), keeping its widths. */
    public static TrainingRun trainFrom(Dataset data, Problem problem, Network start, TrainOptions options) {
        Architecture arch = Architecture.ofNetwork(problem, start);
        if (arch.widths[0] != data.d() || arch.widths[arch.depth] != data.outputs()) {
            throw new IllegalArgumentException("start network maps " + arch.widths[0] + " inputs to "
                    + arch.widths[arch.depth] + " outputs but data set '" + data.name() + "' has d = " + data.d()
                    + " and " + data.outputs() + " outputs");
        }
        return run(data, arch, arch.parameters(start), options);
    }

    private static TrainingRun run(Dataset data, Architecture arch, double[] start, TrainOptions options) {
        TrainingObjective f = new TrainingObjective(arch, data.x(), data.y());
        long began = System.nanoTime();
        long recording = 0;
        Descent descent = Descent.create(options.optimizer(), f, start);
        double[] best = descent.point().clone();
        double bestValue = descent.value();
        List<TrajectoryPoint> trajectory = new ArrayList<>();
        long r0 = System.nanoTime();
        trajectory.add(point(0, r0 - began, arch.network(best), data, arch.problem));
        recording += System.nanoTime() - r0;
        double[] window = new double[CHANGE_WINDOW];
        window[0] = descent.value();
        int iterations = 0;
        boolean converged = false;
        double budgetNanos = options.maxSeconds() * 1e9;
        while (iterations < options.maxIterations() && System.nanoTime() - began - recording < budgetNanos) {
            boolean moved = descent.step();
            iterations++;
            double value = descent.value();
            if (value < bestValue) {
                bestValue = value;
                best = descent.point().clone();
            }
            if (!moved) {
                converged = true;
                break;
            }
            double earlier = window[iterations % CHANGE_WINDOW];
            window[iterations % CHANGE_WINDOW] = value;
            if (iterations >= CHANGE_WINDOW
                    && Math.abs(earlier - value) <= options.relTol() * Math.max(1.0, Math.abs(earlier))) {
                converged = true;
                break;
            }
            if (options.recordEvery() > 0 && iterations % options.recordEvery() == 0) {
                long t0 = System.nanoTime();
                trajectory.add(point(iterations, t0 - began - recording, arch.network(descent.point()), data,
                        arch.problem));
                recording += System.nanoTime() - t0;
            }
        }
        long trainingNanos = System.nanoTime() - began - recording;
        Network result = arch.network(best);
        if (trajectory.get(trajectory.size() - 1).iteration() != iterations) {
            trajectory.add(point(iterations, trainingNanos, result, data, arch.problem));
        }
        double objective = ForwardObjective.evaluate(result, data.x(), data.y(), arch.problem).value();
        return new TrainingRun(result, objective, iterations, trainingNanos, converged, trajectory);
    }

    private static TrajectoryPoint point(int iteration, long elapsed, Network net, Dataset data, Problem problem) {
        NetworkStats stats = NetworkStats.of(net, data, RankTolerance.TRAINED);
        int depth = net.depth();
        double[] fro = new double[depth];
        double[] op = new double[depth];
        double[] stable = new double[depth];
        for (int l = 0; l < depth; l++) {
            LayerStats s = stats.layers().get(l);
            fro[l] = s.fro();
            op[l] = s.op();
            stable[l] = s.stableRank();
        }
        double[] align = stats.alignment().stream().mapToDouble(AlignmentStats::top1).toArray();
        double objective = ForwardObjective.evaluate(net, data.x(), data.y(), problem).value();
        OptionalDouble nc1 = stats.collapse().map(c -> OptionalDouble.of(c.nc1())).orElse(OptionalDouble.empty());
        OptionalDouble etf = stats.collapse().map(c -> OptionalDouble.of(c.nc2EtfDev()))
                .orElse(OptionalDouble.empty());
        OptionalDouble nc3 = stats.collapse().map(CollapseStats::nc3Centered).map(OptionalDouble::of)
                .orElse(OptionalDouble.empty());
        return new TrajectoryPoint(iteration, elapsed, objective, fro, op, stable, align, nc1, etf, nc3);
    }
}

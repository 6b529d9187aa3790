package org.deepdual.report;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import org.deepdual.data.Dataset;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Network;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.train.DeepSplineTrainer;

/**
 * Rebuilds the optimal network of a sweep cell from its data set with the same solver the sweep
 * ran (the rows carry statistics, not weights). Used for the class-mean and 1-D figures; a cell
 * is re-solved only when one of those figures needs it, a handful per report.
 */
final class CellNetworks {
    private final DatasetSource source;
    private final BiFunction<Dataset, Problem, Solution> solver;

    /**
     * Re-solves with the sweep's solvers on the data as the source prepared it
     * ({@link DatasetSource#prepared}); relu-1d-deep cells are
     * re-trained as the sweep trained them ({@link DeepSplineTrainer}: seeded, iteration budget only, so
     * the same network).
     */
    CellNetworks(DatasetSource source) {
        this(source, (data, problem) -> problem.setting() == Setting.RELU_1D_DEEP
                ? DeepSplineTrainer.solve(data, problem)
                : Solvers.solve(source.prepared(problem.setting(), data), problem));
    }

    CellNetworks(DatasetSource source, BiFunction<Dataset, Problem, Solution> solver) {
        this.source = source;
        this.solver = solver;
    }

    DatasetSource source() {
        return source;
    }

    /** The data set and the optimal network of {@code p}, or why there is none. */
    Result rebuild(CellParameters p) {
        Optional<Dataset> data = source.dataset(p.data());
        if (data.isEmpty()) {
            return Result.missing("data set '" + p.data() + "' is not available to the report (the class means and "
                    + "fitted functions are recomputed from the data, not stored in the rows)");
        }
        try {
            Problem problem = new Problem(Setting.fromCliName(p.setting()), p.variant().map(BnVariant::fromCliName),
                    Objective.fromCliName(p.objective()), p.beta(), p.depth(),
                    Double.isNaN(p.t()) ? OptionalDouble.empty() : OptionalDouble.of(p.t()), p.width(), p.seed(),
                    Problem.DEFAULT_PATTERNS, Loss.fromCliName(p.loss()));
            Solution s = solver.apply(data.get(), problem);
            if (s.network().isEmpty()) {
                return Result.missing("re-solving the cell gave no network (" + s.status()
                        + s.reason().map(r -> ": " + r).orElse("") + ")");
            }
            return new Result(data, s.network(), Optional.empty());
        } catch (RuntimeException e) {
            return Result.missing("re-solving the cell failed: " + e.getMessage());
        }
    }

    /** A rebuilt network with its data, or the reason it could not be rebuilt. */
    record Result(Optional<Dataset> data, Optional<Network> network, Optional<String> why) {
        static Result missing(String why) {
            return new Result(Optional.empty(), Optional.empty(), Optional.of(why));
        }
    }
}

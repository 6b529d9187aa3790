package org.deepdual.sweep;

import java.io.Serializable;
import java.util.List;
import org.deepdual.data.Dataset;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.train.BaselineSeeding;
import org.deepdual.train.DeepSplineTrainer;
import org.deepdual.train.Relu2Seed;

/**
 * What the sweep calls to solve one β path: prepare a data set for a setting once, then solve the
 * path in order. {@link #SOLVERS} is the registry of the solve package; the interface exists so
 * the sweep's failure handling can be exercised with a solver that misbehaves on purpose.
 */
public interface PathSolver extends Serializable {

    PreparedData prepare(Setting setting, Dataset data);

    List<Solution> solvePath(PreparedData prepared, List<Problem> path);

    /**
     * The path with relu2's first working sets seeded as {@code seed} says ({@link Relu2Seed}); a
     * solver without seeding ignores it.
     */
    default List<Solution> solvePath(PreparedData prepared, List<Problem> path, Relu2Seed seed) {
        return solvePath(prepared, path);
    }

    /**
     * Whether a path solved in order differs from its cells solved one by one (the solver warm-starts
     * along β). Paths of such settings are solved whole; the cells of the others are solved alone,
     * only those missing, each under its own time budget.
     */
    default boolean warmStarts(Setting setting) {
        return false;
    }

    /** The solvers of {@link Solvers}, with the shared width rule. */
    PathSolver SOLVERS = Registered.INSTANCE;

    /** An enum so that the default survives serialization as a singleton. */
    enum Registered implements PathSolver {
        INSTANCE;

        @Override
        public PreparedData prepare(Setting setting, Dataset data) {
            return Solvers.prepare(setting, data);
        }

        /** relu-1d-deep cells are trained ({@link DeepSplineTrainer}), every other path solved. */
        @Override
        public List<Solution> solvePath(PreparedData prepared, List<Problem> path) {
            return DeepSplineTrainer.trains(path) ? DeepSplineTrainer.solvePath(prepared, path)
                    : Solvers.solvePath(prepared, path);
        }

        /** relu2 cells with sampled patterns seeded by their own L-BFGS run ({@link BaselineSeeding}). */
        @Override
        public List<Solution> solvePath(PreparedData prepared, List<Problem> path, Relu2Seed seed) {
            return BaselineSeeding.solvePath(prepared, path, seed);
        }

        /** {@link Solvers#warmStartsAlongBeta}: relu2, relu-1d and linear. */
        @Override
        public boolean warmStarts(Setting setting) {
            return Solvers.warmStartsAlongBeta(setting);
        }
    }
}

package org.deepdual.ml;

import java.util.List;
import org.deepdual.data.Dataset;
import org.deepdual.model.Problem;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.solve.relu2.AdmmSettings;
import org.deepdual.train.BaselineSeeding;
import org.deepdual.train.Relu2Seed;

/**
 * The estimators' solve: the {@code solve} command's own two steps (prepare the data for the setting,
 * then solve a one-cell path with relu2 seeding), so a fitted model's certificate is the command's.
 */
final class CellSolve {
    private CellSolve() {
    }

    static Solution solve(Dataset data, Problem problem, Relu2Seed seed, AdmmSettings admm) {
        PreparedData prepared = Solvers.prepare(problem.setting(), data);
        return BaselineSeeding.solvePath(prepared, List.of(problem), seed, admm).get(0);
    }
}

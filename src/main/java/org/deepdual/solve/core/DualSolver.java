package org.deepdual.solve.core;

import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import java.util.ArrayList;
import java.util.List;
import org.deepdual.data.Dataset;

/**
 * A solver for one setting of the paper: {@link #prepare} does the per-data-set work once,
 * {@link #solve} one cell in O(r) to O(K²) plus the weight reconstruction.
 *
 * <p>Bad input (a data set the setting refuses, a problem of another setting) throws
 * {@link IllegalArgumentException} with a message naming the field; a numerical failure returns
 * a {@link Status#FAILED} solution with its reason.
 */
public interface DualSolver<P extends PreparedData> {

    Setting setting();

    P prepare(Dataset data);

    Solution solve(P prepared, Problem problem);

    /**
     * Solves the cells of one β path in order. Iterative solvers override it to warm-start from
     * the previous cell; the result must not depend on which cells came before beyond that path.
     */
    default List<Solution> solvePath(P prepared, List<Problem> path) {
        List<Solution> out = new ArrayList<>(path.size());
        for (Problem p : path) {
            out.add(solve(prepared, p));
        }
        return out;
    }
}

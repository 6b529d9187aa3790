package org.deepdual.solve;

import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.batchnorm.BatchNormSolver;
import org.deepdual.solve.linear.DeepLinearSolver;
import org.deepdual.solve.rankone.RankOneReluSolver;
import org.deepdual.solve.relu2.TwoLayerReluSolver;
import org.deepdual.solve.spline.DeepSplineEmbeddingSolver;
import org.deepdual.solve.spline.OneDimensionalSplineSolver;
import org.deepdual.solve.whitened.WhitenedReluSolver;
import java.util.List;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;

/**
 * The solver of each setting, and the width rule every setting shares: a requested width below
 * the width the solution needs is {@code FAILED} naming both, a larger one pads with zero neurons.
 */
public final class Solvers {
    private Solvers() {
    }

    /** The solver for {@code setting}. */
    public static DualSolver<? extends PreparedData> forSetting(Setting setting) {
        switch (setting) {
            case LINEAR: return new DeepLinearSolver();
            case RELU_WHITENED: return new WhitenedReluSolver();
            case RELU_RANK1: return new RankOneReluSolver();
            case BN: return new BatchNormSolver();
            case RELU2: return new TwoLayerReluSolver();
            case RELU_1D: return new OneDimensionalSplineSolver();
            case RELU_1D_DEEP: return new DeepSplineEmbeddingSolver();
            default:
                throw new UnsupportedOperationException("no solver registered for setting " + setting);
        }
    }

    /** Prepares {@code data} for {@code setting} (once per data set). */
    public static PreparedData prepare(Setting setting, Dataset data) {
        return forSetting(setting).prepare(data);
    }

    /** Solves one cell on prepared data and applies the width rule. */
    public static Solution solve(PreparedData prepared, Problem problem) {
        return solvePath(prepared, List.of(problem)).get(0);
    }

    /** Solves one β path in order (warm starts where the solver has them) and applies the width rule. */
    public static List<Solution> solvePath(PreparedData prepared, List<Problem> path) {
        if (path.isEmpty()) {
            return List.of();
        }
        Setting setting = path.get(0).setting();
        for (Problem p : path) {
            if (p.setting() != setting) {
                throw new IllegalArgumentException("a path mixes settings " + setting + " and " + p.setting());
            }
        }
        List<Solution> raw = solvePathUnchecked(forSetting(setting), prepared, path);
        return raw.stream().map(Solvers::applyWidth).toList();
    }

    /**
     * Whether the solver of {@code setting} warm-starts along β (overrides {@link DualSolver#solvePath}):
     * a path solved in order can then differ from its cells solved one by one.
     */
    public static boolean warmStartsAlongBeta(Setting setting) {
        try {
            return forSetting(setting).getClass().getMethod("solvePath", PreparedData.class, List.class)
                    .getDeclaringClass() != DualSolver.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Prepares and solves one cell. */
    public static Solution solve(Dataset data, Problem problem) {
        return solve(prepare(problem.setting(), data), problem);
    }

    @SuppressWarnings("unchecked")
    private static <P extends PreparedData> List<Solution> solvePathUnchecked(DualSolver<P> solver,
            PreparedData prepared, List<Problem> path) {
        return solver.solvePath((P) prepared, path);
    }

    /** docs/cli.md, {@code --width}. */
    public static Solution applyWidth(Solution s) {
        OptionalInt width = s.problem().width();
        if (width.isEmpty() || s.network().isEmpty()) {
            return s;
        }
        int w = width.getAsInt();
        if (w < s.neededWidth()) {
            return Solution.builder(s.problem()).status(Status.FAILED)
                    .reason("width " + w + " < needed " + s.neededWidth()).neededWidth(s.neededWidth())
                    .iterations(s.iterations()).timeNanos(s.timeNanos()).build();
        }
        Network n = s.network().get();
        return n.maxHiddenWidth() == w ? s : s.withNetwork(n.padHiddenWidth(w));
    }
}

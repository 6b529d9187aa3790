package org.deepdual.solve.rankone;

import org.deepdual.model.Activation;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.Reconstruction;
import java.util.ArrayList;
import java.util.List;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;

/**
 * Deep ReLU networks on rank-one data {@code X = c âᵀ}, weight decay on every layer (docs/theory.md
 * §7.1). The global optimum is the cheaper of one path per sign of c and, for L ≥ 3 with P₊P₋ > 0,
 * one shared path ({@link RankOneOptimum}). Weights:
 * <ul>
 *   <li>separate: {@code W_1 = â[g₊, −g₋]} (rank one), {@code W_l = diag(g₊, g₋)} for 2 ≤ l ≤ L−1,
 *       {@code W_L = (s₊g₊, s₋g₋)ᵀ} with per-path balanced gains {@code g = A^{1/L}};</li>
 *   <li>shared: {@code W_1 = â[p, −q]}, {@code W_2 = S^{1/L}·(√(A/S), √(B/S))ᵀ} (rank one), then
 *       1×1 layers of gain S^{1/L}, the last with the common sign of P_±.</li>
 * </ul>
 * Every layer has the same Frobenius norm, reported as t* (docs/theory.md L3). No dual of this problem is
 * known, so the solution is OPTIMAL without a dual value and never certified (docs/cli.md
 * §Statuses). Only {@code wd} is solved; a {@code tc} cell is FAILED with that reason.
 */
public final class RankOneReluSolver implements DualSolver<PreparedRankOne> {

    private final boolean reconstructWeights;

    /** A solver that reconstructs the network. */
    public RankOneReluSolver() {
        this(Reconstruction.WEIGHTS);
    }

    public RankOneReluSolver(Reconstruction reconstruction) {
        this.reconstructWeights = reconstruction == Reconstruction.WEIGHTS;
    }

    @Override
    public Setting setting() {
        return Setting.RELU_RANK1;
    }

    /** Checks that X has rank one and y one column (otherwise IllegalArgumentException). */
    @Override
    public PreparedRankOne prepare(Dataset data) {
        return new PreparedRankOne(data);
    }

    @Override
    public Solution solve(PreparedRankOne prepared, Problem problem) {
        if (problem.setting() != Setting.RELU_RANK1) {
            throw new IllegalArgumentException("setting must be relu-rank1 for RankOneReluSolver, got "
                    + problem.setting());
        }
        long start = System.nanoTime();
        if (problem.objective() == Objective.TC) {
            return Solution.builder(problem).status(Status.FAILED).neededWidth(1)
                    .reason("objective tc is not solved for setting relu-rank1 (docs/theory.md §7.1 gives wd only)")
                    .timeNanos(System.nanoTime() - start).build();
        }
        int depth = problem.depth();
        RankOneOptimum opt = RankOneOptimum.of(prepared, depth, problem.beta());
        if (!Double.isFinite(opt.value()) || !Double.isFinite(opt.plus()) || !Double.isFinite(opt.minus())) {
            return Solution.builder(problem).status(Status.FAILED).neededWidth(1)
                    .reason("numerical failure: reduced rank-one problem gave value " + opt.value())
                    .timeNanos(System.nanoTime() - start).build();
        }
        int needed = switch (opt.structure()) {
            case ZERO, ONE_PATH -> 1;
            case TWO_PATHS, SHARED -> 2;
        };
        Solution.Builder b = Solution.builder(problem).status(Status.OPTIMAL).certified(false).primal(opt.value())
                .tStar(opt.layerNorm(depth)).neededWidth(needed).iterations(0)
                .reason("no dual is known for relu-rank1 (docs/theory.md §7.1); optimum: " + describe(opt.structure()));
        if (reconstructWeights) {
            b.network(network(prepared, opt, depth));
        }
        return b.timeNanos(System.nanoTime() - start).build();
    }

    private static String describe(RankOneOptimum.Structure s) {
        return switch (s) {
            case ZERO -> "zero network";
            case ONE_PATH -> "one path";
            case TWO_PATHS -> "one path per sign of c";
            case SHARED -> "one path shared by both signs of c";
        };
    }

    private static Network network(PreparedRankOne p, RankOneOptimum opt, int depth) {
        List<Matrix> layers = opt.structure() == RankOneOptimum.Structure.SHARED
                ? sharedLayers(p, opt, depth) : separateLayers(p, opt, depth);
        return Network.chain(Activation.RELU, layers).withFactors(factors(p.direction(), layers));
    }

    /**
     * The layers' factored form (model.LayerFactors): the first layer is a ⊗ (its coefficients), the last and,
     * with shared paths, the second are single columns, and the others diagonal. Statistics check it.
     */
    private static List<LayerFactors> factors(double[] a, List<Matrix> layers) {
        List<LayerFactors> out = new ArrayList<>(layers.size());
        Matrix first = layers.get(0);
        double[] coefficients = new double[first.cols()];
        int pivot = 0;
        for (int i = 1; i < a.length; i++) {
            pivot = Math.abs(a[i]) > Math.abs(a[pivot]) ? i : pivot;
        }
        for (int j = 0; j < coefficients.length; j++) {
            coefficients[j] = a[pivot] == 0 ? 0 : first.get(pivot, j) / a[pivot];
        }
        out.add(LayerFactors.rankOne(a, coefficients));
        for (int l = 1; l < layers.size(); l++) {
            Matrix w = layers.get(l);
            if (w.cols() == 1) {
                out.add(LayerFactors.rankOne(w.column(0), new double[] {1.0}));
            } else {
                double[] d = new double[w.cols()];
                for (int j = 0; j < d.length; j++) {
                    d[j] = w.get(j, j);
                }
                out.add(LayerFactors.diagonal(d));
            }
        }
        return out;
    }

    private static List<Matrix> separateLayers(PreparedRankOne p, RankOneOptimum opt, int depth) {
        double[] a = p.direction();
        List<double[]> firstColumns = new ArrayList<>();
        List<Double> gains = new ArrayList<>();
        List<Double> signs = new ArrayList<>();
        double[][] sides = {{opt.plus(), 1.0, Math.signum(p.projPlus())}, {opt.minus(), -1.0, Math.signum(p.projMinus())}};
        for (double[] side : sides) {
            if (side[0] > 0) {
                double g = Math.pow(side[0], 1.0 / depth);
                firstColumns.add(Vectors.scale(side[1] * g, a));
                gains.add(g);
                signs.add(side[2]);
            }
        }
        int width = gains.size();
        if (width == 0) {
            List<Matrix> zero = new ArrayList<>();
            zero.add(Matrix.zeros(a.length, 1));
            for (int l = 2; l <= depth - 1; l++) {
                zero.add(Matrix.zeros(1, 1));
            }
            zero.add(Matrix.zeros(1, 1));
            return zero;
        }
        double[] first = new double[a.length * width];
        double[] g = new double[width];
        double[] last = new double[width];
        for (int j = 0; j < width; j++) {
            System.arraycopy(firstColumns.get(j), 0, first, j * a.length, a.length);
            g[j] = gains.get(j);
            last[j] = signs.get(j) * g[j];
        }
        List<Matrix> layers = new ArrayList<>();
        layers.add(Matrix.ofColumnMajor(a.length, width, first));
        for (int l = 2; l <= depth - 1; l++) {
            layers.add(Matrix.diagonal(g));
        }
        layers.add(Matrix.column(last));
        return layers;
    }

    private static List<Matrix> sharedLayers(PreparedRankOne p, RankOneOptimum opt, int depth) {
        double[] a = p.direction();
        double sum = opt.plus() + opt.minus();
        double g = Math.pow(sum, 1.0 / depth);
        double e = Math.pow(sum, (2.0 - depth) / (2.0 * depth));
        double[] first = new double[2 * a.length];
        System.arraycopy(Vectors.scale(Math.sqrt(opt.plus()) * e, a), 0, first, 0, a.length);
        System.arraycopy(Vectors.scale(-Math.sqrt(opt.minus()) * e, a), 0, first, a.length, a.length);
        List<Matrix> layers = new ArrayList<>();
        layers.add(Matrix.ofColumnMajor(a.length, 2, first));
        layers.add(Matrix.column(g * Math.sqrt(opt.plus() / sum), g * Math.sqrt(opt.minus() / sum)));
        for (int l = 3; l <= depth - 1; l++) {
            layers.add(Matrix.column(g));
        }
        layers.add(Matrix.column(Math.signum(p.projPlus()) * g));
        return layers;
    }
}

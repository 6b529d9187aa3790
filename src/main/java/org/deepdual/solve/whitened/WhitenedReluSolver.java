package org.deepdual.solve.whitened;

import org.deepdual.model.Activation;
import org.deepdual.model.LayerFactors;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.AlignedFactorization;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.Reconstruction;
import org.deepdual.solve.core.PowerProx;
import org.deepdual.solve.core.ReducedTcProblem;
import org.deepdual.solve.core.ShrinkageDualBound;
import java.util.ArrayList;
import java.util.List;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;

/**
 * The deep ReLU network on whitened data, XXᵀ = I (setting {@code relu-whitened}, docs/theory.md
 * §6). The first layer can produce any pre-activation at cost ‖M‖_F, so the network fits
 * nonnegative unit directions ẑ_p ("paths") with amplitudes p_p:
 * <ul>
 *   <li>WD: {@code P = Σ_p h_pow(a_p; L, β)} with {@code p_p = prox_pow(a_p; L, β)}, block-diagonal
 *       balanced weights with gain p_p^{1/L} per layer;</li>
 *   <li>TC: the reduced TC problem with targets a_p and weight γ = βt^{−(L−2)}, budget-share gains
 *       (docs/theory.md L5).</li>
 * </ul>
 * The dual is the paper's: {@code D_t = Σ huber_γ(a_p)} at Λ* = Y − (Huber-shrunk paths), and for WD
 * its bound {@code min_t [D_t + (L−2)βt²/2]}. It is tight for L = 2 or a single active path; for
 * L ≥ 3 with several active paths the shared early layers split the budget and the gap is positive
 * (docs/theory.md §3), which the solution reports with {@code certified = false}.
 */
public final class WhitenedReluSolver implements DualSolver<PreparedWhitenedReluData> {
    /** docs/theory.md §3: closed forms certify at gap ≤ 1e-9·max(1, |primal|). */
    public static final double GAP_RTOL = 1e-9;
    private static final String NOT_TIGHT = "the paper's dual is not tight for multi-path ReLU at L >= 3 (docs/theory.md"
            + " §3 and §6): ";

    private final boolean reconstructWeights;

    /** A solver that reconstructs the weights and Λ*. */
    public WhitenedReluSolver() {
        this(Reconstruction.WEIGHTS);
    }

    /** Why the dual stays below, said from the optimum's own active paths. */
    private static String notTightBecause(int activePaths) {
        if (activePaths >= 2) {
            return "the shared early layers split the Frobenius budget between the " + activePaths + " active paths";
        }
        return (activePaths == 1 ? "the optimum keeps one path" : "the optimum is the zero network")
                + ", while the dual's relaxation would keep several paths at this beta";
    }

    public WhitenedReluSolver(Reconstruction reconstruction) {
        this.reconstructWeights = reconstruction == Reconstruction.WEIGHTS;
    }

    @Override
    public Setting setting() {
        return Setting.RELU_WHITENED;
    }

    @Override
    public PreparedWhitenedReluData prepare(Dataset data) {
        return PreparedWhitenedReluData.of(data);
    }

    @Override
    public Solution solve(PreparedWhitenedReluData prepared, Problem problem) {
        if (problem.setting() != Setting.RELU_WHITENED) {
            throw new IllegalArgumentException("setting must be relu-whitened for WhitenedReluSolver, got "
                    + problem.setting());
        }
        long start = System.nanoTime();
        Solution s;
        try {
            s = closedForm(prepared, problem);
        } catch (ArithmeticException e) {
            s = Solution.builder(problem).status(Status.FAILED).reason("numerical failure: " + e.getMessage())
                    .neededWidth(1).build();
        }
        return s.withTimeNanos(System.nanoTime() - start);
    }

    private Solution closedForm(PreparedWhitenedReluData d, Problem p) {
        double[] a = d.targets();
        int depth = p.depth();
        double beta = p.beta();
        ShrinkageDualBound bound = new ShrinkageDualBound(a, d.targetSquares(), 1.0);
        double[] amps;
        double primal;
        ShrinkageDualBound.Bound dual;
        if (p.objective() == Objective.WD) {
            amps = new double[a.length];
            primal = 0;
            for (int i = 0; i < a.length; i++) {
                amps[i] = PowerProx.prox(a[i], depth, beta);
                primal += PowerProx.objective(amps[i], a[i], depth, beta);
            }
            dual = bound.wd(beta, depth);
        } else {
            double gamma = beta * Math.pow(p.tValue(), -(depth - 2));
            ReducedTcProblem.Optimum o = new ReducedTcProblem(a, gamma, depth).solve();
            amps = o.amplitudes();
            primal = o.value();
            dual = bound.tc(beta, depth, p.tValue());
        }
        int[] active = AlignedFactorization.positive(amps);
        double[] sigma = AlignedFactorization.select(amps, active);
        double gap = primal - dual.value();
        double tol = GAP_RTOL * Math.max(1, Math.abs(primal));
        boolean certified = Math.abs(gap) <= tol;
        Solution.Builder b = Solution.builder(p).status(Status.OPTIMAL).primal(primal).dual(dual.value())
                .certified(certified).neededWidth(Math.max(1, active.length));
        if (gap < -tol) {
            b.reason(String.format("the dual value exceeds the primal by %.6e: weak duality is violated numerically",
                    -gap));
        } else if (!certified) {
            b.reason(NOT_TIGHT + notTightBecause(active.length) + String.format("; the value is the exact optimum (gap"
                    + " %.6e)", gap));
        } else if (beta == 0) {
            b.reason("beta = 0: every path is fitted exactly (the limit beta -> 0)");
        }
        if (p.objective() == Objective.WD) {
            double sum = 0;
            for (double s : sigma) {
                sum += Math.pow(s, 2.0 / depth);
            }
            // all L layers carry Σ p^{2/L}; t* is the common Frobenius norm (docs/theory.md L3)
            b.tStar(Math.sqrt(sum));
        }
        if (reconstructWeights) {
            b.network(network(d, p, active, sigma));
            b.dualVariable(dualVariable(d, dual.threshold()));
        }
        return b.build();
    }

    /** Block-diagonal weights: W_1 = Xᵀ[ẑ_p] diag(g_1), diag(g_l) in between, W_L = diag(g_L)·(signs/columns). */
    private static Network network(PreparedWhitenedReluData d, Problem p, int[] active, double[] sigma) {
        List<PreparedWhitenedReluData.Path> paths = d.paths();
        int n = d.data().n();
        int outputs = d.data().outputs();
        double[] dirs = new double[n * active.length];
        double[] right = new double[outputs * active.length];
        for (int j = 0; j < active.length; j++) {
            PreparedWhitenedReluData.Path path = paths.get(active[j]);
            System.arraycopy(path.direction(), 0, dirs, j * n, n);
            right[path.column() + j * outputs] = path.sign();
        }
        Matrix left = d.data().x().transposeTimes(Matrix.ofColumnMajor(n, active.length, dirs));
        double[][] gains = p.objective() == Objective.WD ? AlignedFactorization.balanced(sigma, p.depth())
                : AlignedFactorization.budgetShares(sigma, p.depth(), p.tValue());
        Network net = AlignedFactorization.network(Activation.RELU, left,
                Matrix.ofColumnMajor(outputs, active.length, right), gains);
        // paths that share an output column (both signs of a scalar y) make W_L's rows, not its columns, the
        // path axes: each output column is fed by its own paths only
        List<LayerFactors> factors = new ArrayList<>(net.factors());
        factors.set(p.depth() - 1, LayerFactors.disjointColumns(net.layer(p.depth())));
        return net.withFactors(factors);
    }

    /** Λ* = Y − Σ_p sign_p (a_p − u)₊ ẑ_p e_{column}ᵀ at the dual's threshold u (Λ* = Y when u = ∞). */
    private static Matrix dualVariable(PreparedWhitenedReluData d, double threshold) {
        Matrix y = d.data().y();
        if (Double.isInfinite(threshold)) {
            return y;
        }
        int n = y.rows();
        double[] fitted = new double[n * y.cols()];
        for (PreparedWhitenedReluData.Path path : d.paths()) {
            double amp = Math.max(path.target() - threshold, 0.0) * path.sign();
            double[] dir = path.direction();
            for (int i = 0; i < n; i++) {
                fitted[i + path.column() * n] += amp * dir[i];
            }
        }
        return y.minus(Matrix.ofColumnMajor(n, y.cols(), fitted));
    }
}

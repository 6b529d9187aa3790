package org.deepdual.solve.linear;

import org.deepdual.model.Activation;
import org.deepdual.model.Loss;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The deep linear network {@code f(X) = X W_1 ⋯ W_L} (setting {@code linear}), docs/theory.md §4
 * and §5, with weight decay or the t-constrained objective:
 * <ul>
 *   <li>scalar output, any X: WD through the stationary points on the ridge path (root finding in
 *       log μ), TC through the secular equation; the dual by the dual problem's own formula (for WD
 *       the certified envelope of {@code min_t [D_t* + (L−2)βt²/2]}, {@link WdDualEnvelope}, which shares
 *       no search with the primal), zero gap; rank-one aligned weights;</li>
 *   <li>vector output, whitened X (equal nonzero singular values): the exact closed form —
 *       prox_pow per singular value of UᵀY for WD, the reduced TC problem for TC — with the
 *       nuclear-norm dual bound, tight for L = 2 or a nuclear-norm solution of rank ≤ 1 and strict
 *       otherwise (docs/theory.md §3);</li>
 *   <li>closed forms are judged by {@link GapVerdict}: a gap the theory does not predict makes the cell
 *       BOUNDS, never OPTIMAL;</li>
 *   <li>vector output, general X: the best of several proximal-gradient searches and of the zero
 *       network (upper bound) against the nuclear-norm lower bound, OPTIMAL where they meet and
 *       {@code BOUNDS} otherwise; a β path is solved whole ({@link GeneralVectorPath}), so every cell
 *       gets the best map and the best bound its path found;</li>
 *   <li>β = 0: the minimum-norm least-squares solution X⁺Y;</li>
 *   <li>logistic, hinge and cross-entropy: the nuclear-norm GLM of {@link ClassificationLinear}
 *       (docs/theory.md §14.4), cell by cell.</li>
 * </ul>
 */
public final class DeepLinearSolver implements DualSolver<PreparedLinearData> {
    /** docs/theory.md §3: closed forms certify at gap ≤ 1e-9·max(1, |primal|). */
    public static final double GAP_RTOL = 1e-9;
    /** Iterative bounds (general X, vector output) count as meeting at gap ≤ 1e-6·max(1, |primal|). */
    public static final double ITERATIVE_GAP_RTOL = 1e-6;
    /** The scalar WD dual envelope is refined to this bracket: the certificate then holds at GAP_RTOL. */
    static final double SCALAR_ENVELOPE_RTOL = 1e-12;

    private final boolean reconstructWeights;
    private final int iterationCap;

    /** A solver that reconstructs the weights, Λ* and the end-to-end map. */
    public DeepLinearSolver() {
        this(Reconstruction.WEIGHTS);
    }

    public DeepLinearSolver(Reconstruction reconstruction) {
        this(reconstruction, Integer.MAX_VALUE);
    }

    /** @param iterationCap caps both iterative searches of the general vector case; a capped search that does not converge makes the cell FAILED */
    public DeepLinearSolver(Reconstruction reconstruction, int iterationCap) {
        this.reconstructWeights = reconstruction == Reconstruction.WEIGHTS;
        this.iterationCap = iterationCap;
    }

    @Override
    public Setting setting() {
        return Setting.LINEAR;
    }

    @Override
    public PreparedLinearData prepare(Dataset data) {
        return PreparedLinearData.of(data);
    }

    /** One cell: for general X with vector output, a path of one β (no neighbours to learn from). */
    @Override
    public Solution solve(PreparedLinearData prepared, Problem problem) {
        return solvePath(prepared, List.of(problem)).get(0);
    }

    /**
     * The cells of a β path. Cells of general X with vector output and β &gt; 0 are solved together per
     * (objective, depth, t) by {@link GeneralVectorPath}: continuation along β from both ends, every
     * cell priced against every map the path found, lower bounds carried up from smaller β. Every
     * other cell has a closed form and is solved alone. A cell's result depends on its path only (not on
     * its seed), so a general path asked for again on the same prepared data is taken from
     * {@link SolvedPaths}.
     */
    @Override
    public List<Solution> solvePath(PreparedLinearData prepared, List<Problem> path) {
        Solution[] out = new Solution[path.size()];
        Map<SchattenPenalty, List<Integer>> paths = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            Problem p = path.get(i);
            if (p.setting() != Setting.LINEAR) {
                throw new IllegalArgumentException("setting must be linear for DeepLinearSolver, got " + p.setting());
            }
            if (p.loss() != Loss.SQUARED) {
                // the classification losses solve their nuclear-norm GLM cell by cell (docs/theory.md §14.4)
                out[i] = timed(p, () -> ClassificationLinear.solve(prepared, p, reconstructWeights));
            } else if (generalVector(prepared, p)) {
                paths.computeIfAbsent(SchattenPenalty.of(p), k -> new ArrayList<>()).add(i);
            } else {
                out[i] = timed(p, () -> dispatch(prepared, p));
            }
        }
        for (List<Integer> cells : paths.values()) {
            solveGeneralPath(prepared, path, cells, out);
        }
        return List.of(out);
    }

    private static boolean generalVector(PreparedLinearData d, Problem p) {
        return d.rank() > 0 && p.beta() > 0 && !d.scalarOutput() && !d.whitened();
    }

    private static Solution timed(Problem p, Supplier<Solution> solve) {
        long start = System.nanoTime();
        Solution s;
        try {
            s = solve.get();
        } catch (ArithmeticException e) {
            s = numericalFailure(p, e);
        }
        return s.withTimeNanos(System.nanoTime() - start);
    }

    private static Solution numericalFailure(Problem p, ArithmeticException e) {
        return Solution.builder(p).status(Status.FAILED).reason("numerical failure: " + e.getMessage()).neededWidth(1)
                .build();
    }

    /** The general-vector cells {@code indices} of {@code path} (one objective, depth and t), in increasing β. */
    private void solveGeneralPath(PreparedLinearData d, List<Problem> path, List<Integer> indices, Solution[] out) {
        long start = System.nanoTime();
        List<Integer> order = new ArrayList<>(indices);
        order.sort(Comparator.comparingDouble(i -> path.get(i).beta()));
        double[] betas = new double[order.size()];
        for (int j = 0; j < betas.length; j++) {
            betas[j] = path.get(order.get(j)).beta();
        }
        SchattenPenalty penalty = SchattenPenalty.of(path.get(order.get(0)));
        RotatedLoss loss = RotatedLoss.of(d);
        List<Solution> solved = new ArrayList<>(betas.length);
        try {
            // the same path asked for again (another seed of a sweep) is the same computation: solved once
            List<GeneralVectorPath.Cell> cells = SolvedPaths.solve(d, loss, penalty, betas, iterationCap);
            for (int j = 0; j < betas.length; j++) {
                solved.add(generalCell(d, loss, penalty, path.get(order.get(j)), cells.get(j)));
            }
        } catch (ArithmeticException e) {
            solved.clear();
            for (int i : order) {
                solved.add(numericalFailure(path.get(i), e));
            }
        }
        // the cells share one computation: each carries an equal part of its time
        long each = (System.nanoTime() - start) / betas.length;
        for (int j = 0; j < betas.length; j++) {
            out[order.get(j)] = solved.get(j).withTimeNanos(each);
        }
    }

    /** A cell with a closed form. */
    private Solution dispatch(PreparedLinearData d, Problem p) {
        if (d.rank() == 0) {
            return zeroData(d, p);
        }
        if (p.beta() == 0) {
            return minimumNorm(d, p);
        }
        if (d.scalarOutput()) {
            return scalar(d, p);
        }
        if (!d.whitened()) {
            throw new IllegalStateException("general X with vector output is solved along its path");
        }
        return whitenedVector(d, p);
    }

    /** X = 0: nothing can be fitted; Λ* = Y is feasible for every γ. */
    private Solution zeroData(PreparedLinearData d, Problem p) {
        double half = 0.5 * d.targetSquares();
        Matrix y = d.data().y();
        Solution.Builder b = Solution.builder(p).primal(half).dual(half).certified(true).neededWidth(1)
                .reason("X has rank 0: the network output is 0");
        if (p.objective() == Objective.WD) {
            b.tStar(0.0);
        }
        if (reconstructWeights) {
            b.network(AlignedFactorization.network(Activation.IDENTITY, Matrix.zeros(d.data().d(), 0),
                    Matrix.zeros(y.cols(), 0), new double[p.depth()][0]));
            b.endToEnd(Matrix.zeros(d.data().d(), y.cols())).dualVariable(y);
        }
        return b.build();
    }

    /** β = 0: every least-squares solution is optimal; X⁺Y is the one with the smallest singular values. */
    private Solution minimumNorm(PreparedLinearData d, Problem p) {
        double[] s = d.s();
        double[] inv = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            inv[i] = 1 / s[i];
        }
        Matrix a = scaleRows(inv, d.projectedTargets());
        Svd svd = Decompositions.thinSvd(a);
        int k = svd.rank(1e-12);
        double[] sigma = java.util.Arrays.copyOf(svd.s(), k);
        double primal = d.unreachableLoss();
        // dual objective at Λ = Y − UZ, feasible for every γ ≥ 0 because XᵀΛ = 0
        double dual = 0.5 * d.targetSquares() - 0.5 * d.projectedTargets().frobeniusNormSquared();
        Solution.Builder b = Solution.builder(p).primal(primal).dual(dual).neededWidth(Math.max(1, k))
                .certified(Math.abs(primal - dual) <= GAP_RTOL * Math.max(1, Math.abs(primal)))
                .reason("beta = 0: the minimum-norm least-squares solution X^+ Y (the limit beta -> 0)");
        if (p.objective() == Objective.WD) {
            b.tStar(schattenBudget(sigma, p.depth()));
        }
        if (reconstructWeights) {
            Matrix left = d.v().times(svd.u().columns(0, k));
            Matrix right = svd.v().columns(0, k);
            double[][] gains = p.objective() == Objective.WD ? AlignedFactorization.balanced(sigma, p.depth())
                    : AlignedFactorization.budgetShares(sigma, p.depth(), p.tValue());
            b.network(AlignedFactorization.network(Activation.IDENTITY, left, right, gains));
            b.endToEnd(d.v().times(a));
            b.dualVariable(d.data().y().minus(d.u().times(d.projectedTargets())));
        }
        return b.build();
    }

    private Solution scalar(PreparedLinearData d, Problem p) {
        RidgePath path = d.ridgePath();
        int depth = p.depth();
        double beta = p.beta();
        double half = path.halfTargetSquares();
        double mu;
        double primal;
        double dual;
        double norm;
        if (p.objective() == Objective.WD && depth > 2) {
            mu = path.wdMinimum(depth, beta);
            norm = Double.isInfinite(mu) ? 0 : Math.sqrt(path.normSquared(mu));
            primal = norm == 0 ? half : path.loss(mu) + 0.5 * depth * beta * Math.pow(norm, 2.0 / depth);
            dual = path.wdDual(depth, beta, SCALAR_ENVELOPE_RTOL).value();
        } else {
            double gamma = p.objective() == Objective.WD ? beta : beta * Math.pow(p.tValue(), -(depth - 2));
            mu = path.xty() > gamma ? path.secularRoot(gamma) : Double.POSITIVE_INFINITY;
            norm = Double.isInfinite(mu) ? 0 : Math.sqrt(path.normSquared(mu));
            primal = norm == 0 ? half : path.loss(mu) + gamma * norm;
            dual = norm == 0 ? half : path.feasibleDualObjective(mu, gamma);
        }
        double[] sigma = norm > 0 ? new double[] {norm} : new double[0];
        double[][] gains = p.objective() == Objective.WD ? AlignedFactorization.balanced(sigma, depth)
                : AlignedFactorization.budgetShares(sigma, depth, p.tValue());
        OptionalDouble tStar = p.objective() == Objective.WD ? OptionalDouble.of(Math.pow(norm, 1.0 / depth))
                : OptionalDouble.empty();
        double muFinal = mu;
        String check = depth > 2 && p.objective() == Objective.WD
                ? "the ridge-path search and the independent dual envelope should meet (scalar output has no duality"
                        + " gap, docs/theory.md §4)"
                : "the secular root and its dual point should meet (docs/theory.md §4)";
        return finish(p, primal, dual, tStar, sigma.length, null, check, () -> {
                    double[] a = norm == 0 ? new double[d.rank()] : path.coefficients(muFinal);
                    Matrix w = Matrix.column(d.v().times(a));
                    Matrix left = norm == 0 ? Matrix.zeros(d.data().d(), 0) : w.scale(1 / norm);
                    Matrix right = norm == 0 ? Matrix.zeros(1, 0) : Matrix.column(1.0);
                    double[] fit = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        fit[i] = d.s()[i] * a[i];
                    }
                    Matrix lambda = d.data().y().minus(Matrix.column(d.u().times(fit)));
                    return new ExplicitNetwork(AlignedFactorization.network(Activation.IDENTITY, left, right, gains), w,
                            lambda);
                });
    }

    private Solution whitenedVector(PreparedLinearData d, Problem p) {
        Svd zs = d.projectedTargetSvd();
        double c = d.s()[0];
        double[] z = zs.s();
        int depth = p.depth();
        double beta = p.beta();
        ShrinkageDualBound bound = new ShrinkageDualBound(z, d.targetSquares(), c);
        double[] m;
        double primal;
        ShrinkageDualBound.Bound dual;
        if (p.objective() == Objective.WD) {
            double scaled = beta * Math.pow(c, -2.0 / depth);
            m = new double[z.length];
            primal = d.unreachableLoss();
            for (int i = 0; i < z.length; i++) {
                m[i] = PowerProx.prox(z[i], depth, scaled);
                primal += PowerProx.objective(m[i], z[i], depth, scaled);
            }
            dual = bound.wd(beta, depth);
        } else {
            double gamma = beta * Math.pow(p.tValue(), -(depth - 2));
            ReducedTcProblem.Optimum o = new ReducedTcProblem(z, gamma / c, depth).solve();
            m = o.amplitudes();
            primal = o.value() + d.unreachableLoss();
            dual = bound.tc(beta, depth, p.tValue());
        }
        int[] active = AlignedFactorization.positive(m);
        double[] sigma = AlignedFactorization.select(m, active);
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] /= c;
        }
        OptionalDouble tStar = p.objective() == Objective.WD ? OptionalDouble.of(schattenBudget(sigma, depth))
                : OptionalDouble.empty();
        int nuclearRank = 0;
        for (double zi : z) {
            nuclearRank += zi > dual.threshold() ? 1 : 0;
        }
        String predicted = depth >= 3 && nuclearRank >= 2 ? String.format("positive duality gap of the standard"
                + " architecture (docs/theory.md §3, §5): at L >= 3 the nuclear-norm dual lies below the Schatten-2/L"
                + " primal where the nuclear-norm solution has rank >= 2, here %d; the value is the exact optimum"
                + " (rank %d), the dual is the nuclear-norm bound", nuclearRank, active.length) : null;
        String check = String.format("the closed form and the nuclear-norm dual should meet (%s, docs/theory.md §5)",
                depth == 2 ? "L = 2" : "the nuclear-norm solution has rank " + nuclearRank);
        return finish(p, primal, dual.value(), tStar, active.length, predicted, check, () -> {
            // (V U_Z)[:, active] = V (U_Z[:, active]): the product is formed once per data set
            Matrix left = AlignedFactorization.selectColumns(d.inputDirections(), active);
            Matrix right = AlignedFactorization.selectColumns(zs.v(), active);
            double[][] gains = p.objective() == Objective.WD ? AlignedFactorization.balanced(sigma, depth)
                    : AlignedFactorization.budgetShares(sigma, depth, p.tValue());
            Network net = AlignedFactorization.network(Activation.IDENTITY, left, right, gains);
            Matrix w = Decompositions.scaleColumns(left, sigma).times(right.transpose());
            return new ExplicitNetwork(net, w, shrinkageResidual(d, zs, dual.threshold()));
        });
    }

    /** Λ* = Y − U U_Z diag((z_i − u)₊) V_Zᵀ, the dual optimum of the nuclear-norm problem at threshold u. */
    private static Matrix shrinkageResidual(PreparedLinearData d, Svd zs, double threshold) {
        Matrix y = d.data().y();
        if (Double.isInfinite(threshold)) {
            return y;
        }
        double[] shrunk = new double[zs.s().length];
        for (int i = 0; i < shrunk.length; i++) {
            shrunk[i] = Math.max(zs.s()[i] - threshold, 0.0);
        }
        Matrix fitted = Decompositions.scaleColumns(d.sampleDirections(), shrunk).times(zs.v().transpose());
        return y.minus(fitted);
    }

    /** One solved cell of a general-vector path as a solution: OPTIMAL where its bounds meet, BOUNDS otherwise. */
    private Solution generalCell(PreparedLinearData d, RotatedLoss loss, SchattenPenalty penalty, Problem p,
            GeneralVectorPath.Cell c) {
        LocalMinimum m = c.network();
        int width = Math.max(1, m.rank());
        if (!c.lowerConverged()) {
            return Solution.builder(p).status(Status.FAILED).neededWidth(width).iterations(c.iterations())
                    .reason(String.format("not converged: nuclear-norm bound (FISTA) did not reach gap %.1e within %d"
                            + " iterations; last gap %.3e", NuclearNormBound.GAP_RTOL,
                            Math.min(iterationCap, NuclearNormBound.MAX_ITERATIONS), c.lowerGap())).build();
        }
        if (!c.searchConverged()) {
            return Solution.builder(p).status(Status.FAILED).neededWidth(width).iterations(c.iterations())
                    .reason(String.format("not converged: proximal gradient after %d iterations, last step"
                            + " ||A_k+1 - A_k|| = %.3e", c.searchIterations(), c.lastStep())).build();
        }
        double primal = c.primal();
        double gap = primal - c.lower();
        double scale = Math.max(1, Math.abs(primal));
        boolean meet = Math.abs(gap) <= ITERATIVE_GAP_RTOL * scale;
        Solution.Builder b = Solution.builder(p).status(meet ? Status.OPTIMAL : Status.BOUNDS).primal(primal)
                .dual(c.lower()).certified(meet).neededWidth(width).iterations(c.iterations())
                .reason(generalReason(p, c, gap, scale));
        if (p.objective() == Objective.WD) {
            b.tStar(schattenBudget(m.amplitudes(), p.depth()));
        }
        if (reconstructWeights) {
            int k = m.rank();
            Matrix left = d.v().times(Matrix.ofColumnMajor(loss.r, k, m.left()));
            Matrix right = Matrix.ofColumnMajor(loss.k, k, m.right());
            b.network(AlignedFactorization.network(Activation.IDENTITY, left, right, penalty.gains(m.amplitudes())));
            b.endToEnd(d.v().times(Matrix.ofColumnMajor(loss.r, loss.k, m.a())));
            // Λ̂ = Y − U((1 − α)Z + α diag(s) A): the column-space part of the residual scaled onto feasibility
            NuclearNormBound.Fit fit = c.certificate();
            double[] fitted = new double[loss.r * loss.k];
            for (int j = 0; j < loss.k; j++) {
                for (int i = 0; i < loss.r; i++) {
                    int ij = i + j * loss.r;
                    fitted[ij] = (1 - fit.alpha()) * loss.z[ij] + fit.alpha() * loss.s[i] * fit.a()[ij];
                }
            }
            b.dualVariable(d.data().y().minus(d.u().times(Matrix.ofColumnMajor(loss.r, loss.k, fitted))));
        }
        return b.build();
    }

    /** What the bounds of a general-vector cell show, in words computed from the cell. */
    private static String generalReason(Problem p, GeneralVectorPath.Cell c, double gap, double scale) {
        int rank = c.network().rank();
        if (Math.abs(gap) <= ITERATIVE_GAP_RTOL * scale) {
            return rank == 0 ? "the zero network is optimal: the nuclear-norm lower bound reaches 1/2 ||Y||^2"
                    + " (general X with vector output, docs/theory.md §5)"
                    : String.format("general X with vector output: the best network of the path's proximal-gradient"
                    + " searches (rank %d) meets the nuclear-norm lower bound (gap %.1e)", rank, gap);
        }
        if (gap < 0) {
            return String.format("primal not shown optimal: the nuclear-norm lower bound exceeds the primal by %.3e,"
                    + " which weak duality forbids: a numerical failure", -gap);
        }
        String found = rank == 0 ? "the zero network, which no search beat" : "rank " + rank;
        String why;
        if (p.depth() == 2) {
            why = "at L = 2 the problem is convex and the bound tight, so the searches stopped short of the optimum";
        } else if (c.boundRank() >= 2) {
            why = String.format("the nuclear-norm solution under the bound has rank %d >= 2, where the standard"
                    + " architecture's dual is not tight at L >= 3 (docs/theory.md §3, §5): the gap mixes that"
                    + " duality gap with whatever the searches missed", c.boundRank());
        } else {
            why = String.format("the nuclear-norm solution under the bound has rank %d, where the bound is the"
                    + " optimum (docs/theory.md §5): the searches missed it", c.boundRank());
        }
        return String.format("primal not shown optimal: bounds gap %.3e (%.1e relative) between the best network of"
                + " the path's proximal-gradient searches (%s) and the nuclear-norm lower bound; %s", gap, gap / scale,
                found, why);
    }

    /** diag(f)·M. */
    private static Matrix scaleRows(double[] f, Matrix m) {
        double[] c = m.toColumnMajor();
        int r = m.rows();
        for (int j = 0; j < m.cols(); j++) {
            for (int i = 0; i < r; i++) {
                c[i + j * r] *= f[i];
            }
        }
        return Matrix.ofColumnMajor(r, m.cols(), c);
    }

    /** t* = (Σ σ_i^{2/L})^{1/2} (docs/theory.md L3). */
    private static double schattenBudget(double[] sigma, int depth) {
        double sum = 0;
        for (double v : sigma) {
            sum += Math.pow(v, 2.0 / depth);
        }
        return Math.sqrt(sum);
    }

    /** The explicit parts of a solution: network, end-to-end map W*, dual variable Λ*. */
    private record ExplicitNetwork(Network network, Matrix endToEnd, Matrix dualVariable) {
    }

    /** A closed-form cell with its {@link GapVerdict}. */
    private Solution finish(Problem p, double primal, double dual, OptionalDouble tStar, int rank,
            String predictedGap, String check, Supplier<ExplicitNetwork> explicit) {
        GapVerdict verdict = GapVerdict.of(primal, dual, GAP_RTOL, predictedGap, check);
        Solution.Builder b = Solution.builder(p).status(verdict.status()).certified(verdict.certified()).primal(primal)
                .dual(dual).neededWidth(Math.max(1, rank));
        verdict.reason().ifPresent(b::reason);
        tStar.ifPresent(b::tStar);
        if (reconstructWeights) {
            ExplicitNetwork r = explicit.get();
            b.network(r.network()).endToEnd(r.endToEnd()).dualVariable(r.dualVariable());
        }
        return b.build();
    }
}

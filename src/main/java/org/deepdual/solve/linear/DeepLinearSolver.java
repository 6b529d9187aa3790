package org.deepdual.solve.linear;

import org.deepdual.model.Activation;
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
 *       the 1-D search {@code min_t [D_t* + (L−2)βt²/2]}), zero gap; rank-one aligned weights;</li>
 *   <li>vector output, whitened X (equal nonzero singular values): the exact closed form —
 *       prox_pow per singular value of UᵀY for WD, the reduced TC problem for TC — with the
 *       nuclear-norm dual bound, tight for L = 2 or rank ≤ 1 and strict otherwise (docs/theory.md §3);</li>
 *   <li>vector output, general X: status {@code BOUNDS} between the nuclear-norm lower bound and the
 *       proximal-gradient upper bound, weights from the upper bound;</li>
 *   <li>β = 0: the minimum-norm least-squares solution X⁺Y.</li>
 * </ul>
 */
public final class DeepLinearSolver implements DualSolver<PreparedLinearData> {
    /** docs/theory.md §3: closed forms certify at gap ≤ 1e-9·max(1, |primal|). */
    public static final double GAP_RTOL = 1e-9;
    /** Iterative bounds (general X, vector output) count as meeting at gap ≤ 1e-6·max(1, |primal|). */
    public static final double ITERATIVE_GAP_RTOL = 1e-6;
    private static final String NOT_TIGHT = "the standard architecture's dual is not tight for vector output at L >= 3"
            + " when the solution has rank >= 2 (docs/theory.md §3 and §5): the value is the exact optimum, the"
            + " dual is the nuclear-norm bound";

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

    @Override
    public Solution solve(PreparedLinearData prepared, Problem problem) {
        if (problem.setting() != Setting.LINEAR) {
            throw new IllegalArgumentException("setting must be linear for DeepLinearSolver, got " + problem.setting());
        }
        long start = System.nanoTime();
        Solution s;
        try {
            s = dispatch(prepared, problem);
        } catch (ArithmeticException e) {
            s = Solution.builder(problem).status(Status.FAILED).reason("numerical failure: " + e.getMessage())
                    .neededWidth(1).build();
        }
        return s.withTimeNanos(System.nanoTime() - start);
    }

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
        return d.whitened() ? whitenedVector(d, p) : generalVector(d, p);
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
        Matrix a = NuclearNormBound.scaleRows(inv, d.projectedTargets());
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
            RidgePath.WdOptimum wd = path.wd(depth, beta);
            mu = wd.mu();
            norm = Double.isInfinite(mu) ? 0 : Math.sqrt(path.normSquared(mu));
            primal = norm == 0 ? half : path.loss(mu) + 0.5 * depth * beta * Math.pow(norm, 2.0 / depth);
            dual = wd.dual();
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
        return finish(p, primal, dual, GAP_RTOL, tStar, sigma.length,
                "the dual gap exceeds the closed-form tolerance: the ridge-path search missed the optimum", () -> {
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
        return finish(p, primal, dual.value(), GAP_RTOL, tStar, active.length, NOT_TIGHT, () -> {
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

    private Solution generalVector(PreparedLinearData d, Problem p) {
        int depth = p.depth();
        double beta = p.beta();
        double[] s = d.s();
        Matrix z = d.projectedTargets();
        NuclearNormBound lower = new NuclearNormBound(s, z, d.targetSquares(), d.unreachableLoss(),
                Math.min(iterationCap, NuclearNormBound.MAX_ITERATIONS));
        SchattenProxGradient upper = new SchattenProxGradient(s, z, d.unreachableLoss(),
                Math.min(iterationCap, SchattenProxGradient.MAX_ITERATIONS));
        double[] inv = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            inv[i] = 1 / s[i];
        }
        Matrix leastSquares = NuclearNormBound.scaleRows(inv, z);
        double lowerValue;
        NuclearNormBound.Fit fit;
        int iterations;
        boolean lowerConverged;
        SchattenProxGradient.Stationary best;
        if (p.objective() == Objective.WD) {
            NuclearNormBound.WdBound wd = lower.wd(beta, depth);
            lowerValue = wd.value();
            fit = wd.fit();
            iterations = wd.iterations();
            lowerConverged = wd.converged();
            best = better(upper.wd(beta, depth, fit.a()), upper.wd(beta, depth, leastSquares));
        } else {
            double gamma = beta * Math.pow(p.tValue(), -(depth - 2));
            fit = lower.tc(gamma, null);
            lowerValue = fit.dual();
            iterations = fit.iterations();
            lowerConverged = fit.converged();
            best = better(upper.tc(gamma, depth, fit.a()), upper.tc(gamma, depth, leastSquares));
        }
        iterations += best.iterations();
        if (!lowerConverged) {
            return Solution.builder(p).status(Status.FAILED).neededWidth(Math.max(1, best.amplitudes().length))
                    .iterations(iterations).reason(String.format("not converged: nuclear-norm bound (FISTA) did not"
                            + " reach gap %.1e within %d iterations; last gap %.3e", NuclearNormBound.GAP_RTOL,
                            Math.min(iterationCap, NuclearNormBound.MAX_ITERATIONS), fit.primal() - fit.dual())).build();
        }
        if (!best.converged()) {
            return Solution.builder(p).status(Status.FAILED).neededWidth(Math.max(1, best.amplitudes().length))
                    .iterations(iterations).reason(String.format("not converged: proximal gradient after %d"
                            + " iterations, last step ||A_k+1 - A_k|| = %.3e", best.iterations(), best.lastStep()))
                    .build();
        }
        double primal = best.value();
        double[] sigma = best.amplitudes();
        boolean meet = Math.abs(primal - lowerValue) <= ITERATIVE_GAP_RTOL * Math.max(1, Math.abs(primal));
        Solution.Builder b = Solution.builder(p).status(meet ? Status.OPTIMAL : Status.BOUNDS).primal(primal)
                .dual(lowerValue).certified(meet).neededWidth(Math.max(1, sigma.length)).iterations(iterations)
                .reason(meet ? "general X with vector output: the proximal-gradient upper bound meets the nuclear-norm"
                        + " lower bound" : "general X with vector output has no closed form (docs/theory.md §5): primal"
                        + " is a proximal-gradient stationary point, dual the nuclear-norm lower bound");
        if (p.objective() == Objective.WD) {
            b.tStar(schattenBudget(sigma, depth));
        }
        if (reconstructWeights) {
            Matrix left = d.v().times(best.left());
            double[][] gains = p.objective() == Objective.WD ? AlignedFactorization.balanced(sigma, depth)
                    : AlignedFactorization.budgetShares(sigma, depth, p.tValue());
            b.network(AlignedFactorization.network(Activation.IDENTITY, left, best.right(), gains));
            b.endToEnd(d.v().times(best.a()));
            Matrix y = d.data().y();
            // Λ̂ = Y − U((1 − α)Z + α diag(s) A): the column-space part of the residual scaled onto feasibility
            Matrix fitted = z.scale(1 - fit.alpha()).plus(NuclearNormBound.scaleRows(s, fit.a()).scale(fit.alpha()));
            b.dualVariable(y.minus(d.u().times(fitted)));
        }
        return b.build();
    }

    private static SchattenProxGradient.Stationary better(SchattenProxGradient.Stationary a,
            SchattenProxGradient.Stationary b) {
        if (a.converged() != b.converged()) {
            return a.converged() ? a : b;
        }
        return a.value() <= b.value() ? a : b;
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

    private Solution finish(Problem p, double primal, double dual, double rtol, OptionalDouble tStar, int rank,
            String notTight, Supplier<ExplicitNetwork> explicit) {
        double gap = primal - dual;
        double tol = rtol * Math.max(1, Math.abs(primal));
        // a dual above the primal would contradict weak duality: never certify it
        boolean certified = Math.abs(gap) <= tol;
        Solution.Builder b = Solution.builder(p).status(Status.OPTIMAL).primal(primal).dual(dual).certified(certified)
                .neededWidth(Math.max(1, rank));
        if (gap < -tol) {
            b.reason(String.format("the dual value exceeds the primal by %.6e: weak duality is violated numerically",
                    -gap));
        } else if (!certified) {
            b.reason(notTight + String.format(" (gap %.6e)", gap));
        }
        tStar.ifPresent(b::tStar);
        if (reconstructWeights) {
            ExplicitNetwork r = explicit.get();
            b.network(r.network()).endToEnd(r.endToEnd()).dualVariable(r.dualVariable());
        }
        return b.build();
    }
}

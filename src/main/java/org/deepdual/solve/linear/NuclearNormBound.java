package org.deepdual.solve.linear;

/**
 * The paper's TC dual value for a deep linear network with vector output on arbitrary X
 * (docs/theory.md §5): {@code D(γ) = min_W ½‖XW−Y‖² + γ‖W‖_*} (γ = βt^{−(L−2)}), by FISTA with
 * singular value thresholding and function-value restart, in the coordinates W = V A of
 * {@link RotatedLoss}. The reported value is the dual objective {@code ½‖Y‖² − ½‖Λ̂ − Y‖²} at the
 * residual {@code Λ = Y − XW = (I − UUᵀ)Y + U R} with its column-space part scaled onto the feasible
 * set, {@code Λ̂ = (I − UUᵀ)Y + α U R}, α = min(1, γ/‖XᵀΛ‖₂), so it is a lower bound whatever the
 * iteration reached. The WD bound over t is {@link WdDualEnvelope}'s, on samples of this one.
 */
final class NuclearNormBound {
    static final double GAP_RTOL = 1e-10;
    static final int MAX_ITERATIONS = 100_000;
    /**
     * FISTA iterations over all dual solves of one cell: without a shared cap the WD search ran for
     * minutes on X with σ_r/σ_1 ≈ 1e-9.
     */
    static final int TOTAL_ITERATIONS = 4 * MAX_ITERATIONS;
    /** FISTA iterations without reaching the gap after which the reweighted steps run again from its iterate. */
    static final int REWEIGHT_EVERY = 2_000;

    private final RotatedLoss loss;
    private final int maxIterations;
    /** The nuclear norm is the TC penalty at L = 2 (t is then irrelevant), priced at β = γ. */
    private final ReweightedFit reweighted;

    NuclearNormBound(RotatedLoss loss, int maxIterations) {
        this.loss = loss;
        this.maxIterations = maxIterations;
        this.reweighted = new ReweightedFit(loss, new SchattenPenalty(org.deepdual.model.Objective.TC, 2, 1.0));
    }

    /**
     * One TC dual solve.
     *
     * @param a the FISTA iterate (reduced coordinates, r × K column-major)
     * @param alpha the feasibility scaling of the column-space part of Λ = Y − XW
     * @param dual the dual objective at αΛ (a lower bound on D(γ))
     * @param primal ½‖XW−Y‖² + γ‖W‖_* at the iterate (an upper bound on D(γ))
     * @param rank the rank of the iterate
     */
    record Fit(double gamma, double[] a, double alpha, double dual, double primal, int rank, int iterations,
            boolean converged) {
    }

    /** D(γ) at γ ≥ ‖XᵀY‖₂: W = 0 and Λ = Y, exactly. */
    Fit zero(double gamma) {
        return new Fit(gamma, new double[loss.r * loss.k], 1.0, loss.half, loss.half, 0, 0, true);
    }

    /**
     * D(γ), warm-started from {@code start} (null: the least-squares fit), with at most {@code budget}
     * iterations: reweighted least squares ({@link ReweightedFit}) first, then FISTA from its end point,
     * whose gap test (the dual objective at the scaled residual) alone decides convergence.
     */
    Fit solve(double gamma, double[] start, int budget) {
        if (gamma >= loss.xtyNorm) {
            return zero(gamma);
        }
        int cap = Math.min(maxIterations, budget);
        double tau = gamma / loss.lipschitz;
        ReweightedFit.Result pre = reweighted.run(start == null ? loss.leastSquares() : start, gamma, cap);
        double[] a = pre.a();
        double fa = objective(a, gamma, nuclear(a));
        if (start != null) {
            double fs = objective(start, gamma, nuclear(start));
            if (fs < fa) {
                a = start;
                fa = fs;
            }
        }
        double[] y = a;
        double tk = 1;
        int it = 0;
        int fistaCap = Math.max(1, cap - pre.iterations());
        double dual = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int rank = 0;
        double[] out = new double[2];
        int sinceReweight = 0;
        while (it < fistaCap) {
            if (sinceReweight >= REWEIGHT_EVERY && fistaCap - it > 1) {
                // FISTA stalls where singular values of X far below s_1 still matter; the exact row
                // solves of the reweighted steps move those directions at once, so resume from them
                sinceReweight = 0;
                // leave at least one thresholding step, which sets the rank and the exact zeros
                ReweightedFit.Result again = reweighted.run(a, gamma, fistaCap - it - 1);
                it += again.iterations();
                if (again.value() <= fa + ReweightedFit.ROUNDING_RTOL * Math.max(1, Math.abs(fa))) {
                    a = again.a();
                    fa = again.value();
                    y = a;
                    tk = 1;
                }
            }
            it++;
            sinceReweight++;
            SmallSvd svd = SmallSvd.of(loss.gradientStep(y), loss.r, loss.k);
            double[] shrunk = new double[svd.k];
            double nuclear = 0;
            int count = 0;
            for (int i = 0; i < svd.k; i++) {
                shrunk[i] = Math.max(svd.s[i] - tau, 0.0);
                nuclear += shrunk[i];
                count += shrunk[i] > 0 ? 1 : 0;
            }
            double[] next = svd.compose(shrunk, svd.k);
            double fn = objective(next, gamma, nuclear);
            if (fn > fa && tk > 1) {
                // function-value restart (O'Donoghue and Candès): drop the momentum, step again from a
                y = a;
                tk = 1;
                continue;
            }
            double tn = 0.5 * (1 + Math.sqrt(1 + 4 * tk * tk));
            double f = (tk - 1) / tn;
            double[] yn = new double[next.length];
            for (int i = 0; i < yn.length; i++) {
                yn[i] = next[i] + f * (next[i] - a[i]);
            }
            y = yn;
            tk = tn;
            a = next;
            fa = fn;
            rank = count;
            if (it % 5 == 0 || it == 1) {
                dualAt(a, gamma, out);
                dual = Math.max(dual, out[0]);
                if (fa - dual <= GAP_RTOL * Math.max(1, Math.abs(dual))) {
                    converged = true;
                    break;
                }
            }
        }
        dualAt(a, gamma, out);
        return new Fit(gamma, a, out[1], out[0], fa, rank, it + pre.iterations(), converged);
    }

    /** out = {dual objective at αΛ, α} for the iterate A. */
    private void dualAt(double[] a, double gamma, double[] out) {
        double[] residual = new double[a.length];
        for (int j = 0; j < loss.k; j++) {
            for (int i = 0; i < loss.r; i++) {
                int ij = i + j * loss.r;
                residual[ij] = loss.z[ij] - loss.s[i] * a[ij];
            }
        }
        double nu = SmallSvd.of(loss.scaleRows(residual), loss.r, loss.k).s[0];
        double alpha = nu > gamma ? gamma / nu : 1.0;
        // only the column-space part U·R of Λ meets the constraint (XᵀΛ = V diag(s) R); the rest stays
        double dist = 0;
        for (int i = 0; i < residual.length; i++) {
            double e = alpha * residual[i] - loss.z[i];
            dist += e * e;
        }
        out[0] = loss.half - 0.5 * dist;
        out[1] = alpha;
    }

    private double objective(double[] a, double gamma, double nuclear) {
        return loss.loss(a) + gamma * nuclear;
    }

    private double nuclear(double[] a) {
        double sum = 0;
        for (double v : SmallSvd.of(a, loss.r, loss.k).s) {
            sum += v;
        }
        return sum;
    }
}

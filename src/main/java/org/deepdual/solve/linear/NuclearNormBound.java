package org.deepdual.solve.linear;

import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The paper's dual bound for a deep linear network with vector output on arbitrary X (docs/theory.md
 * §5): the TC dual {@code D_t = min_W ½‖XW−Y‖² + γ‖W‖_*} (γ = βt^{−(L−2)}) and the WD bound
 * {@code LB = min_t [D_t + (L−2)βt²/2]}.
 *
 * <p>Everything runs in the coordinates of the thin SVD {@code X = U diag(s) Vᵀ}: W = V A with A
 * (r × K), {@code ½‖XW−Y‖² = ½‖diag(s)A − Z‖² + ½(‖Y‖² − ‖Z‖²)}. D_t is solved by FISTA with
 * singular value thresholding and function-value restart; the reported value is the dual objective
 * {@code ½‖Y‖² − ½‖Λ̂ − Y‖²} at the residual {@code Λ = Y − XW = (I − UUᵀ)Y + U R} with its
 * column-space part scaled onto the feasible set, {@code Λ̂ = (I − UUᵀ)Y + α U R} with
 * α = min(1, γ/‖XᵀΛ‖₂), so it is a lower bound whatever the iteration reached. The outer search over
 * t scans log t between the t below which W = 0 is optimal and the t above which the penalty alone
 * exceeds ½‖Y‖², then refines every local minimum of the scan by golden section.
 */
final class NuclearNormBound {
    static final double GAP_RTOL = 1e-10;
    static final int MAX_ITERATIONS = 100_000;
    /**
     * FISTA iterations over all dual solves of one bound: without a shared cap the WD search (16 scan
     * points and golden refinements, each up to MAX_ITERATIONS) ran for minutes on X with σ_r/σ_1 ≈ 1e-9.
     */
    static final int TOTAL_ITERATIONS = 4 * MAX_ITERATIONS;
    private static final int SCAN = 16;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private final double[] s;
    private final Matrix z;
    private final double targetSquares;
    private final double unreachable;
    private final double lipschitz;
    private final double xtyNorm;
    private final int maxIterations;
    private int remaining;

    NuclearNormBound(double[] s, Matrix z, double targetSquares, double unreachable) {
        this(s, z, targetSquares, unreachable, MAX_ITERATIONS);
    }

    /** @param maxIterations the FISTA cap per dual solve (below MAX_ITERATIONS only to test non-convergence) */
    NuclearNormBound(double[] s, Matrix z, double targetSquares, double unreachable, int maxIterations) {
        this.maxIterations = maxIterations;
        this.remaining = Math.max(maxIterations, TOTAL_ITERATIONS);
        this.s = s.clone();
        this.z = z;
        this.targetSquares = targetSquares;
        this.unreachable = unreachable;
        this.lipschitz = s[0] * s[0];
        this.xtyNorm = spectral(scaleRows(s, z));
    }

    /**
     * One TC dual solve.
     *
     * @param a the FISTA iterate (reduced coordinates)
     * @param alpha the feasibility scaling of the column-space part of Λ = Y − XW
     * @param dual the dual objective at αΛ (a lower bound on the TC primal with the same γ)
     * @param primal ½‖XW−Y‖² + γ‖W‖_* at the iterate
     */
    record Fit(double gamma, Matrix a, double alpha, double dual, double primal, int iterations, boolean converged) {
    }

    /**
     * The WD bound.
     *
     * @param fit the TC dual solve at the minimising t (empty fit, alpha 1 and A = 0 for the limit t → 0,
     *     where Λ = Y)
     */
    record WdBound(double value, double t, Fit fit, int iterations, boolean converged) {
    }

    /** D_t at γ, warm-started from {@code start} (null: zero). */
    Fit tc(double gamma, Matrix start) {
        int r = s.length;
        int k = z.cols();
        if (gamma >= xtyNorm) {
            Matrix zero = Matrix.zeros(r, k);
            return new Fit(gamma, zero, 1.0, 0.5 * targetSquares, 0.5 * targetSquares, 0, true);
        }
        Matrix a = start == null ? Matrix.zeros(r, k) : start;
        double[] shrunk = new double[1];
        double fa = objective(a, gamma, nuclear(a));
        Matrix y = a;
        double tk = 1;
        int it = 0;
        double dual = Double.NEGATIVE_INFINITY;
        double alpha = 1;
        boolean converged = false;
        while (it < maxIterations && remaining > 0) {
            it++;
            remaining--;
            Matrix step = y.minus(scaleRows(s, scaleRows(s, y).minus(z)).scale(1 / lipschitz));
            Matrix next = threshold(step, gamma / lipschitz, shrunk);
            double fn = objective(next, gamma, shrunk[0]);
            if (fn > fa && tk > 1) {
                // function-value restart (O'Donoghue and Candès): drop the momentum, step again from a
                y = a;
                tk = 1;
                continue;
            }
            double tn = 0.5 * (1 + Math.sqrt(1 + 4 * tk * tk));
            y = next.plus(next.minus(a).scale((tk - 1) / tn));
            tk = tn;
            a = next;
            fa = fn;
            if (it % 5 == 0 || it == 1) {
                double[] d = dualAt(a, gamma);
                if (d[0] > dual) {
                    dual = d[0];
                    alpha = d[1];
                }
                if (fa - dual <= GAP_RTOL * Math.max(1, Math.abs(dual))) {
                    converged = true;
                    break;
                }
            }
        }
        double[] d = dualAt(a, gamma);
        return new Fit(gamma, a, d[1], d[0], fa, it, converged);
    }

    /** The WD bound min_t [D_t + (L−2)βt²/2] for L ≥ 3; for L = 2 the TC dual at γ = β. */
    WdBound wd(double beta, int depth) {
        if (depth == 2) {
            Fit f = tc(beta, null);
            return new WdBound(f.dual(), Double.NaN, f, f.iterations(), f.converged());
        }
        Fit limit = tc(Double.POSITIVE_INFINITY, null);
        WdBound best = new WdBound(0.5 * targetSquares, 0.0, limit, 0, true);
        double t0 = Math.pow(beta / xtyNorm, 1.0 / (depth - 2));
        double tMax = Math.sqrt(targetSquares / ((depth - 2) * beta));
        if (!(t0 < tMax)) {
            return best;
        }
        double lo = Math.log(t0);
        double hi = Math.log(tMax);
        double[] g = new double[SCAN];
        Fit[] fits = new Fit[SCAN];
        int iterations = 0;
        boolean converged = true;
        Matrix warm = null;
        for (int k = 0; k < SCAN; k++) {
            double x = lo + (hi - lo) * k / (SCAN - 1);
            fits[k] = tc(gammaAt(beta, depth, x), warm);
            warm = fits[k].a();
            iterations += fits[k].iterations();
            converged &= fits[k].converged();
            g[k] = fits[k].dual() + 0.5 * (depth - 2) * beta * Math.exp(2 * x);
        }
        for (int k = 0; k < SCAN; k++) {
            boolean localMin = (k == 0 || g[k] <= g[k - 1]) && (k == SCAN - 1 || g[k] <= g[k + 1]);
            if (!localMin) {
                continue;
            }
            double a = lo + (hi - lo) * Math.max(k - 1, 0) / (SCAN - 1);
            double b = lo + (hi - lo) * Math.min(k + 1, SCAN - 1) / (SCAN - 1);
            WdBound refined = golden(beta, depth, a, b, fits[k]);
            iterations += refined.iterations();
            converged &= refined.converged();
            double x = lo + (hi - lo) * k / (SCAN - 1);
            WdBound candidate = refined.value() < g[k] ? refined : new WdBound(g[k], Math.exp(x), fits[k], 0, true);
            if (candidate.value() < best.value()) {
                best = candidate;
            }
        }
        return new WdBound(best.value(), best.t(), best.fit(), iterations, converged);
    }

    private WdBound golden(double beta, int depth, double lo, double hi, Fit warm) {
        double a = lo;
        double b = hi;
        double x1 = b - GOLDEN * (b - a);
        double x2 = a + GOLDEN * (b - a);
        Fit f1 = tc(gammaAt(beta, depth, x1), warm.a());
        Fit f2 = tc(gammaAt(beta, depth, x2), f1.a());
        int iterations = f1.iterations() + f2.iterations();
        boolean converged = f1.converged() && f2.converged();
        double g1 = f1.dual() + 0.5 * (depth - 2) * beta * Math.exp(2 * x1);
        double g2 = f2.dual() + 0.5 * (depth - 2) * beta * Math.exp(2 * x2);
        while (b - a > 1e-7) {
            if (g1 <= g2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                g2 = g1;
                x1 = b - GOLDEN * (b - a);
                f1 = tc(gammaAt(beta, depth, x1), f2.a());
                g1 = f1.dual() + 0.5 * (depth - 2) * beta * Math.exp(2 * x1);
                iterations += f1.iterations();
                converged &= f1.converged();
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                g1 = g2;
                x2 = a + GOLDEN * (b - a);
                f2 = tc(gammaAt(beta, depth, x2), f1.a());
                g2 = f2.dual() + 0.5 * (depth - 2) * beta * Math.exp(2 * x2);
                iterations += f2.iterations();
                converged &= f2.converged();
            }
        }
        return g1 <= g2 ? new WdBound(g1, Math.exp(x1), f1, iterations, converged)
                : new WdBound(g2, Math.exp(x2), f2, iterations, converged);
    }

    private static double gammaAt(double beta, int depth, double logT) {
        return beta * Math.exp(-(depth - 2) * logT);
    }

    /** {dual objective at αΛ, α} for the iterate A. */
    private double[] dualAt(Matrix a, double gamma) {
        Matrix residual = z.minus(scaleRows(s, a));
        double nu = spectral(scaleRows(s, residual));
        double alpha = nu > gamma ? gamma / nu : 1.0;
        // only the column-space part U·R of Λ meets the constraint (XᵀΛ = V diag(s) R); the rest stays
        return new double[] {0.5 * targetSquares - 0.5 * residual.scale(alpha).minus(z).frobeniusNormSquared(), alpha};
    }

    private double objective(Matrix a, double gamma, double nuclear) {
        return 0.5 * scaleRows(s, a).minus(z).frobeniusNormSquared() + unreachable + gamma * nuclear;
    }

    /** Singular value soft-thresholding at τ; out[0] receives the nuclear norm of the result. */
    private static Matrix threshold(Matrix b, double tau, double[] out) {
        Svd svd = Decompositions.thinSvd(b);
        double[] sh = new double[svd.s().length];
        double sum = 0;
        for (int i = 0; i < sh.length; i++) {
            sh[i] = Math.max(svd.s()[i] - tau, 0.0);
            sum += sh[i];
        }
        out[0] = sum;
        return Decompositions.scaleColumns(svd.u(), sh).times(svd.v().transpose());
    }

    private static double nuclear(Matrix a) {
        double sum = 0;
        for (double v : Decompositions.singularValues(a)) {
            sum += v;
        }
        return sum;
    }

    static double spectral(Matrix a) {
        return a.rows() == 0 || a.cols() == 0 ? 0.0 : Decompositions.singularValues(a)[0];
    }

    /** diag(s)·M. */
    static Matrix scaleRows(double[] s, Matrix m) {
        double[] c = m.toColumnMajor();
        int r = m.rows();
        for (int j = 0; j < m.cols(); j++) {
            for (int i = 0; i < r; i++) {
                c[i + j * r] *= s[i];
            }
        }
        return Matrix.ofColumnMajor(r, m.cols(), c);
    }
}

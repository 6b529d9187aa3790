package org.deepdual.solve.linear;

import org.deepdual.linalg.Vectors;

/**
 * The ridge path of docs/theory.md §4 for scalar output: {@code a_i(μ) = s_i c_i/(s_i² + μ)} and
 * {@code w(μ) = V a(μ)}, with s the nonzero singular values of X and c = Uᵀy. Every quantity the
 * scalar deep linear solves need is a sum over the r singular values at one μ, so a cell costs O(r)
 * per evaluated μ.
 *
 * <p>Three searches live here: the secular equation {@code μ‖a(μ)‖ = γ} of the TC problem (its left
 * side increases in μ), the stationary points {@code μ = β‖a(μ)‖^{2/L−2}} of the WD objective
 * (L ≥ 3; roots of {@code F(log μ) = log μ − log β + (1 − 1/L) log‖a‖²}, whose sign is the sign of
 * dJ/dμ, so local minima of J are the upward crossings of F), and the WD dual value
 * {@code min_t [D_t* + (L−2)βt²/2]}, bounded from below by {@link WdDualEnvelope} on TC dual values
 * taken at secular roots: it shares no search with the primal, so the two meeting certifies the cell.
 */
final class RidgePath {
    private static final double SCAN_STEP = 0.5;
    private static final int MAX_SCAN = 400;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private final double[] s2;
    private final double[] sc;
    private final double[] c;
    private final double[] s;
    private final double halfTargetSquares;
    private final double unreachable;
    private final double xty;
    private final double lsNormSquared;

    RidgePath(double[] s, double[] c, double targetSquares, double unreachable) {
        int r = s.length;
        this.s = s.clone();
        this.c = c.clone();
        this.s2 = new double[r];
        this.sc = new double[r];
        double n2 = 0;
        double ls = 0;
        for (int i = 0; i < r; i++) {
            s2[i] = s[i] * s[i];
            sc[i] = s[i] * c[i];
            n2 += sc[i] * sc[i];
            ls += (c[i] / s[i]) * (c[i] / s[i]);
        }
        this.halfTargetSquares = 0.5 * targetSquares;
        this.unreachable = unreachable;
        this.xty = Math.sqrt(n2);
        this.lsNormSquared = ls;
    }

    /** ‖Xᵀy‖ = ‖s∘c‖: for γ at or above it the TC optimum is w = 0. */
    double xty() {
        return xty;
    }

    /** ½‖y‖². */
    double halfTargetSquares() {
        return halfTargetSquares;
    }

    /** ‖a(0)‖² = ‖X⁺y‖², the squared norm of the minimum-norm least-squares solution. */
    double leastSquaresNormSquared() {
        return lsNormSquared;
    }

    /** a(μ); μ = 0 gives X⁺y in the basis V. */
    double[] coefficients(double mu) {
        double[] a = new double[s.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = mu == 0 ? c[i] / s[i] : sc[i] / (s2[i] + mu);
        }
        return a;
    }

    /** ‖a(μ)‖². */
    double normSquared(double mu) {
        double n = 0;
        for (int i = 0; i < s2.length; i++) {
            double a = sc[i] / (s2[i] + mu);
            n += a * a;
        }
        return n;
    }

    /** ½‖Xw(μ) − y‖² = ½Σ c_i²μ²/(s_i²+μ)² + ½(‖y‖² − ‖c‖²). */
    double loss(double mu) {
        double l = 0;
        for (int i = 0; i < s2.length; i++) {
            double e = c[i] * mu / (s2[i] + mu);
            l += e * e;
        }
        return 0.5 * l + unreachable;
    }

    /**
     * The TC dual objective {@code ½‖y‖² − ½‖λ̂ − y‖²} at λ = y − Xw(μ) with its column-space part
     * {@code U(c − s∘a)} scaled by α = min(1, γ/‖Xᵀλ‖) onto the feasible set ‖Xᵀλ‖ ≤ γ (the part
     * outside the column space is unconstrained; ‖Xᵀλ‖ = μ‖a(μ)‖ exactly).
     */
    double feasibleDualObjective(double mu, double gamma) {
        double[] a = coefficients(mu);
        double na = Vectors.normSquared(a);
        double alpha = Math.min(1.0, gamma / (mu * Math.sqrt(na)));
        double dist = 0;
        for (int i = 0; i < a.length; i++) {
            double e = alpha * (c[i] - s[i] * a[i]) - c[i];
            dist += e * e;
        }
        return halfTargetSquares - 0.5 * dist;
    }

    /**
     * The μ solving {@code μ‖a(μ)‖ = γ} for 0 &lt; γ &lt; ‖Xᵀy‖ (safeguarded Newton on log μ; the left
     * side is increasing with logarithmic slope in (0, 1]).
     */
    double secularRoot(double gamma) {
        if (!(gamma > 0 && gamma < xty)) {
            throw new IllegalArgumentException("gamma must be in (0, ||X^T y|| = " + xty + "), got " + gamma);
        }
        double lo = Math.log(gamma) - 0.5 * Math.log(lsNormSquared);
        double hi = Math.log(gamma * s2[0] / (xty - gamma));
        double x = 0.5 * (lo + hi);
        double logGamma = Math.log(gamma);
        for (int it = 0; it < 200; it++) {
            double mu = Math.exp(x);
            double n = 0;
            double dn = 0;
            for (int i = 0; i < s2.length; i++) {
                double a = sc[i] / (s2[i] + mu);
                n += a * a;
                dn += a * a / (s2[i] + mu);
            }
            double f = x + 0.5 * Math.log(n) - logGamma;
            if (f == 0) {
                return mu;
            }
            if (f > 0) {
                hi = x;
            } else {
                lo = x;
            }
            double slope = 1 - mu * dn / n;
            double next = x - f / slope;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - x) <= 4 * Math.ulp(Math.abs(x)) + 1e-15 || hi - lo <= 1e-15) {
                return Math.exp(next);
            }
            x = next;
        }
        return Math.exp(x);
    }

    /**
     * The WD primal for L ≥ 3 (docs/theory.md §4): the μ of the optimum on the ridge path, +∞ when
     * w = 0 (value ½‖y‖²) is optimal. Every nonzero stationary point lies in [μ_lo, μ_hi] with
     * {@code μ_lo = β‖a(0)‖^{2/L−2}} and {@code μ_hi = (‖Xᵀy‖^{2−2/L}/β)^{L/(L−2)}}, where F is negative
     * at both ends (the scan runs one nat wider on each side). The upward crossings of F are the local
     * minima of J; since |F'| &lt; 1 a pair of crossings between two scan points can only hide where the
     * two values of F sum to more than −step (or, for a dip, less than step), where F is maximised
     * (minimised) by golden section. The best local minimum is compared with w = 0.
     */
    double wdMinimum(int depth, double beta) {
        double[] range = wdRange(depth, beta);
        if (range == null) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = range[0] - 1;
        double hi = range[1] + 1;
        int points = (int) Math.min(MAX_SCAN, Math.ceil((hi - lo) / SCAN_STEP) + 1);
        double step = (hi - lo) / (points - 1);
        double[] f = new double[points];
        double logBeta = Math.log(beta);
        double w = 1 - 1.0 / depth;
        for (int k = 0; k < points; k++) {
            double x = lo + k * step;
            f[k] = x - logBeta + w * Math.log(normSquared(Math.exp(x)));
        }
        return primalMinimum(f, lo, step, depth, beta);
    }

    /**
     * The WD dual {@code min_t [D_t + (L−2)βt²/2]} for L ≥ 3, certified by {@link WdDualEnvelope} on
     * exact samples of the TC dual value: at γ the secular root μ(γ) gives the feasible
     * {@code λ = y − Xw(μ)} (lower value, {@link #feasibleDualObjective}) and the primal value
     * {@code ½‖Xw(μ) − y‖² + γ‖a(μ)‖} (upper value). Independent of {@link #wdMinimum}: the two searches
     * share nothing but the data, so their agreement certifies the cell.
     *
     * @param rtol the bracket to reach, relative to max(1, value)
     */
    WdDualEnvelope.Bound<Double> wdDual(int depth, double beta, double rtol) {
        WdDualEnvelope<Double> envelope = new WdDualEnvelope<>(halfTargetSquares, unreachable, xty,
                (gamma, nearest) -> {
                    double mu = secularRoot(gamma);
                    double upper = loss(mu) + gamma * Math.sqrt(normSquared(mu));
                    return new WdDualEnvelope.Sample<>(gamma, feasibleDualObjective(mu, gamma), upper, mu, 0, true);
                });
        return envelope.bound(beta, depth, rtol);
    }

    private double primalMinimum(double[] f, double lo, double step, int depth, double beta) {
        double bestMu = Double.POSITIVE_INFINITY;
        double bestValue = halfTargetSquares;
        for (int k = 0; k + 1 < f.length; k++) {
            double root = Double.NaN;
            double x0 = lo + k * step;
            double x1 = x0 + step;
            if (f[k] < 0 && f[k + 1] >= 0) {
                root = wdRoot(x0, x1, depth, beta);
            } else if (f[k] < 0 && f[k + 1] < 0 && f[k] + f[k + 1] > -step) {
                double xm = extremum(x0, x1, depth, beta, true);
                if (wdF(xm, depth, beta) >= 0) {
                    root = wdRoot(x0, xm, depth, beta);
                }
            } else if (f[k] >= 0 && f[k + 1] >= 0 && f[k] + f[k + 1] < step) {
                double xm = extremum(x0, x1, depth, beta, false);
                if (wdF(xm, depth, beta) < 0) {
                    root = wdRoot(xm, x1, depth, beta);
                }
            }
            if (!Double.isNaN(root)) {
                double mu = Math.exp(root);
                double value = loss(mu) + 0.5 * depth * beta * Math.pow(normSquared(mu), 1.0 / depth);
                if (value < bestValue) {
                    bestValue = value;
                    bestMu = mu;
                }
            }
        }
        return bestMu;
    }

    /** [log μ_lo, log μ_hi], or null when the range is empty (no nonzero stationary point). */
    private double[] wdRange(int depth, double beta) {
        if (xty == 0 || beta == 0) {
            return null;
        }
        double lo = Math.log(beta) - (1 - 1.0 / depth) * Math.log(lsNormSquared);
        double hi = depth / (depth - 2.0) * ((2 - 2.0 / depth) * Math.log(xty) - Math.log(beta));
        return lo < hi ? new double[] {lo, hi} : null;
    }

    private double wdF(double x, int depth, double beta) {
        return x - Math.log(beta) + (1 - 1.0 / depth) * Math.log(normSquared(Math.exp(x)));
    }

    /** The upward crossing of F in [a, b] (F(a) &lt; 0 ≤ F(b)), by safeguarded Newton. */
    private double wdRoot(double a, double b, int depth, double beta) {
        double lo = a;
        double hi = b;
        double x = 0.5 * (a + b);
        double logBeta = Math.log(beta);
        double w = 1 - 1.0 / depth;
        for (int it = 0; it < 200; it++) {
            double mu = Math.exp(x);
            double n = 0;
            double dn = 0;
            for (int i = 0; i < s2.length; i++) {
                double ai = sc[i] / (s2[i] + mu);
                n += ai * ai;
                dn += ai * ai / (s2[i] + mu);
            }
            double f = x - logBeta + w * Math.log(n);
            if (f == 0) {
                return x;
            }
            if (f > 0) {
                hi = x;
            } else {
                lo = x;
            }
            double slope = 1 - 2 * w * mu * dn / n;
            double next = slope > 0 ? x - f / slope : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - x) <= 4 * Math.ulp(Math.abs(x)) + 1e-15 || hi - lo <= 1e-15) {
                return next;
            }
            x = next;
        }
        return x;
    }

    /** The maximiser (or minimiser) of F on [a, b] by golden section. */
    private double extremum(double a, double b, int depth, double beta, boolean maximise) {
        double sign = maximise ? -1 : 1;
        double lo = a;
        double hi = b;
        double x1 = hi - GOLDEN * (hi - lo);
        double x2 = lo + GOLDEN * (hi - lo);
        double f1 = sign * wdF(x1, depth, beta);
        double f2 = sign * wdF(x2, depth, beta);
        while (hi - lo > 1e-9) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - GOLDEN * (hi - lo);
                f1 = sign * wdF(x1, depth, beta);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + GOLDEN * (hi - lo);
                f2 = sign * wdF(x2, depth, beta);
            }
        }
        return f1 <= f2 ? x1 : x2;
    }
}

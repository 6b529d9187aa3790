package org.deepdual.solve.core;

/**
 * The paper's dual value when its TC dual has a shrinkage closed form (docs/theory.md §3, §5, §6):
 * {@code D_t = ½‖Y‖² − ½Σ_i ((z_i − γ/c)₊)²} with {@code γ = βt^{−(L−2)}}, the dual objective
 * {@code −½‖Λ−Y‖² + ½‖Y‖²} at {@code Λ* = Y − (shrunk targets)}. Here z_i are the singular values of
 * UᵀY and c the common singular value of a whitened X (deep linear, vector output), or z_i are the
 * path targets a_p and c = 1 (deep ReLU on whitened data, where D_t = Σ huber_γ(a_p)).
 *
 * <p>The WD dual bound is {@code min_{t>0} [D_t + (L−2)βt²/2]} (docs/theory.md L3). In the threshold
 * u = γ/c it is {@code h(u) = ½‖Y‖² − ½Σ((z_i−u)₊)² + E u^{−2/(L−2)}} with
 * {@code E = ((L−2)β/2)(β/c)^{2/(L−2)}}. Between consecutive targets h'(u) is
 * {@code A_j − j·u − C u^{−L/(L−2)}} (j active targets, C = 2E/(L−2)), a concave function, so every
 * local minimum of h is the unique upward zero of h' left of the maximiser of h' on its interval,
 * found by bisection; the limit t → 0 (u → ∞) contributes ½‖Y‖².
 */
public final class ShrinkageDualBound {
    private final double[] z;
    private final double halfTargetSquares;
    private final double c;

    /**
     * @param z the targets, any order, ≥ 0
     * @param targetSquares ‖Y‖²
     * @param c the common singular value of X (1 for the ReLU paths)
     */
    public ShrinkageDualBound(double[] z, double targetSquares, double c) {
        this.z = z.clone();
        java.util.Arrays.sort(this.z);
        reverse(this.z);
        this.halfTargetSquares = 0.5 * targetSquares;
        this.c = c;
    }

    /**
     * The dual value and where it is attained.
     *
     * @param value the dual value
     * @param threshold u = γ/c at the optimum (+∞ for the limit t → 0, where Λ* = Y)
     * @param t the t of the optimum (0 for the limit)
     */
    public record Bound(double value, double threshold, double t) {
    }

    /** D_t at threshold u = γ/c. */
    double tcDual(double u) {
        double s = 0;
        for (double zi : z) {
            double e = zi - u;
            if (e > 0) {
                s += e * e;
            }
        }
        return halfTargetSquares - 0.5 * s;
    }

    /** The TC dual at γ = βt^{−(L−2)} (L = 2: γ = β). */
    public Bound tc(double beta, int depth, double t) {
        double gamma = beta * Math.pow(t, -(depth - 2));
        return new Bound(tcDual(gamma / c), gamma / c, t);
    }

    /** {@code min_{t>0} [D_t + (L−2)βt²/2]}; for L = 2 simply D with γ = β. */
    public Bound wd(double beta, int depth) {
        if (depth == 2 || beta == 0) {
            return new Bound(tcDual(beta / c), beta / c, Double.NaN);
        }
        double e = 0.5 * (depth - 2) * beta * Math.pow(beta / c, 2.0 / (depth - 2));
        double p = depth / (depth - 2.0);
        double cc = 2 * e / (depth - 2);
        Bound best = new Bound(halfTargetSquares, Double.POSITIVE_INFINITY, 0.0);
        double activeSum = 0;
        for (int j = 1; j <= z.length; j++) {
            activeSum += z[j - 1];
            double hi = z[j - 1];
            double lo = j < z.length ? z[j] : 0.0;
            if (!(hi > lo)) {
                continue;
            }
            int active = j;
            double sum = activeSum;
            double peak = Math.pow(p * cc / active, 1 / (p + 1));
            double right = Math.min(hi, peak);
            if (right <= lo || derivative(sum, active, cc, p, right) <= 0) {
                continue;
            }
            double a = lo;
            double b = right;
            if (lo > 0 && derivative(sum, active, cc, p, lo) >= 0) {
                b = lo;
                a = lo;
            }
            for (int it = 0; it < 200 && b - a > 4 * Math.ulp(b); it++) {
                double m = a == 0 ? 0.5 * b : 0.5 * (a + b);
                if (derivative(sum, active, cc, p, m) < 0) {
                    a = m;
                } else {
                    b = m;
                }
            }
            double u = b;
            double value = tcDual(u) + e * Math.pow(u, -2.0 / (depth - 2));
            if (value < best.value()) {
                double gamma = c * u;
                best = new Bound(value, u, Math.pow(beta / gamma, 1.0 / (depth - 2)));
            }
        }
        return best;
    }

    private static double derivative(double sum, int active, double cc, double p, double u) {
        return sum - active * u - cc * Math.pow(u, -p);
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

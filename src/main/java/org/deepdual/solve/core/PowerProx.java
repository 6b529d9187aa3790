package org.deepdual.solve.core;

/**
 * The scalar helpers of docs/theory.md §1, for s ≥ 0:
 * <ul>
 *   <li>{@code huber_γ(s) = min_{m≥0} ½(m−s)² + γm}: s²/2 for s ≤ γ, γs − γ²/2 above;</li>
 *   <li>{@code prox_pow(s; L, β) = argmin_{m≥0} ½(m−s)² + (Lβ/2) m^{2/L}} and its minimum value
 *       {@code h_pow(s; L, β)}: ridge for L = 1, soft threshold for L = 2, and for L ≥ 3 a minimiser
 *       that jumps from 0 to m*(L, β) at s = s*(L, β);</li>
 *   <li>the two roots of the stationarity equation {@code m + κ m^{2/L−1} = s} (L ≥ 3), which the
 *       reduced TC problem of docs/theory.md §5 needs for arbitrary κ.</li>
 * </ul>
 * Depth L is an integer ≥ 1; β and κ are ≥ 0.
 */
public final class PowerProx {
    private static final int MAX_NEWTON = 200;
    /** A residual |g(m) − s| at this fraction of s is rounding noise: no iteration can do better. */
    private static final double RESIDUAL_RTOL = 1e-15;

    private PowerProx() {
    }

    /** huber_γ(s) for s ≥ 0 (docs/theory.md §1). */
    public static double huber(double s, double gamma) {
        return s <= gamma ? 0.5 * s * s : gamma * s - 0.5 * gamma * gamma;
    }

    /** prox_pow(s; L, β), the minimiser over m ≥ 0 of ½(m−s)² + (Lβ/2) m^{2/L}. */
    public static double prox(double s, int depth, double beta) {
        requireArguments(s, depth, beta);
        if (beta == 0) {
            return s;
        }
        if (depth == 1) {
            return s / (1 + beta);
        }
        if (depth == 2) {
            return Math.max(s - beta, 0.0);
        }
        if (s <= jumpThreshold(depth, beta)) {
            return 0.0;
        }
        return largeRoot(s, beta, depth);
    }

    /** h_pow(s; L, β), the minimum value of ½(m−s)² + (Lβ/2) m^{2/L} over m ≥ 0. */
    public static double value(double s, int depth, double beta) {
        double m = prox(s, depth, beta);
        return objective(m, s, depth, beta);
    }

    /** ½(m−s)² + (Lβ/2) m^{2/L}. */
    public static double objective(double m, double s, int depth, double beta) {
        double d = m - s;
        double penalty = m == 0 ? 0.0 : 0.5 * depth * beta * Math.pow(m, 2.0 / depth);
        return 0.5 * d * d + penalty;
    }

    /**
     * The smallest amplitude a nonzero minimiser can have, {@code m* = ((L−2)β)^{L/(2(L−1))}} for
     * L ≥ 3; 0 for L ≤ 2, where the minimiser is continuous.
     */
    public static double jumpAmplitude(int depth, double beta) {
        requireArguments(0, depth, beta);
        if (depth <= 2) {
            return 0.0;
        }
        return Math.pow((depth - 2) * beta, depth / (2.0 * (depth - 1)));
    }

    /**
     * The threshold s* below which (inclusive) the minimiser is 0: {@code s* = m*(L−1)/(L−2)} for
     * L ≥ 3, β for L = 2, and 0 for L = 1.
     */
    public static double jumpThreshold(int depth, double beta) {
        requireArguments(0, depth, beta);
        if (depth == 1) {
            return 0.0;
        }
        if (depth == 2) {
            return beta;
        }
        return jumpAmplitude(depth, beta) * (depth - 1) / (depth - 2);
    }

    /**
     * The fold of {@code g(m) = m + κ m^{2/L−1}} (L ≥ 3): g is convex on m > 0 with its minimum at
     * {@code m_c = (κ(L−2)/L)^{L/(2(L−1))}}; the equation g(m) = s has roots iff s ≥ g(m_c).
     */
    public static double foldPoint(double kappa, int depth) {
        requireStationarityDepth(depth);
        return Math.pow(kappa * (depth - 2) / depth, depth / (2.0 * (depth - 1)));
    }

    /**
     * The largest κ for which {@code m + κ m^{2/L−1} = s} has a root (L ≥ 3):
     * {@code κ_c(s) = (L/(L−2))·(s(L−2)/(2(L−1)))^{2(L−1)/L}}. There the two roots meet at
     * {@code s(L−2)/(2(L−1))}.
     */
    public static double maxKappa(double s, int depth) {
        requireStationarityDepth(depth);
        double mc = s * (depth - 2) / (2.0 * (depth - 1));
        return depth / (depth - 2.0) * Math.pow(mc, 2.0 * (depth - 1) / depth);
    }

    /**
     * The largest root of {@code m + κ m^{2/L−1} = s} (L ≥ 3, s > 0, κ ≥ 0), in [m_c, s]; NaN when
     * κ exceeds {@link #maxKappa}. Newton from m = s decreases monotonically to the root because g is
     * convex and g(s) ≥ s; bisection takes over if rounding breaks the monotonicity.
     */
    public static double largeRoot(double s, double kappa, int depth) {
        return largeRoot(s, kappa, depth, Double.NaN);
    }

    /**
     * {@link #largeRoot(double, double, int)} with Newton started at {@code start} (clipped to
     * [m_c, s]; NaN: the default start), for callers that follow the root along κ.
     */
    static double largeRoot(double s, double kappa, int depth, double start) {
        requireStationarityDepth(depth);
        if (kappa == 0) {
            return s;
        }
        if (!(s > 0)) {
            return Double.NaN;
        }
        return largeRoot(s, kappa, depth, start, Fold.at(kappa, depth), Double.NaN);
    }

    /**
     * The fold of g at one κ, {@code m_c} and {@code m_c^{2/L−1}}: the same for every target, so a caller
     * that solves several targets at one κ ({@link ReducedTcProblem}) computes it once.
     */
    record Fold(double kappa, double point, double power) {
        static Fold at(double kappa, int depth) {
            double point = foldPoint(kappa, depth);
            return new Fold(kappa, point, Math.pow(point, 2.0 / depth - 1));
        }
    }

    /**
     * {@link #largeRoot(double, double, int, double)} for s &gt; 0, κ &gt; 0 with the fold at κ given and
     * {@code maxKappa} = {@link #maxKappa}(s) (NaN: computed here when needed): the same operations.
     */
    static double largeRoot(double s, double kappa, int depth, double start, Fold fold, double maxKappa) {
        double p = 2.0 / depth - 1;
        double lo = fold.point();
        double foldPower = fold.power();
        double depthBelow = s - lo - kappa * foldPower;
        if (depthBelow < 0) {
            return kappaAtFold(s, kappa, depth, maxKappa) ? lo : Double.NaN;
        }
        double hi = s;
        double m = s;
        if (!Double.isNaN(start)) {
            m = Math.max(lo, Math.min(s, start));
        } else if (depthBelow < 0.1 * s) {
            // near the fold Newton from s crawls; the quadratic model there puts m left of the root (g'' falls)
            m = Math.min(s, lo + foldOffset(depthBelow, kappa, p, lo, foldPower));
        }
        for (int it = 0; it < MAX_NEWTON; it++) {
            double mp = Math.pow(m, p);
            double g = m + kappa * mp - s;
            if (Math.abs(g) <= RESIDUAL_RTOL * s) {
                return m;
            }
            if (g > 0) {
                hi = Math.min(hi, m);
            } else {
                lo = Math.max(lo, m);
            }
            double dg = 1 + p * kappa * mp / m;
            double next = dg > 0 ? m - g / dg : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - m) <= 4 * Math.ulp(m) || hi - lo <= 4 * Math.ulp(hi)) {
                return next;
            }
            m = next;
        }
        return m;
    }

    /**
     * The smallest root of {@code m + κ m^{2/L−1} = s} (L ≥ 3, s > 0, κ > 0), in (0, m_c]; NaN when
     * κ exceeds {@link #maxKappa}. Newton runs on x = log m, where the equation is convex and
     * decreasing left of the fold, starting left of the root at κ m^{2/L−1} = s.
     */
    public static double smallRoot(double s, double kappa, int depth) {
        requireStationarityDepth(depth);
        if (kappa == 0) {
            return 0.0;
        }
        if (!(s > 0)) {
            return Double.NaN;
        }
        return smallRoot(s, kappa, depth, Fold.at(kappa, depth), Double.NaN);
    }

    /** {@link #smallRoot(double, double, int)} for s &gt; 0, κ &gt; 0 with the fold and maxKappa(s) given, as for largeRoot. */
    static double smallRoot(double s, double kappa, int depth, Fold fold, double maxKappa) {
        double p = 2.0 / depth - 1;
        double mc = fold.point();
        double foldPower = fold.power();
        double depthBelow = s - mc - kappa * foldPower;
        if (depthBelow < 0) {
            return kappaAtFold(s, kappa, depth, maxKappa) ? mc : Double.NaN;
        }
        double hiX = Math.log(mc);
        double loX = Math.log(kappa / s) / -p;
        double x = loX;
        if (depthBelow < 0.1 * s) {
            // left of the fold g'' grows, so the quadratic model's root lies left of the small root
            double guess = mc - foldOffset(depthBelow, kappa, p, mc, foldPower);
            if (guess > 0 && Math.log(guess) > loX) {
                x = Math.log(guess);
                loX = x;
            }
        }
        for (int it = 0; it < MAX_NEWTON; it++) {
            double m = Math.exp(x);
            double km = kappa * Math.exp(p * x);
            double g = m + km - s;
            if (Math.abs(g) <= RESIDUAL_RTOL * s) {
                return m;
            }
            if (g > 0) {
                loX = Math.max(loX, x);
            } else {
                hiX = Math.min(hiX, x);
            }
            double dg = m + p * km;
            double next = dg < 0 ? x - g / dg : Double.NaN;
            if (!(next > loX && next < hiX)) {
                next = 0.5 * (loX + hiX);
            }
            if (Math.abs(next - x) <= 4 * Math.ulp(x) + 1e-15 || hiX - loX <= 4 * Math.ulp(hiX) + 1e-15) {
                return Math.exp(next);
            }
            x = next;
        }
        return Math.exp(x);
    }

    /** sqrt(2(s − g(m_c))/g''(m_c)), the distance of both roots from the fold in the quadratic model. */
    private static double foldOffset(double depthBelow, double kappa, double p, double mc, double foldPower) {
        double curvature = kappa * p * (p - 1) * foldPower / (mc * mc);
        return Math.sqrt(2 * depthBelow / curvature);
    }

    /** Rounding can put g(m_c) a few ulps above s when κ = κ_c(s) exactly; accept the fold then. */
    private static boolean kappaAtFold(double s, double kappa, int depth, double maxKappa) {
        return kappa <= (Double.isNaN(maxKappa) ? maxKappa(s, depth) : maxKappa) * (1 + 1e-13);
    }

    private static void requireArguments(double s, int depth, double beta) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number >= 0, got " + beta);
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("s must be a finite number >= 0, got " + s);
        }
    }

    private static void requireStationarityDepth(int depth) {
        if (depth < 3) {
            throw new IllegalArgumentException("the stationarity equation m + κ m^(2/L-1) = s needs depth >= 3, got "
                    + depth);
        }
    }
}

package org.deepdual.solve.core;

import java.util.Arrays;

/**
 * The reduced TC problem of docs/theory.md §5,
 * {@code min_{m ≥ 0} Σ_i ½(m_i − z_i)² + w·(Σ_i m_i^{2/L})^{L/2}} with targets z_i ≥ 0 and weight
 * w = γ/c ≥ 0: the TC primal of a deep linear network with vector output on whitened data (z = the
 * singular values of UᵀY) and of a deep ReLU network on whitened data (z = the path targets a_p,
 * docs/theory.md §6).
 *
 * <p>L = 2 is separable (soft thresholding at w). For L ≥ 3 every local minimiser with support S
 * satisfies {@code m_i + κ m_i^{2/L−1} = z_i} on S with the common scalar
 * {@code κ = w(Σ_S m^{2/L})^{L/2−1}}; the Hessian there is I + (negative diagonal) + (rank-one PSD), so
 * at most one coordinate sits on the small root of its equation (docs/theory.md §5). Two
 * rearrangement facts narrow the search further: swapping m_a &lt; m_b when z_a &gt; z_b lowers the
 * quadratic term by (m_b − m_a)(z_a − z_b) and leaves the penalty unchanged, so at the global minimum
 * the support is "the j largest z_i" and a small-root coordinate is the smallest target of the
 * support. The search therefore visits, for j = 1..r, the curve m(κ) with every coordinate on its
 * large root (κ − wS(κ)^{L/2−1} increases, so the stationary point is unique and found by safeguarded
 * Newton) and the curve with the j-th coordinate on its small root (stationary points bracketed by a
 * log-κ grid between the bounds S gives on κ, then refined by safeguarded secant steps), plus the
 * exact one-coordinate solution (z_1 − w)₊ and m = 0.
 *
 * @param targets z, every entry finite and ≥ 0
 * @param weight w = γ/c = βt^{−(L−2)}/c
 * @param depth L ≥ 2
 */
public record ReducedTcProblem(double[] targets, double weight, int depth) {
    public ReducedTcProblem {
        targets = targets.clone();
        for (int i = 0; i < targets.length; i++) {
            if (!(targets[i] >= 0) || Double.isInfinite(targets[i])) {
                throw new IllegalArgumentException("targets[" + i + "] must be a finite number >= 0, got " + targets[i]);
            }
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be a finite number >= 0, got " + weight);
        }
        if (depth < 2) {
            throw new IllegalArgumentException("depth must be >= 2, got " + depth);
        }
    }

    @Override
    public double[] targets() {
        return targets.clone();
    }

    /**
     * The minimiser and the minimum value.
     *
     * @param amplitudes m, in the order of the targets
     * @param value the minimum of the objective
     */
    public record Optimum(double[] amplitudes, double value) {
        public Optimum {
            amplitudes = amplitudes.clone();
        }

        @Override
        public double[] amplitudes() {
            return amplitudes.clone();
        }

        /** Number of nonzero amplitudes. */
        public int support() {
            int k = 0;
            for (double m : amplitudes) {
                if (m > 0) {
                    k++;
                }
            }
            return k;
        }
    }

    /** Σ ½(m_i − z_i)² + w(Σ m_i^{2/L})^{L/2} for m ≥ 0. */
    public double objective(double[] m) {
        if (m.length != targets.length) {
            throw new IllegalArgumentException("m has " + m.length + " entries for " + targets.length + " targets");
        }
        double quad = 0;
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            double d = m[i] - targets[i];
            quad += 0.5 * d * d;
            if (m[i] > 0) {
                s += Math.pow(m[i], 2.0 / depth);
            }
        }
        return quad + weight * Math.pow(s, depth / 2.0);
    }

    /** The global minimiser. */
    public Optimum solve() {
        int r = targets.length;
        if (weight == 0) {
            return new Optimum(targets, 0.0);
        }
        if (depth == 2) {
            double[] m = new double[r];
            double value = 0;
            for (int i = 0; i < r; i++) {
                m[i] = Math.max(targets[i] - weight, 0.0);
                value += PowerProx.huber(targets[i], weight);
            }
            return new Optimum(m, value);
        }
        return new DeepSearch().run();
    }

    /** The search of the class Javadoc for L ≥ 3, on the positive targets sorted in decreasing order. */
    private final class DeepSearch {
        private static final int BRACKET_GRID = 16;
        private final int[] order;
        private final double[] z;
        private final double q = 2.0 / depth;
        private final double half = depth / 2.0;
        private double bestValue;
        private double[] bestSorted;
        /** The last large root of each coordinate: Newton restarts there when κ moves a little. */
        private double[] lastLarge;

        DeepSearch() {
            Integer[] idx = new Integer[targets.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(targets[b], targets[a]));
            int positive = 0;
            while (positive < idx.length && targets[idx[positive]] > 0) {
                positive++;
            }
            order = new int[positive];
            z = new double[positive];
            double squares = 0;
            for (int i = 0; i < positive; i++) {
                order[i] = idx[i];
                z[i] = targets[idx[i]];
                squares += 0.5 * z[i] * z[i];
            }
            bestValue = squares;
            bestSorted = new double[positive];
            lastLarge = new double[positive];
            java.util.Arrays.fill(lastLarge, Double.NaN);
            maxKappa = new double[positive];
            java.util.Arrays.fill(maxKappa, Double.NaN);
        }

        /**
         * The fold at the last κ asked for and κ_c of each target: the roots of all targets at one κ share
         * the first, and every κ shares the second (the same values PowerProx computes per call).
         */
        private PowerProx.Fold fold;
        private double[] maxKappa;

        private PowerProx.Fold foldAt(double kappa) {
            if (fold == null || Double.doubleToRawLongBits(fold.kappa()) != Double.doubleToRawLongBits(kappa)) {
                fold = PowerProx.Fold.at(kappa, depth);
            }
            return fold;
        }

        private double maxKappa(int i) {
            if (Double.isNaN(maxKappa[i])) {
                maxKappa[i] = PowerProx.maxKappa(z[i], depth);
            }
            return maxKappa[i];
        }

        /** PowerProx.smallRoot(z_i, κ) with the shared fold. */
        private double small(int i, double kappa) {
            if (kappa == 0) {
                return 0.0;
            }
            return PowerProx.smallRoot(z[i], kappa, depth, foldAt(kappa), maxKappa(i));
        }

        private double large(int i, double kappa) {
            double m = kappa == 0 ? z[i]
                    : PowerProx.largeRoot(z[i], kappa, depth, lastLarge[i], foldAt(kappa), maxKappa(i));
            if (!Double.isNaN(m)) {
                lastLarge[i] = m;
            }
            return m;
        }

        Optimum run() {
            int r = z.length;
            if (r > 0 && z[0] > weight) {
                // one active coordinate is ½(m−z)² + w·m, convex: soft thresholding, whichever root it is
                double[] m = new double[r];
                m[0] = z[0] - weight;
                offer(m);
            }
            for (int j = 2; j <= r; j++) {
                double withoutJ = bestValue;
                boolean stationary = largeRootCurve(j);
                // on the small-root curve m_j ≤ z_j(L−2)/(2(L−1)), so its value is at least the best over the
                // top j−1 minus ½z_j² plus ½(z_j − m_j)²; skip the curve when that cannot win
                double z2 = z[j - 1] * z[j - 1];
                double keep = depth / (2.0 * (depth - 1));
                if (withoutJ - 0.5 * z2 * (1 - keep * keep) < bestValue) {
                    smallRootCurve(j);
                }
                if (!stationary) {
                    // κ − wS^{L/2−1} ≤ 0 at the fold of z_j; adding targets only raises S and lowers the fold,
                    // so no larger support (large or small root) has a stationary point either
                    break;
                }
            }
            double[] m = new double[targets.length];
            for (int i = 0; i < r; i++) {
                m[order[i]] = bestSorted[i];
            }
            return new Optimum(m, bestValue);
        }

        /**
         * The top j on their large roots. The stationary κ* = wS(κ*)^{L/2−1} lies in
         * [wS(hi)^{L/2−1}, hi] with hi = wS(0)^{L/2−1}, because S decreases in κ.
         */
        private boolean largeRootCurve(int j) {
            double kMax = maxKappa(j - 1);
            double hi = Math.min(kMax, weight * Math.pow(powerSum(j, -1, 0.0), half - 1));
            double lo = weight * Math.pow(powerSum(j, -1, hi), half - 1);
            double k = hi;
            double[] fd = phiAndDerivative(j, k);
            if (fd[0] <= 0) {
                // no stationary point before the fold: the curve continues on the small-root curve
                consider(j, -1, hi);
                return false;
            }
            for (int it = 0; it < 100 && hi - lo > 4 * Math.ulp(hi); it++) {
                if (fd[0] == 0) {
                    break;
                }
                if (fd[0] > 0) {
                    hi = k;
                } else {
                    lo = k;
                }
                double next = k - fd[0] / fd[1];
                if (!(next > lo && next < hi)) {
                    next = lo > 0 ? Math.sqrt(lo * hi) : 0.5 * hi;
                }
                if (Math.abs(next - k) <= 4 * Math.ulp(k)) {
                    k = next;
                    break;
                }
                k = next;
                fd = phiAndDerivative(j, k);
            }
            consider(j, -1, k);
            return true;
        }

        /**
         * The top j − 1 on their large roots and the j-th on its small root. Stationary points lie in
         * [w S_{j−1}(hi)^{L/2−1}, hi] with hi = min(κ_c(z_j), w(Σ_{i≤j} z_i^{2/L})^{L/2−1}); S is not
         * monotone here, so every sign change of κ − wS^{L/2−1} on a log grid is refined.
         */
        private void smallRootCurve(int j) {
            double kMax = maxKappa(j - 1);
            double top = 0;
            for (int i = 0; i < j; i++) {
                top += Math.pow(z[i], q);
            }
            double hi = Math.min(kMax, weight * Math.pow(top, half - 1));
            double lo = weight * Math.pow(powerSum(j - 1, -1, hi), half - 1);
            consider(j, j - 1, kMax);
            if (!(lo < hi)) {
                return;
            }
            double a = Math.log(lo);
            double b = Math.log(hi);
            double prevX = a;
            double prevF = phi(j, j - 1, lo);
            for (int g = 1; g <= BRACKET_GRID; g++) {
                double x = a + (b - a) * g / BRACKET_GRID;
                double f = phi(j, j - 1, Math.exp(x));
                if (prevF == 0) {
                    consider(j, j - 1, Math.exp(prevX));
                } else if (prevF * f < 0) {
                    consider(j, j - 1, Math.exp(secantRoot(j, j - 1, prevX, prevF, x, f)));
                }
                prevX = x;
                prevF = f;
            }
        }

        /** Illinois false position on log κ for κ − wS^{L/2−1}, given a sign change on [x0, x1]. */
        private double secantRoot(int j, int k, double x0, double f0, double x1, double f1) {
            double a = x0;
            double fa = f0;
            double b = x1;
            double fb = f1;
            int side = 0;
            for (int it = 0; it < 200 && b - a > 4 * Math.ulp(Math.max(Math.abs(a), Math.abs(b))); it++) {
                double x = (a * fb - b * fa) / (fb - fa);
                if (!(x > a && x < b)) {
                    x = 0.5 * (a + b);
                }
                double f = phi(j, k, Math.exp(x));
                if (f == 0) {
                    return x;
                }
                if (f * fb < 0) {
                    a = b;
                    fa = fb;
                    b = x;
                    fb = f;
                    side = 0;
                } else {
                    b = x;
                    fb = f;
                    if (side == -1) {
                        fa *= 0.5;
                    }
                    side = -1;
                }
                if (a > b) {
                    double t = a;
                    a = b;
                    b = t;
                    t = fa;
                    fa = fb;
                    fb = t;
                    side = -side;
                }
            }
            return Math.abs(fa) < Math.abs(fb) ? a : b;
        }

        /** Σ_{i<j} m_i^{2/L} on curve (j, k) at κ; NaN outside the curve's domain. */
        private double powerSum(int j, int k, double kappa) {
            double s = 0;
            for (int i = 0; i < j; i++) {
                double m = i == k ? small(i, kappa) : large(i, kappa);
                s += m > 0 ? Math.pow(m, q) : m;
            }
            return s;
        }

        private double phi(int j, int k, double kappa) {
            return kappa - weight * Math.pow(powerSum(j, k, kappa), half - 1);
        }

        /** κ − wS(κ)^{L/2−1} and its derivative on the all-large curve of the top j. */
        private double[] phiAndDerivative(int j, double kappa) {
            double s = 0;
            double ds = 0;
            double p = q - 1;
            for (int i = 0; i < j; i++) {
                double m = large(i, kappa);
                double mp = Math.pow(m, p);
                double dm = -mp / (1 + p * kappa * mp / m);
                s += mp * m;
                ds += q * mp * dm;
            }
            double sh = weight * Math.pow(s, half - 2);
            return new double[] {kappa - sh * s, 1 - (half - 1) * sh * ds};
        }

        /** m(κ) on curve (j, k), k = −1 for all large roots; null outside the curve's domain. */
        private double[] curve(int j, int k, double kappa) {
            double[] m = new double[z.length];
            for (int i = 0; i < j; i++) {
                m[i] = i == k ? small(i, kappa) : large(i, kappa);
                if (Double.isNaN(m[i])) {
                    return null;
                }
            }
            return m;
        }

        private void consider(int j, int k, double kappa) {
            double[] m = curve(j, k, kappa);
            if (m != null) {
                offer(m);
            }
        }

        private void offer(double[] m) {
            double quad = 0;
            double s = 0;
            for (int i = 0; i < m.length; i++) {
                double d = m[i] - z[i];
                quad += 0.5 * d * d;
                if (m[i] > 0) {
                    s += Math.pow(m[i], q);
                }
            }
            double v = quad + weight * Math.pow(s, half);
            if (v < bestValue) {
                bestValue = v;
                bestSorted = m;
            }
        }
    }
}

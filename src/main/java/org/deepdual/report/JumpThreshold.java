package org.deepdual.report;

/**
 * The threshold of the power proximal map prox_pow(s; L, β) (docs/theory.md §1): a target a
 * (a singular value z_i, a path target a_p, a singular value of Y) is "on" at the optimum iff
 * a &gt; s*(L, β), where s* = β for L = 2 and, for L ≥ 3, s* = m*·(L−1)/(L−2) with
 * m* = ((L−2)β)^{L/(2(L−1))} the smallest nonzero amplitude (the jump). For whitened X with
 * common singular value c the effective strength is β·c^{−2/L} (docs/theory.md §5).
 */
public final class JumpThreshold {
    private JumpThreshold() {
    }

    /** s*(L, β). */
    public static double sStar(int depth, double beta) {
        check(depth, beta);
        if (depth == 2) {
            return beta;
        }
        return mStar(depth, beta) * (depth - 1) / (depth - 2.0);
    }

    /** m*(L, β): the amplitude a surviving target jumps to (0 for L = 2, where there is no jump). */
    public static double mStar(int depth, double beta) {
        check(depth, beta);
        if (depth == 2) {
            return 0.0;
        }
        return Math.pow((depth - 2) * beta, depth / (2.0 * (depth - 1)));
    }

    /**
     * The β at which a target a switches off, the inverse of β ↦ s*(L, β·c^{−2/L}) = a (s* is
     * increasing in β): β = a for L = 2, β = (a(L−2)/(L−1))^{2(L−1)/L}/(L−2) for L ≥ 3, times c^{2/L}.
     */
    public static double criticalBeta(int depth, double target, double c) {
        if (!(target >= 0) || !(c > 0)) {
            throw new IllegalArgumentException("target must be >= 0 and c > 0, got target " + target + ", c " + c);
        }
        check(depth, 0);
        double effective = depth == 2 ? target
                : Math.pow(target * (depth - 2) / (depth - 1.0), 2.0 * (depth - 1) / depth) / (depth - 2);
        return effective * Math.pow(c, 2.0 / depth);
    }

    /** Number of targets strictly above s*(L, β·c^{−2/L}). */
    public static int activeCount(int depth, double beta, double c, double[] targets) {
        double s = sStar(depth, beta * Math.pow(c, -2.0 / depth));
        int n = 0;
        for (double a : targets) {
            if (a > s) {
                n++;
            }
        }
        return n;
    }

    private static void check(int depth, double beta) {
        if (depth < 2) {
            throw new IllegalArgumentException("depth must be >= 2, got " + depth);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number >= 0, got " + beta);
        }
    }
}

package org.deepdual.stats;

import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.RightSvd;
import org.deepdual.linalg.Svd;

/**
 * Alignment between consecutive layers W_l and W_{l+1} (docs/theory.md §10, lemma L4).
 *
 * <p>Orientation: f(X) = X W_1 ⋯ W_L acts on row vectors, so the output side of W_l = U_l S_l V_lᵀ
 * is spanned by its <em>right</em> singular vectors (columns of V_l) and the input side of W_{l+1}
 * by its <em>left</em> singular vectors (columns of U_{l+1}). With r_l the numerical rank of W_l at
 * the given relative tolerance:
 * <ul>
 *   <li>{@code top1} = |v_1(W_l)·u_1(W_{l+1})|; NaN when either layer has rank 0.</li>
 *   <li>{@code top2} = |v_2(W_l)·u_2(W_{l+1})|; NaN when either layer has rank &lt; 2.</li>
 *   <li>Tied singular values (relative difference ≤ {@value #TIE_RTOL}, as in balanced one-hot or whitened
 *       data) leave single singular vectors arbitrary within their tie: two correct decompositions could
 *       give top1 = 1 and top1 = 0. Where the top two singular values of either layer tie with their
 *       neighbours, top1 and top2 are instead the first and second cosines of the principal angles between
 *       the spans of the leading vectors up to the end of each tie (the singular values of that block of
 *       V_lᵀU_{l+1}), which do not depend on the basis chosen inside a tie.</li>
 *   <li>{@code subspace} = ‖V_{l,k}ᵀU_{l+1,k}‖_F²/k with k = min(r_l, r_{l+1}): the mean squared
 *       cosine of the principal angles between the two k-dimensional subspaces, in [0, 1]; NaN when
 *       k = 0.</li>
 * </ul>
 */
public record AlignmentStats(double top1, double top2, double subspace) {
    /** Singular values this close (relative to σ_1) are one tie: their vectors are determined only as a span. */
    public static final double TIE_RTOL = 1e-8;

    /** The alignment of W_l's output side with W_{l+1}'s input side. */
    public static AlignmentStats between(Matrix wl, Matrix wNext, double rtol) {
        if (wl.cols() != wNext.rows()) {
            throw new IllegalArgumentException("consecutive layers do not chain: " + wl.shape() + " then "
                    + wNext.shape());
        }
        if (!(rtol >= 0 && rtol < 1)) {
            throw new IllegalArgumentException("rtol must be in [0, 1), got " + rtol);
        }
        return between(Decompositions.rightSvd(wl), Decompositions.thinSvd(wNext), rtol);
    }

    /**
     * The alignment from the singular values and right vectors {@code a} of W_l and the thin SVD
     * {@code b} of W_{l+1}, each computed once per layer and shared with its other pair and its
     * {@link LayerStats} (see {@link NetworkStats#ofWeights}).
     */
    public static AlignmentStats between(RightSvd a, Svd b, double rtol) {
        if (a.v().rows() != b.u().rows()) {
            throw new IllegalArgumentException("consecutive layers do not chain: W_l has " + a.v().rows()
                    + " columns, W_{l+1} has " + b.u().rows() + " rows");
        }
        if (!(rtol >= 0 && rtol < 1)) {
            throw new IllegalArgumentException("rtol must be in [0, 1), got " + rtol);
        }
        int k = Math.min(a.rank(rtol), b.rank(rtol));
        if (k == 0) {
            return new AlignmentStats(Double.NaN, Double.NaN, Double.NaN);
        }
        Matrix cross = a.v().columns(0, k).transposeTimes(b.u().columns(0, k));
        int leadA = tieEnd(a.s(), Math.min(2, k), k);
        int leadB = tieEnd(b.s(), Math.min(2, k), k);
        double top1;
        double top2;
        if (leadA == Math.min(2, k) && leadB == Math.min(2, k) && !tied(a.s(), 0, 1, k) && !tied(b.s(), 0, 1, k)) {
            top1 = Math.abs(cross.get(0, 0));
            top2 = k >= 2 ? Math.abs(cross.get(1, 1)) : Double.NaN;
        } else {
            double[] cosines = Decompositions.singularValues(cross.rowRange(0, leadA).columns(0, leadB));
            top1 = Math.min(1.0, cosines[0]);
            top2 = k >= 2 ? (cosines.length >= 2 ? Math.min(1.0, cosines[1]) : 0.0) : Double.NaN;
        }
        return new AlignmentStats(top1, top2, Math.min(1.0, cross.frobeniusNormSquared() / k));
    }

    /** The end (exclusive) of the tie that holds index {@code upTo − 1}, within the first {@code k} values. */
    private static int tieEnd(double[] s, int upTo, int k) {
        int end = upTo;
        while (end < k && tied(s, end - 1, end, k)) {
            end++;
        }
        return end;
    }

    private static boolean tied(double[] s, int i, int j, int k) {
        return j < k && s[i] - s[j] <= TIE_RTOL * s[0];
    }
}

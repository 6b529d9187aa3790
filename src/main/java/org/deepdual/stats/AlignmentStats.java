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
 *   <li>{@code top2} = |v_2(W_l)·u_2(W_{l+1})|; NaN when either layer has rank &lt; 2. Reported because
 *       top1 is ill-defined when σ_1 = σ_2 (balanced one-hot, whitened data), where only the subspace
 *       is determined.</li>
 *   <li>{@code subspace} = ‖V_{l,k}ᵀU_{l+1,k}‖_F²/k with k = min(r_l, r_{l+1}): the mean squared
 *       cosine of the principal angles between the two k-dimensional subspaces, in [0, 1]; NaN when
 *       k = 0.</li>
 * </ul>
 */
public record AlignmentStats(double top1, double top2, double subspace) {

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
        double top1 = Math.abs(cross.get(0, 0));
        double top2 = k >= 2 ? Math.abs(cross.get(1, 1)) : Double.NaN;
        return new AlignmentStats(top1, top2, Math.min(1.0, cross.frobeniusNormSquared() / k));
    }
}

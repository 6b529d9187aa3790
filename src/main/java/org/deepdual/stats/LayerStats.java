package org.deepdual.stats;

import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.RightSvd;

/**
 * Per-layer statistics of one weight matrix W_l (docs/theory.md §10).
 *
 * <ul>
 *   <li>{@code fro} = ‖W_l‖_F;</li>
 *   <li>{@code op} = ‖W_l‖_2 = σ_1;</li>
 *   <li>{@code rank} = #{σ_i &gt; rankRtol·σ_1}, the numerical rank at the relative tolerance
 *       {@code rankRtol}, which is reported beside it (1e-6 for closed forms, 1e-3 to 1e-4 for trained
 *       networks); 0 for the zero matrix;</li>
 *   <li>{@code stableRank} = ‖W_l‖_F²/‖W_l‖_2², in [1, rank]; exactly 1 for a rank-one matrix. For the
 *       zero matrix it is 0 (like its rank) rather than 0/0.</li>
 * </ul>
 */
public record LayerStats(double fro, double op, int rank, double rankRtol, double stableRank) {

    /** The statistics of {@code w} with numerical-rank tolerance {@code rtol} (relative to σ_1). */
    public static LayerStats of(Matrix w, double rtol) {
        checkTolerance(rtol);
        if (!w.allFinite()) {
            throw new IllegalArgumentException("layer " + w.shape() + " has NaN or infinite entries");
        }
        return fromSingularValues(w.frobeniusNormSquared(), Decompositions.singularValues(w), rtol);
    }

    /**
     * The statistics of {@code w} from its singular values and right vectors {@code svd}, computed
     * once and shared with the alignments of the layer (see {@link NetworkStats#ofWeights}).
     */
    public static LayerStats of(Matrix w, RightSvd svd, double rtol) {
        checkTolerance(rtol);
        if (svd.v().rows() != w.cols() || svd.s().length != Math.min(w.rows(), w.cols())) {
            throw new IllegalArgumentException("svd: " + svd.s().length + " singular values and V " + svd.v().shape()
                    + " do not belong to a layer " + w.shape());
        }
        return fromSingularValues(w.frobeniusNormSquared(), svd.s(), rtol);
    }

    /** From ‖W‖_F² and the singular values, computed once per layer by {@link NetworkStats#ofWeights}. */
    static LayerStats fromSingularValues(double froSq, double[] s, double rtol) {
        checkTolerance(rtol);
        double op = s.length == 0 ? 0.0 : s[0];
        int rank = 0;
        for (double v : s) {
            if (op > 0 && v > rtol * op) {
                rank++;
            }
        }
        double stable = op > 0 ? froSq / (op * op) : 0.0;
        return new LayerStats(Math.sqrt(froSq), op, rank, rtol, stable);
    }

    private static void checkTolerance(double rtol) {
        if (!(rtol >= 0 && rtol < 1)) {
            throw new IllegalArgumentException("rtol must be in [0, 1), got " + rtol);
        }
    }
}

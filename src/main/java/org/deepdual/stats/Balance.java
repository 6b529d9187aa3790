package org.deepdual.stats;

import org.deepdual.linalg.Matrix;
import org.deepdual.solve.Activation;
import org.deepdual.solve.BatchNorm;
import org.deepdual.solve.Network;

/**
 * The balance residual of a network (math.md lemma L4 and section 10): how far the weights are from
 * the balancedness that every stationary point of the weight-decay objective satisfies.
 *
 * <ul>
 *   <li>Linear chains: {@code max_l ‖W_lᵀW_l − W_{l+1}W_{l+1}ᵀ‖_F / ‖W_l‖_F²} over l = 1..L−1.</li>
 *   <li>ReLU chains (positively homogeneous per neuron): only the diagonal of that difference is
 *       forced to vanish, ‖column j of W_l‖² = ‖row j of W_{l+1}‖², so the residual is
 *       {@code max_l ‖diag(W_lᵀW_l − W_{l+1}W_{l+1}ᵀ)‖_2 / ‖W_l‖_F²}. Free biases do not change the
 *       relation (they rescale with their neuron at no cost).</li>
 *   <li>Batch-norm networks (section 8): the layers before BN are scale-invariant and unregularised,
 *       so no relation binds them; the rescaling symmetry is between BN neuron j's (γ_j, α_j) and
 *       row j of W_L, giving {@code ‖(γ_j² + α_j² − ‖row_j W_L‖²)_j‖_2 / (‖γ‖² + ‖α‖²)}.</li>
 * </ul>
 * A pair whose normaliser and difference are both zero (all-zero layers, e.g. every path off)
 * contributes 0; a zero W_l followed by a non-zero W_{l+1} contributes +∞ (that layer is dead, the
 * chain maximally unbalanced). Under {@code tc} only the last two layers are decayed, so the
 * residual of the earlier pairs is not expected to vanish there.
 */
public final class Balance {
    private Balance() {
    }

    /** The residual of {@code net}, chosen by its activation and batch norm as described above. */
    public static double residual(Network net) {
        if (net.batchNorm().isPresent()) {
            return batchNormResidual(net.batchNorm().get(), net.layer(net.depth()));
        }
        double worst = 0;
        for (int l = 1; l < net.depth(); l++) {
            Matrix a = net.layer(l);
            Matrix b = net.layer(l + 1);
            double diff = net.activation() == Activation.IDENTITY ? linearDifference(a, b) : neuronDifference(a, b);
            worst = Math.max(worst, ratio(diff, a.frobeniusNormSquared()));
        }
        return worst;
    }

    private static double linearDifference(Matrix a, Matrix b) {
        return a.transposeTimes(a).minus(b.times(b.transpose())).frobeniusNorm();
    }

    private static double neuronDifference(Matrix a, Matrix b) {
        double sq = 0;
        for (int j = 0; j < a.cols(); j++) {
            double d = squaredNorm(a.column(j)) - squaredNorm(b.row(j));
            sq += d * d;
        }
        return Math.sqrt(sq);
    }

    private static double batchNormResidual(BatchNorm bn, Matrix last) {
        double[] g = bn.gamma();
        double[] al = bn.alpha();
        double sq = 0;
        double scale = 0;
        for (int j = 0; j < g.length; j++) {
            double bnSide = g[j] * g[j] + al[j] * al[j];
            double d = bnSide - squaredNorm(last.row(j));
            sq += d * d;
            scale += bnSide;
        }
        return ratio(Math.sqrt(sq), scale);
    }

    private static double ratio(double diff, double scale) {
        if (diff == 0.0) {
            return 0.0;
        }
        return scale == 0.0 ? Double.POSITIVE_INFINITY : diff / scale;
    }

    private static double squaredNorm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }
}

package org.deepdual.stats;

import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.RightSvd;
import org.deepdual.linalg.Svd;
import org.deepdual.linalg.Vectors;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.Network;

/**
 * The balance residual of a network (docs/theory.md lemma L4 and section 10): how far the weights are from
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

    /**
     * The linear-chain residual from each layer's SVD, computed once for all the statistics: with
     * W_l = U_l S_l V_lᵀ, W_lᵀW_l − W_{l+1}W_{l+1}ᵀ = V_l S_l² V_lᵀ − U_{l+1} S_{l+1}² U_{l+1}ᵀ, a
     * width×width matrix formed from the nonzero singular values only (for a tall first layer, far
     * fewer operations than W_1ᵀW_1). Equal to {@link #residual} up to rounding, which is of the order
     * of machine precision relative to ‖W_l‖_F² in both.
     *
     * @param outputSides s and V of W_1..W_L (index l − 1)
     * @param inputSides the thin SVDs of W_2..W_L (index l − 1; entry 0 unused)
     * @param froSquared ‖W_l‖_F² (index l − 1)
     */
    static double linearResidual(RightSvd[] outputSides, Svd[] inputSides, double[] froSquared) {
        double worst = 0;
        for (int l = 1; l < outputSides.length; l++) {
            RightSvd a = outputSides[l - 1];
            Svd b = inputSides[l];
            double diff = gramDifference(a.v(), a.s(), b.u(), b.s());
            worst = Math.max(worst, ratio(diff, froSquared[l - 1]));
        }
        return worst;
    }

    /**
     * ‖P diag(p²) Pᵀ − Q diag(q²) Qᵀ‖_F over the columns with nonzero p_t, q_t. Entries in a row or
     * column where every such P and Q row is zero (a padded neuron) are exactly zero and skipped.
     */
    private static double gramDifference(Matrix pVectors, double[] p, Matrix qVectors, double[] q) {
        int m = pVectors.rows();
        if (qVectors.rows() != m) {
            throw new IllegalArgumentException("consecutive layers do not chain: W_l has " + m
                    + " columns, W_{l+1} has " + qVectors.rows() + " rows");
        }
        int kp = positivePrefix(p);
        int kq = positivePrefix(q);
        // row i of [P diag(p), Q diag(q)], contiguous, for the neurons where it is not zero
        int width = kp + kq;
        double[] pc = pVectors.toColumnMajor();
        double[] qc = qVectors.toColumnMajor();
        double[] rows = new double[m * width];
        int active = 0;
        for (int i = 0; i < m; i++) {
            boolean nonzero = false;
            int base = active * width;
            for (int t = 0; t < kp; t++) {
                double x = p[t] * pc[i + t * m];
                rows[base + t] = x;
                nonzero |= x != 0.0;
            }
            for (int t = 0; t < kq; t++) {
                double x = q[t] * qc[i + t * m];
                rows[base + kp + t] = x;
                nonzero |= x != 0.0;
            }
            if (nonzero) {
                active++;
            }
        }
        double sq = 0;
        for (int j = 0; j < active; j++) {
            int bj = j * width;
            for (int i = 0; i <= j; i++) {
                int bi = i * width;
                double d = 0;
                for (int t = 0; t < kp; t++) {
                    d += rows[bi + t] * rows[bj + t];
                }
                for (int t = kp; t < width; t++) {
                    d -= rows[bi + t] * rows[bj + t];
                }
                sq += i == j ? d * d : 2 * d * d;
            }
        }
        return Math.sqrt(sq);
    }

    /** The number of leading positive entries of the non-increasing s. */
    private static int positivePrefix(double[] s) {
        int k = 0;
        while (k < s.length && s[k] > 0) {
            k++;
        }
        return k;
    }

    private static double linearDifference(Matrix a, Matrix b) {
        return a.transposeTimes(a).minus(b.times(b.transpose())).frobeniusNorm();
    }

    private static double neuronDifference(Matrix a, Matrix b) {
        double sq = 0;
        for (int j = 0; j < a.cols(); j++) {
            double d = Vectors.normSquared(a.column(j)) - Vectors.normSquared(b.row(j));
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
            double d = bnSide - Vectors.normSquared(last.row(j));
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
}

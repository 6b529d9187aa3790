package org.deepdual.solve.spline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.Network;

/**
 * A two-layer ReLU network with free biases, {@code f(x) = Σ_j v_j relu(u_jᵀx + b_j) + c}, written as a
 * depth-L network computing the same function (docs/theory.md §7.3): neuron j becomes a path whose
 * middle layers are diagonal gains p_j > 0 with zero bias. The path carries relu(u_jᵀx + b_j)·p_j^{L−2}
 * ≥ 0 through every middle ReLU unchanged (ReLU of a non-negative activation is the identity), so the
 * function is unchanged when the first layer is scaled by p_j/‖u_j‖ and the last by p_j/|v_j|, with
 * p_j = (‖u_j‖·|v_j|)^{1/L}. Every layer of the path then has the same weight p_j (balanced), and the
 * weight-decay penalty is (β/2)·L·Σ_j (‖u_j‖|v_j|)^{2/L} — the least any depth-L chain of that
 * diagonal form pays for the function (AM–GM on the L factors of the product ‖u_j‖|v_j|).
 *
 * <p>Neurons with u_j = 0 or v_j = 0 contribute a constant or nothing; they are folded into the output
 * bias or dropped. The result is an upper bound certificate: its objective is the objective of a
 * feasible depth-L network.
 */
public final class DeepEmbedding {
    private DeepEmbedding() {
    }

    /** The depth-{@code depth} network computing the function of the two-layer {@code net}. */
    public static Network of(Network net, int depth) {
        if (net.depth() != 2 || net.activation() != Activation.RELU || net.batchNorm().isPresent()
                || net.layer(2).cols() != 1) {
            throw new IllegalArgumentException("the embedding needs a two-layer scalar ReLU network, got depth "
                    + net.depth() + " with " + net.layer(net.depth()).cols() + " outputs");
        }
        if (depth < 2) {
            throw new IllegalArgumentException("depth must be >= 2, got " + depth);
        }
        Matrix w1 = net.layer(1);
        Matrix w2 = net.layer(2);
        int d = w1.rows();
        double[] b1 = net.hiddenBiases().isEmpty() ? new double[w1.cols()] : net.hiddenBiases().get(0);
        double outBias = net.outputBias().length == 0 ? 0.0 : net.outputBias()[0];
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < w1.cols(); j++) {
            double u = columnNorm(w1, j);
            double v = w2.get(j, 0);
            if (v == 0) {
                continue;
            }
            if (u == 0) {
                outBias += v * Math.max(0.0, b1[j]);
                continue;
            }
            kept.add(j);
        }
        int m = Math.max(1, kept.size());
        double[] first = new double[d * m];
        double[] firstBias = new double[m];
        double[] gain = new double[m];
        double[] lastCol = new double[m];
        for (int h = 0; h < kept.size(); h++) {
            int j = kept.get(h);
            double u = columnNorm(w1, j);
            double v = w2.get(j, 0);
            double p = Math.pow(u * Math.abs(v), 1.0 / depth);
            for (int i = 0; i < d; i++) {
                first[i + h * d] = w1.get(i, j) * p / u;
            }
            firstBias[h] = b1[j] * p / u;
            gain[h] = p;
            lastCol[h] = Math.signum(v) * p;
        }
        List<Matrix> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        weights.add(Matrix.ofColumnMajor(d, m, first));
        biases.add(firstBias);
        for (int l = 2; l < depth; l++) {
            double[] diag = new double[m * m];
            for (int h = 0; h < m; h++) {
                diag[h + h * m] = gain[h];
            }
            weights.add(Matrix.ofColumnMajor(m, m, diag));
            biases.add(new double[m]);
        }
        weights.add(Matrix.ofColumnMajor(m, 1, lastCol));
        return new Network(Activation.RELU, weights, Optional.empty(), biases, new double[] {outBias});
    }

    private static double columnNorm(Matrix w, int j) {
        double s = 0;
        for (int i = 0; i < w.rows(); i++) {
            s += w.get(i, j) * w.get(i, j);
        }
        return Math.sqrt(s);
    }
}

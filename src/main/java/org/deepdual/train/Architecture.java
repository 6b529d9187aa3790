package org.deepdual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * The trainable network of a problem and the layout of its parameters in one flat vector θ:
 * W_1..W_L column-major, then γ and α of the batch norm (setting bn), then the hidden and output
 * biases (settings relu-1d and relu-1d-deep). Under {@code tc} the layers l ≤ L−2 are stored as a direction V_l and
 * enter the network as W_l = t·V_l/‖V_l‖_F (docs/theory.md §1: the constraint is active at the
 * optimum whenever the output is non-zero, so the sphere loses nothing).
 */
final class Architecture {
    final Problem problem;
    final int depth;
    /** widths[0] = d, widths[l] = m_l, widths[L] = K. */
    final int[] widths;
    final Activation hidden;
    final Optional<Activation> bnAfter;
    final boolean freeBiases;
    final double t;
    private final int[] weightOffset;
    private final int gammaOffset;
    private final int alphaOffset;
    private final int[] biasOffset;
    private final int outputBiasOffset;
    private final int size;

    private Architecture(Problem problem, int[] widths, Activation hidden, Optional<Activation> bnAfter,
            boolean freeBiases) {
        this.problem = problem;
        this.depth = widths.length - 1;
        this.widths = widths.clone();
        this.hidden = hidden;
        this.bnAfter = bnAfter;
        this.freeBiases = freeBiases;
        this.t = problem.objective() == Objective.TC ? problem.tValue() : Double.NaN;
        weightOffset = new int[depth];
        int p = 0;
        for (int l = 0; l < depth; l++) {
            weightOffset[l] = p;
            p = Math.addExact(p, Math.multiplyExact(widths[l], widths[l + 1]));
        }
        int bnWidth = bnAfter.isPresent() ? widths[depth - 1] : 0;
        gammaOffset = p;
        alphaOffset = p + bnWidth;
        p += 2 * bnWidth;
        biasOffset = new int[freeBiases ? depth - 1 : 0];
        for (int l = 0; l < biasOffset.length; l++) {
            biasOffset[l] = p;
            p += widths[l + 1];
        }
        outputBiasOffset = p;
        if (freeBiases) {
            p += widths[depth];
        }
        size = p;
    }

    /** The network the problem's setting prescribes, with {@code width} neurons in every hidden layer. */
    static Architecture forProblem(Problem problem, int inputs, int outputs, int width) {
        int[] widths = new int[problem.depth() + 1];
        java.util.Arrays.fill(widths, width);
        widths[0] = inputs;
        widths[problem.depth()] = outputs;
        Setting s = problem.setting();
        Activation hidden = s == Setting.LINEAR ? Activation.IDENTITY : Activation.RELU;
        Optional<Activation> bn = s == Setting.BN
                ? Optional.of(problem.variant().orElse(BnVariant.RELU) == BnVariant.RELU ? Activation.RELU
                        : Activation.IDENTITY)
                : Optional.empty();
        return new Architecture(problem, widths, hidden, bn, s.freeBiases());
    }

    /** The architecture of an existing network, checked against the problem. */
    static Architecture ofNetwork(Problem problem, Network net) {
        if (net.depth() != problem.depth()) {
            throw new IllegalArgumentException("start network has depth " + net.depth() + " but the problem has depth "
                    + problem.depth());
        }
        boolean bnSetting = problem.setting() == Setting.BN;
        if (net.batchNorm().isPresent() != bnSetting) {
            throw new IllegalArgumentException("start network " + (bnSetting ? "lacks" : "has")
                    + " a batch norm but the setting is " + problem.setting());
        }
        boolean biases = problem.setting().freeBiases();
        if (biases && (net.hiddenBiases().isEmpty() || net.outputBias().length == 0)) {
            throw new IllegalArgumentException("setting " + problem.setting() + " needs a start network with hidden and output biases");
        }
        if (!biases && (!net.hiddenBiases().isEmpty() || net.outputBias().length != 0)) {
            throw new IllegalArgumentException("start network has biases but setting " + problem.setting()
                    + " has none");
        }
        int[] widths = new int[net.depth() + 1];
        widths[0] = net.layer(1).rows();
        for (int l = 1; l <= net.depth(); l++) {
            widths[l] = net.layer(l).cols();
        }
        return new Architecture(problem, widths, net.activation(), net.batchNorm().map(BatchNorm::after), biases);
    }

    int size() {
        return size;
    }

    /** Whether layer l (1-based) is stored as a direction on the sphere ‖W_l‖_F = t. */
    boolean onSphere(int l) {
        return problem.objective() == Objective.TC && l <= depth - 2;
    }

    int weightOffset(int l) {
        return weightOffset[l - 1];
    }

    int gammaOffset() {
        return gammaOffset;
    }

    int alphaOffset() {
        return alphaOffset;
    }

    int biasOffset(int l) {
        return biasOffset[l - 1];
    }

    int outputBiasOffset() {
        return outputBiasOffset;
    }

    /** The stored block of layer l as a matrix (V_l for sphere layers). */
    Matrix block(double[] theta, int l) {
        int rows = widths[l - 1];
        int cols = widths[l];
        double[] a = new double[rows * cols];
        System.arraycopy(theta, weightOffset[l - 1], a, 0, a.length);
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    /** W_l at θ. */
    Matrix weight(double[] theta, int l) {
        Matrix v = block(theta, l);
        if (!onSphere(l)) {
            return v;
        }
        double norm = v.frobeniusNorm();
        return norm == 0.0 ? v : v.scale(t / norm);
    }

    double[] slice(double[] theta, int offset, int length) {
        double[] out = new double[length];
        System.arraycopy(theta, offset, out, 0, length);
        return out;
    }

    /** The network at θ. */
    Network network(double[] theta) {
        List<Matrix> weights = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            weights.add(weight(theta, l));
        }
        Optional<BatchNorm> bn = bnAfter.map(after -> new BatchNorm(slice(theta, gammaOffset, widths[depth - 1]),
                slice(theta, alphaOffset, widths[depth - 1]), after));
        List<double[]> biases = new ArrayList<>();
        for (int l = 1; l < depth && freeBiases; l++) {
            biases.add(slice(theta, biasOffset[l - 1], widths[l]));
        }
        double[] outBias = freeBiases ? slice(theta, outputBiasOffset, widths[depth]) : new double[0];
        return new Network(hidden, weights, bn, biases, outBias);
    }

    /** θ of an existing network of this architecture (sphere layers store W_l itself as V_l). */
    double[] parameters(Network net) {
        double[] theta = new double[size];
        for (int l = 1; l <= depth; l++) {
            Matrix w = net.layer(l);
            if (w.rows() != widths[l - 1] || w.cols() != widths[l]) {
                throw new IllegalArgumentException("layer " + l + " is " + w.shape() + ", expected " + widths[l - 1]
                        + "x" + widths[l]);
            }
            if (onSphere(l) && w.frobeniusNorm() == 0.0) {
                throw new IllegalArgumentException("layer " + l + " of the start network is zero; under tc it must "
                        + "have a direction (‖W_l‖_F = t)");
            }
            System.arraycopy(w.toColumnMajor(), 0, theta, weightOffset[l - 1], widths[l - 1] * widths[l]);
        }
        net.batchNorm().ifPresent(bn -> {
            System.arraycopy(bn.gamma(), 0, theta, gammaOffset, bn.width());
            System.arraycopy(bn.alpha(), 0, theta, alphaOffset, bn.width());
        });
        for (int l = 1; l < depth && freeBiases; l++) {
            System.arraycopy(net.hiddenBiases().get(l - 1), 0, theta, biasOffset[l - 1], widths[l]);
        }
        if (freeBiases) {
            System.arraycopy(net.outputBias(), 0, theta, outputBiasOffset, widths[depth]);
        }
        return theta;
    }

    /**
     * A seeded random start: layers followed by a ReLU (including those before the batch norm) drawn
     * N(0, 2/fan_in) (He), linear hidden layers and the last layer N(0, 2/(fan_in + fan_out))
     * (Glorot); sphere layers rescaled to ‖W_l‖_F = t; γ = 1, α = 0; hidden biases placing each
     * neuron's kink at a random sample (b_j = −(x_i W_1)_j), output bias the mean target.
     */
    double[] initial(Random rng, Matrix x, Matrix y) {
        double[] theta = new double[size];
        for (int l = 1; l <= depth; l++) {
            int fanIn = widths[l - 1];
            int fanOut = widths[l];
            boolean he = l < depth && (hidden == Activation.RELU || bnAfter.isPresent());
            double sd = Math.sqrt(he ? 2.0 / fanIn : 2.0 / (fanIn + fanOut));
            int off = weightOffset[l - 1];
            double sq = 0;
            for (int i = 0; i < fanIn * fanOut; i++) {
                theta[off + i] = sd * rng.nextGaussian();
                sq += theta[off + i] * theta[off + i];
            }
            if (onSphere(l)) {
                double scale = t / Math.sqrt(sq);
                for (int i = 0; i < fanIn * fanOut; i++) {
                    theta[off + i] *= scale;
                }
            }
        }
        if (bnAfter.isPresent()) {
            java.util.Arrays.fill(theta, gammaOffset, gammaOffset + widths[depth - 1], 1.0);
        }
        if (freeBiases) {
            Matrix w1 = block(theta, 1);
            for (int j = 0; j < widths[1]; j++) {
                double[] row = x.row(rng.nextInt(x.rows()));
                double s = 0;
                for (int i = 0; i < row.length; i++) {
                    s += row[i] * w1.get(i, j);
                }
                theta[biasOffset[0] + j] = -s;
            }
            for (int k = 0; k < widths[depth]; k++) {
                double mean = 0;
                for (double v : y.column(k)) {
                    mean += v;
                }
                theta[outputBiasOffset + k] = mean / y.rows();
            }
        }
        return theta;
    }
}

package org.deepdual.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * An explicit network in the convention of docs/theory.md §1: {@code A_0 = X},
 * {@code A_l = σ(A_{l−1} W_l + b_l)} for l = 1..L−1 and {@code f(X) = A_{L−1} W_L + b_out}.
 * With a {@link BatchNorm}, layer L−1 is {@code A_{L−1} = φ(BN(A_{L−2} W_{L−1}))} instead.
 * Biases are empty except for the free-bias setting relu-1d (docs/theory.md §7.2).
 *
 * <p>{@code factors} is empty, or holds for every layer the factored form its solver built it from
 * ({@link LayerFactors}): statistics then need no decomposition of the weights. The weights stay the network;
 * the factors are a claim about them that statistics verify before use. {@code forwardPrefix} is empty, or holds
 * the first steps of the forward pass on the training input as the solver computed them ({@link ForwardPrefix}),
 * so that the forward passes of a sweep row skip them.
 */
public record Network(Activation activation, List<Matrix> weights, Optional<BatchNorm> batchNorm,
        List<double[]> hiddenBiases, double[] outputBias, List<LayerFactors> factors,
        Optional<ForwardPrefix> forwardPrefix) {

    public Network {
        Objects.requireNonNull(forwardPrefix, "forwardPrefix");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(batchNorm, "batchNorm");
        weights = List.copyOf(weights);
        hiddenBiases = List.copyOf(hiddenBiases);
        factors = List.copyOf(factors);
        outputBias = outputBias.clone();
        if (weights.size() < 2) {
            throw new IllegalArgumentException("a network needs at least 2 layers, got " + weights.size());
        }
        for (int l = 1; l < weights.size(); l++) {
            if (weights.get(l - 1).cols() != weights.get(l).rows()) {
                throw new IllegalArgumentException("layer " + l + " is " + weights.get(l - 1).shape() + " but layer "
                        + (l + 1) + " is " + weights.get(l).shape());
            }
        }
        if (!hiddenBiases.isEmpty() && hiddenBiases.size() != weights.size() - 1) {
            throw new IllegalArgumentException(hiddenBiases.size() + " hidden bias vectors for "
                    + (weights.size() - 1) + " hidden layers");
        }
        for (int l = 0; l < hiddenBiases.size(); l++) {
            if (hiddenBiases.get(l).length != weights.get(l).cols()) {
                throw new IllegalArgumentException("bias of layer " + (l + 1) + " has " + hiddenBiases.get(l).length
                        + " entries for width " + weights.get(l).cols());
            }
        }
        if (outputBias.length != 0 && outputBias.length != weights.get(weights.size() - 1).cols()) {
            throw new IllegalArgumentException("output bias has " + outputBias.length + " entries for "
                    + weights.get(weights.size() - 1).cols() + " outputs");
        }
        if (batchNorm.isPresent() && batchNorm.get().width() != weights.get(weights.size() - 2).cols()) {
            throw new IllegalArgumentException("batch norm of width " + batchNorm.get().width()
                    + " after layer of shape " + weights.get(weights.size() - 2).shape());
        }
        if (!factors.isEmpty() && factors.size() != weights.size()) {
            throw new IllegalArgumentException(factors.size() + " factored layers for " + weights.size() + " layers");
        }
        for (int l = 0; l < factors.size(); l++) {
            LayerFactors f = factors.get(l);
            if (f.rows() != weights.get(l).rows() || f.cols() != weights.get(l).cols()) {
                throw new IllegalArgumentException("factors of layer " + (l + 1) + " are " + f.rows() + "x" + f.cols()
                        + " for a layer " + weights.get(l).shape());
            }
        }
        if (forwardPrefix.isPresent()) {
            checkPrefix(forwardPrefix.get(), weights);
        }
    }

    private static void checkPrefix(ForwardPrefix p, List<Matrix> weights) {
        int k = p.layers();
        if (k + 1 > weights.size() - 1) {
            throw new IllegalArgumentException("a forward prefix of " + k + " layers and the next pre-activation"
                    + " needs at least " + (k + 2) + " layers, got " + weights.size());
        }
        int n = p.input().rows();
        for (int l = 0; l <= k; l++) {
            Matrix m = l < k ? p.activations().get(l) : p.next();
            if (m.rows() != n || m.cols() != weights.get(l).cols()) {
                throw new IllegalArgumentException("forward prefix of layer " + (l + 1) + " is " + m.shape()
                        + " for " + n + " samples and a layer " + weights.get(l).shape());
            }
        }
        if (p.input().cols() != weights.get(0).rows()) {
            throw new IllegalArgumentException("forward prefix input is " + p.input().shape() + " for a first layer "
                    + weights.get(0).shape());
        }
    }

    /** A network with a factored form (or none: an empty list) and no forward prefix. */
    public Network(Activation activation, List<Matrix> weights, Optional<BatchNorm> batchNorm,
            List<double[]> hiddenBiases, double[] outputBias, List<LayerFactors> factors) {
        this(activation, weights, batchNorm, hiddenBiases, outputBias, factors, Optional.empty());
    }

    /** A network without factored form. */
    public Network(Activation activation, List<Matrix> weights, Optional<BatchNorm> batchNorm,
            List<double[]> hiddenBiases, double[] outputBias) {
        this(activation, weights, batchNorm, hiddenBiases, outputBias, List.of());
    }

    /** This network with the factored form of every layer (see {@link LayerFactors}). */
    public Network withFactors(List<LayerFactors> layerFactors) {
        return new Network(activation, weights, batchNorm, hiddenBiases, outputBias, layerFactors, forwardPrefix);
    }

    /** This network without factored form: its statistics come from the weights alone. */
    public Network withoutFactors() {
        return factors.isEmpty() ? this
                : new Network(activation, weights, batchNorm, hiddenBiases, outputBias, List.of(), forwardPrefix);
    }

    /** This network with the first steps of its forward pass on one input (see {@link ForwardPrefix}). */
    public Network withForwardPrefix(ForwardPrefix prefix) {
        return new Network(activation, weights, batchNorm, hiddenBiases, outputBias, factors, Optional.of(prefix));
    }

    /** This network without forward prefix: every forward pass starts from the input. */
    public Network withoutForwardPrefix() {
        return forwardPrefix.isEmpty() ? this
                : new Network(activation, weights, batchNorm, hiddenBiases, outputBias, factors, Optional.empty());
    }

    /** A plain chain without biases or batch norm. */
    public static Network chain(Activation activation, List<Matrix> weights) {
        return new Network(activation, weights, Optional.empty(), List.of(), new double[0]);
    }

    public int depth() {
        return weights.size();
    }

    public Matrix layer(int l) {
        return weights.get(l - 1);
    }

    @Override
    public double[] outputBias() {
        return outputBias.clone();
    }

    /** The penultimate features A_{L−1} (n × m_{L−1}). */
    public Matrix features(Matrix x) {
        return activations(x).get(depth() - 1);
    }

    /**
     * A_0 = X, A_1, …, A_{L−1}; the steps the {@link ForwardPrefix} gives for X (when it is for X) are taken
     * from it instead of being computed.
     */
    public List<Matrix> activations(Matrix x) {
        List<Matrix> out = new ArrayList<>(depth());
        out.add(x);
        Matrix given = null;
        if (forwardPrefix.isPresent() && forwardPrefix.get().isFor(x)) {
            out.addAll(forwardPrefix.get().activations());
            given = forwardPrefix.get().next();
        }
        Matrix a = out.get(out.size() - 1);
        for (int l = out.size(); l < depth(); l++) {
            Matrix h = given;
            given = null;
            if (h == null) {
                h = a.times(weights.get(l - 1));
                if (!hiddenBiases.isEmpty()) {
                    h = addRowVector(h, hiddenBiases.get(l - 1));
                }
            }
            if (l == depth() - 1 && batchNorm.isPresent()) {
                a = batchNorm.get().apply(h);
            } else {
                a = activation == Activation.RELU ? h.relu() : h;
            }
            out.add(a);
        }
        return out;
    }

    /** f(X). */
    public Matrix forward(Matrix x) {
        return outputOf(features(x));
    }

    /** f(X) from the penultimate features A_{L−1} = {@link #features}(X): A_{L−1} W_L + b_out. */
    public Matrix outputOf(Matrix features) {
        Matrix f = features.times(weights.get(depth() - 1));
        return outputBias.length == 0 ? f : addRowVector(f, outputBias);
    }

    /** This network with every hidden layer padded by zero neurons to {@code width}. */
    public Network padHiddenWidth(int width) {
        List<Matrix> padded = new ArrayList<>();
        for (int l = 0; l < depth(); l++) {
            Matrix w = weights.get(l);
            int r = l == 0 ? w.rows() : width;
            int c = l == depth() - 1 ? w.cols() : width;
            padded.add(w.padTo(r, c));
        }
        List<double[]> biases = new ArrayList<>();
        for (double[] b : hiddenBiases) {
            biases.add(java.util.Arrays.copyOf(b, width));
        }
        Optional<BatchNorm> bn = batchNorm.map(b -> new BatchNorm(java.util.Arrays.copyOf(b.gamma(), width),
                java.util.Arrays.copyOf(b.alpha(), width), b.after()));
        List<LayerFactors> paddedFactors = new ArrayList<>();
        for (int l = 0; l < factors.size(); l++) {
            paddedFactors.add(factors.get(l).padTo(padded.get(l).rows(), padded.get(l).cols()));
        }
        return new Network(activation, padded, bn, biases, outputBias, paddedFactors);
    }

    /** The largest hidden width. */
    public int maxHiddenWidth() {
        int m = 0;
        for (int l = 0; l < depth() - 1; l++) {
            m = Math.max(m, weights.get(l).cols());
        }
        return m;
    }

    private static Matrix addRowVector(Matrix h, double[] b) {
        double[] c = h.toColumnMajor();
        int n = h.rows();
        for (int j = 0; j < h.cols(); j++) {
            for (int i = 0; i < n; i++) {
                c[i + j * n] += b[j];
            }
        }
        return Matrix.ofColumnMajor(n, h.cols(), c);
    }
}

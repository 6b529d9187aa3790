package org.deepdual.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.Network;

/**
 * An optimal network in a form that ships to executors and saves as JSON: each layer column-major.
 * A batch-norm layer keeps the statistics of the training batch (per unit: mean and ‖Ph‖₂ of its
 * pre-activation, and n), because docs/theory.md §8 normalises over the batch: a model predicts one row
 * at a time with the training batch's statistics, like inference mode, and on the training rows that
 * is the network's forward pass exactly.
 */
public record FittedNetwork(String activation, List<Layer> weights, List<double[]> hiddenBiases,
        double[] outputBias, FrozenBatchNorm batchNorm) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One weight matrix, column-major. */
    public record Layer(int rows, int cols, double[] values) implements Serializable {
        private static final long serialVersionUID = 1L;

        Matrix matrix() {
            return Matrix.ofColumnMajor(rows, cols, values.clone());
        }
    }

    /** γ, α and the activation after batch norm, with the training batch's per-unit mean, norm and size. */
    public record FrozenBatchNorm(double[] gamma, double[] alpha, String after, double[] mean, double[] norm, int n)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** {@code network} with its batch norm frozen at the statistics of {@code trainX}. */
    static FittedNetwork of(Network network, Matrix trainX) {
        List<Layer> layers = new ArrayList<>();
        for (Matrix w : network.weights()) {
            layers.add(new Layer(w.rows(), w.cols(), w.toColumnMajor()));
        }
        FrozenBatchNorm bn = null;
        if (network.batchNorm().isPresent()) {
            if (!network.hiddenBiases().isEmpty()) {
                throw new IllegalArgumentException("batch norm after a biased layer is not a network of this project");
            }
            BatchNorm b = network.batchNorm().get();
            int l = network.depth() - 1;
            Matrix h = network.activations(trainX).get(l - 1).times(network.layer(l));
            double[] mean = new double[h.cols()];
            double[] norm = new double[h.cols()];
            for (int j = 0; j < h.cols(); j++) {
                double[] c = h.column(j);
                for (double v : c) {
                    mean[j] += v;
                }
                mean[j] /= c.length;
                for (double v : c) {
                    norm[j] += (v - mean[j]) * (v - mean[j]);
                }
                norm[j] = Math.sqrt(norm[j]);
            }
            bn = new FrozenBatchNorm(b.gamma(), b.alpha(), b.after().name(), mean, norm, h.rows());
        }
        return new FittedNetwork(network.activation().name(), layers, network.hiddenBiases(), network.outputBias(), bn);
    }

    /** The network itself (its batch norm normalises over whatever batch it is given). */
    public Network network() {
        List<Matrix> ws = weights.stream().map(Layer::matrix).toList();
        Optional<BatchNorm> bn = Optional.ofNullable(batchNorm)
                .map(b -> new BatchNorm(b.gamma(), b.alpha(), Activation.valueOf(b.after())));
        return new Network(Activation.valueOf(activation), ws, bn, hiddenBiases, outputBias);
    }

    public int inputs() {
        return weights.get(0).rows();
    }

    public int outputs() {
        return weights.get(weights.size() - 1).cols();
    }

    /** f(x) for one sample. */
    public double[] predict(double[] x) {
        if (x.length != inputs()) {
            throw new IllegalArgumentException("the network takes " + inputs() + " features, got " + x.length);
        }
        Activation sigma = Activation.valueOf(activation);
        double[] a = x;
        int depth = weights.size();
        for (int l = 0; l < depth; l++) {
            double[] h = times(a, weights.get(l));
            if (l == depth - 1) {
                add(h, outputBias);
                return h;
            }
            if (!hiddenBiases.isEmpty()) {
                add(h, hiddenBiases.get(l));
            }
            a = l == depth - 2 && batchNorm != null ? normalise(h) : apply(sigma, h);
        }
        throw new IllegalStateException("unreachable: a network has at least 2 layers");
    }

    private double[] normalise(double[] h) {
        Activation after = Activation.valueOf(batchNorm.after());
        double invSqrtN = 1.0 / Math.sqrt(batchNorm.n());
        double[] out = new double[h.length];
        for (int j = 0; j < h.length; j++) {
            double centred = batchNorm.norm()[j] > 0 ? (h[j] - batchNorm.mean()[j]) / batchNorm.norm()[j] : 0.0;
            out[j] = after.apply(batchNorm.gamma()[j] * centred + batchNorm.alpha()[j] * invSqrtN);
        }
        return out;
    }

    private static double[] times(double[] a, Layer w) {
        double[] h = new double[w.cols()];
        for (int j = 0; j < w.cols(); j++) {
            double s = 0;
            int off = j * w.rows();
            for (int i = 0; i < w.rows(); i++) {
                s += a[i] * w.values()[off + i];
            }
            h[j] = s;
        }
        return h;
    }

    private static void add(double[] h, double[] b) {
        if (b.length == 0) {
            return;
        }
        for (int j = 0; j < h.length; j++) {
            h[j] += b[j];
        }
    }

    private static double[] apply(Activation sigma, double[] h) {
        for (int j = 0; j < h.length; j++) {
            h[j] = sigma.apply(h[j]);
        }
        return h;
    }
}

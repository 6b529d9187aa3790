package org.deepdual.solve.spline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Activation;
import org.deepdual.model.Network;

/**
 * The exact pieces of a scalar ReLU network of one input on an interval (docs/theory.md §7.3): the
 * network is continuous and piecewise linear, and its breakpoints can only lie where some neuron's
 * pre-activation changes sign. Each layer's pre-activations are affine on every piece found so far,
 * so their zeros are computed exactly and split the piece; after the last hidden layer the output is
 * affine on every piece. Piece boundaries where the output slope does not change (a neuron switching
 * whose path carries no weight) are kept: {@link #kinks} filters them by slope change.
 *
 * <p>Inputs with more than one column are supported for the bias-column layout of relu-1d: the
 * input column carries t, every other column is the constant 1.
 *
 * @param breaks the piece boundaries, strictly increasing, from lo to hi (both included)
 * @param slopes the output's slope on each of the breaks.length − 1 pieces
 * @param intercepts the output's intercept on each piece: f(t) = slope·t + intercept
 */
public record NetworkPieces(double[] breaks, double[] slopes, double[] intercepts) {
    /** Refuse more pieces than this: a 1-D network of the studied sizes has far fewer. */
    static final int MAX_PIECES = 1_000_000;

    public NetworkPieces {
        breaks = breaks.clone();
        slopes = slopes.clone();
        intercepts = intercepts.clone();
    }

    @Override
    public double[] breaks() {
        return breaks.clone();
    }

    @Override
    public double[] slopes() {
        return slopes.clone();
    }

    /** One piece under construction: the activations of the current layer, each slope·t + intercept. */
    private record Piece(double lo, double hi, double[] slope, double[] intercept) {
    }

    /** The pieces of {@code net} (scalar output, ReLU) on [lo, hi], input column {@code inputColumn}. */
    public static NetworkPieces of(Network net, int inputColumn, double lo, double hi) {
        if (net.activation() != Activation.RELU || net.batchNorm().isPresent()) {
            throw new IllegalArgumentException("network pieces need a plain ReLU chain, got activation "
                    + net.activation() + (net.batchNorm().isPresent() ? " with batch norm" : ""));
        }
        if (net.layer(net.depth()).cols() != 1) {
            throw new IllegalArgumentException("network pieces need a scalar output, got " + net.layer(net.depth())
                    .cols() + " outputs");
        }
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("interval must be finite with lo < hi, got [" + lo + ", " + hi + "]");
        }
        int d = net.layer(1).rows();
        if (inputColumn < 0 || inputColumn >= d) {
            throw new IllegalArgumentException("input column " + inputColumn + " outside 0.." + (d - 1));
        }
        double[] s0 = new double[d];
        double[] c0 = new double[d];
        Arrays.fill(c0, 1.0);
        s0[inputColumn] = 1.0;
        c0[inputColumn] = 0.0;
        List<Piece> pieces = List.of(new Piece(lo, hi, s0, c0));
        for (int l = 1; l < net.depth(); l++) {
            double[] bias = net.hiddenBiases().isEmpty() ? new double[net.layer(l).cols()] : net.hiddenBiases().get(l - 1);
            pieces = layer(pieces, net.layer(l), bias);
        }
        Matrix last = net.layer(net.depth());
        double outBias = net.outputBias().length == 0 ? 0.0 : net.outputBias()[0];
        int m = pieces.size();
        double[] breaks = new double[m + 1];
        double[] slopes = new double[m];
        double[] intercepts = new double[m];
        for (int p = 0; p < m; p++) {
            Piece piece = pieces.get(p);
            breaks[p] = piece.lo();
            double s = 0;
            double c = outBias;
            for (int i = 0; i < piece.slope().length; i++) {
                s += piece.slope()[i] * last.get(i, 0);
                c += piece.intercept()[i] * last.get(i, 0);
            }
            slopes[p] = s;
            intercepts[p] = c;
        }
        breaks[m] = hi;
        return new NetworkPieces(breaks, slopes, intercepts);
    }

    /** Splits every piece at the zeros of the layer's pre-activations and applies the ReLU. */
    private static List<Piece> layer(List<Piece> in, Matrix w, double[] bias) {
        List<Piece> out = new ArrayList<>();
        int width = w.cols();
        for (Piece piece : in) {
            double[] hs = new double[width];
            double[] hc = new double[width];
            double[] cuts = new double[width + 2];
            int nc = 0;
            cuts[nc++] = piece.lo();
            for (int j = 0; j < width; j++) {
                double s = 0;
                double c = bias[j];
                for (int i = 0; i < piece.slope().length; i++) {
                    s += piece.slope()[i] * w.get(i, j);
                    c += piece.intercept()[i] * w.get(i, j);
                }
                hs[j] = s;
                hc[j] = c;
                if (s != 0) {
                    double root = -c / s;
                    if (root > piece.lo() && root < piece.hi()) {
                        cuts[nc++] = root;
                    }
                }
            }
            cuts[nc++] = piece.hi();
            Arrays.sort(cuts, 0, nc);
            for (int k = 0; k + 1 < nc; k++) {
                double a = cuts[k];
                double b = cuts[k + 1];
                if (!(b > a)) {
                    continue;
                }
                double mid = 0.5 * (a + b);
                double[] s = new double[width];
                double[] c = new double[width];
                for (int j = 0; j < width; j++) {
                    if (hs[j] * mid + hc[j] > 0) {
                        s[j] = hs[j];
                        c[j] = hc[j];
                    }
                }
                out.add(new Piece(a, b, s, c));
                if (out.size() > MAX_PIECES) {
                    throw new IllegalArgumentException("the network has more than " + MAX_PIECES + " linear pieces");
                }
            }
        }
        return out;
    }

    /** The network's value at t (t inside the interval). */
    public double valueAt(double t) {
        int p = Arrays.binarySearch(breaks, t);
        int piece = p >= 0 ? Math.min(p, slopes.length - 1) : Math.max(0, Math.min(-p - 2, slopes.length - 1));
        return slopes[piece] * t + intercepts[piece];
    }

    /**
     * The interior breakpoints where the slope changes by more than {@code slopeTol} (absolute): the
     * kinks of the function.
     */
    public double[] kinks(double slopeTol) {
        List<Double> out = new ArrayList<>();
        for (int p = 1; p < slopes.length; p++) {
            if (Math.abs(slopes[p] - slopes[p - 1]) > slopeTol) {
                out.add(breaks[p]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

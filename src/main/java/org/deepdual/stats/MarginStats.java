package org.deepdual.stats;

import java.util.Optional;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;

/**
 * Train accuracy and margins of a network under a classification loss (docs/theory.md §14), next to NC1–NC4:
 * the margin of sample i is y_i f_i for labels ±1 (logistic, hinge), and f_{i,k} − max_{c≠k} f_{i,c} for a
 * one-hot row e_k (cross-entropy). The network's output bias counts (it is part of f).
 *
 * @param trainAccuracy fraction of samples with a positive margin
 * @param minMargin the smallest margin (the hard-margin value when positive)
 * @param meanMargin the mean margin
 * @param belowOne fraction of samples with margin below 1 (for hinge: the samples the loss still charges)
 */
public record MarginStats(double trainAccuracy, double minMargin, double meanMargin, double belowOne) {

    /** The margins of {@code net} on (X, Y); empty for the squared loss, which has no margin. */
    public static Optional<MarginStats> of(Network net, Matrix x, Matrix y, Loss loss) {
        if (!loss.classification()) {
            return Optional.empty();
        }
        return Optional.of(ofOutputs(net.forward(x), y));
    }

    /** The margins of outputs F against ±1 targets (one column) or one-hot rows (K ≥ 2 columns). */
    public static MarginStats ofOutputs(Matrix f, Matrix y) {
        if (f.rows() != y.rows() || f.cols() != y.cols()) {
            throw new IllegalArgumentException("outputs are " + f.shape() + " but Y is " + y.shape());
        }
        int n = f.rows();
        int correct = 0;
        int below = 0;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double m = margin(f.row(i), y.row(i));
            correct += m > 0 ? 1 : 0;
            below += m < 1 ? 1 : 0;
            min = Math.min(min, m);
            sum += m;
        }
        return n == 0 ? new MarginStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new MarginStats(correct / (double) n, min, sum / n, below / (double) n);
    }

    private static double margin(double[] f, double[] y) {
        if (f.length == 1) {
            return y[0] * f[0];
        }
        int k = 0;
        for (int c = 1; c < y.length; c++) {
            if (y[c] > y[k]) {
                k = c;
            }
        }
        double rival = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < f.length; c++) {
            if (c != k) {
                rival = Math.max(rival, f[c]);
            }
        }
        return f[k] - rival;
    }
}

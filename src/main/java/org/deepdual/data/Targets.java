package org.deepdual.data;

import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * Targets Y ∈ R^{n×K} for generated inputs X (docs/theory.md §1), by kind:
 * <ul>
 *   <li>{@code linear}: Y = X W + noise·E, with W (d×K) drawn first with i.i.d. N(0, wStd²) entries,
 *       then E (n×K) with i.i.d. N(0, 1) entries, both row by row. Each generator picks wStd so that
 *       the signal XW has variance about 1 per entry.
 *   <li>{@code signed}: y ∈ {−1, +1}^n (K = 1), ⌈n/2⌉ entries +1 and ⌊n/2⌋ entries −1 in random order,
 *       so both signs occur (the two ReLU paths of docs/theory.md §6).
 *   <li>{@code onehot}: K classes of sizes as equal as possible (the first n mod K classes one larger)
 *       in random order; Y is one-hot and the labels are kept.
 * </ul>
 */
final class Targets {
    /** Y and, for one-hot targets, the class labels. */
    record Made(Matrix y, Optional<Labels> labels) {
    }

    private Targets() {
    }

    /** Targets of the spec's kind for X; adds the target parameters to the fingerprint. */
    static Made generate(DatasetSpec spec, double[][] x, double wStd, SeededDraws draws, Fingerprint fp) {
        int n = x.length;
        fp.with("targets", spec.targets());
        switch (spec.targets()) {
            case "signed" -> {
                if (spec.outputs() != 1) {
                    throw SpecFields.bad(spec, "signed targets have one output, got outputs = " + spec.outputs());
                }
                if (n < 2) {
                    throw SpecFields.bad(spec, "signed targets need n >= 2 so that both signs occur, got n = " + n);
                }
                int[] p = draws.permutation(n);
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    y[p[i]] = i < (n + 1) / 2 ? 1.0 : -1.0;
                }
                return new Made(Matrix.column(y), Optional.empty());
            }
            case "onehot" -> {
                int k = SpecFields.classCount(spec);
                if (k < 2) {
                    throw SpecFields.bad(spec, "onehot targets need classes >= 2, got " + k);
                }
                if (n < k) {
                    throw SpecFields.bad(spec, "onehot targets need n >= classes so that every class occurs, got n = "
                            + n + " < classes = " + k);
                }
                fp.with("classes", k);
                Labels labels = new Labels(draws.labelsWithSizes(SeededDraws.balancedSizes(n, k)), k);
                return new Made(oneHot(labels), Optional.of(labels));
            }
            default -> {
                fp.with("outputs", spec.outputs()).with("noise", spec.noise());
                return new Made(linear(x, spec.outputs(), wStd, spec.noise(), draws), Optional.empty());
            }
        }
    }

    /** Y = X W + noise·E in plain Java (no BLAS), so the bits do not depend on the backend. */
    static Matrix linear(double[][] x, int outputs, double wStd, double noise, SeededDraws draws) {
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        double[][] w = draws.gaussian(d, outputs, wStd);
        double[][] e = draws.gaussian(n, outputs, 1.0);
        double[][] y = new double[n][outputs];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < outputs; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[i][j] * w[j][k];
                }
                y[i][k] = s + noise * e[i][k];
            }
        }
        return Matrix.ofRows(y);
    }

    /** The n×K one-hot matrix of the labels. */
    static Matrix oneHot(Labels labels) {
        double[][] y = new double[labels.n()][labels.k()];
        for (int i = 0; i < labels.n(); i++) {
            y[i][labels.label(i)] = 1.0;
        }
        return Matrix.ofRows(y);
    }

    /** Two classes as one ±1 column: class 1 is +1, class 0 is −1. */
    static Matrix signed(Labels labels) {
        double[] y = new double[labels.n()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.label(i) == 1 ? 1.0 : -1.0;
        }
        return Matrix.column(y);
    }

    /**
     * Y for labelled data (mixture, idx, csv with labels): one-hot for targets "onehot" or the
     * default "linear"; "signed" (two classes only) gives one ±1 column.
     */
    static Matrix forLabels(DatasetSpec spec, Labels labels) {
        if (spec.targets().equals("signed")) {
            if (labels.k() != 2) {
                throw SpecFields.bad(spec, "signed targets need exactly 2 classes, got " + labels.k());
            }
            return signed(labels);
        }
        return oneHot(labels);
    }
}

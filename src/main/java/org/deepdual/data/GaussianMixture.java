package org.deepdual.data;

import java.util.Arrays;
import java.util.Optional;
import org.deepdual.linalg.Matrix;

/**
 * Generator {@code mixture}: K Gaussian classes in R^d with one-hot labels (the classification
 * data of docs/theory.md §6 and §8). Draw order: the class means μ_k (K×d, i.i.d.
 * N(0, separation²/(2d)), so ‖μ_k − μ_l‖ ≈ separation), then the labels (class sizes given, or as
 * equal as possible, in random order), then x_i = μ_{label i} + N(0, I_d) row by row. Targets are
 * one-hot (or ±1 with targets "signed" and K = 2).
 */
final class GaussianMixture {
    private GaussianMixture() {
    }

    static Dataset generate(DatasetSpec spec) {
        int d = SpecFields.required(spec, "d", spec.d());
        int[] sizes = classSizes(spec);
        int k = sizes.length;
        int n = 0;
        for (int s : sizes) {
            n += s;
        }
        SeededDraws draws = new SeededDraws(spec.seed());
        double[][] means = draws.gaussian(k, d, spec.separation() / Math.sqrt(2.0 * d));
        Labels labels = new Labels(draws.labelsWithSizes(sizes), k);
        double[][] x = draws.gaussian(n, d, 1.0);
        for (int i = 0; i < n; i++) {
            double[] mu = means[labels.label(i)];
            for (int j = 0; j < d; j++) {
                x[i][j] += mu[j];
            }
        }
        Fingerprint fp = new Fingerprint("mixture", 1).with("d", d).with("class_sizes", Arrays.toString(sizes)
                .replace(" ", "")).with("separation", spec.separation()).with("seed", spec.seed())
                .with("targets", spec.targets().equals("signed") ? "signed" : "onehot");
        return new Dataset(spec.name(), Matrix.ofRows(x), Targets.forLabels(spec, labels), Optional.of(labels),
                fp.toString());
    }

    /** class_sizes as given (n and classes must agree), or n split as equally as possible into K classes. */
    private static int[] classSizes(DatasetSpec spec) {
        if (!spec.classSizes().isEmpty()) {
            int[] sizes = spec.classSizes().stream().mapToInt(Integer::intValue).toArray();
            int total = Arrays.stream(sizes).sum();
            if (spec.n().isPresent() && spec.n().getAsInt() != total) {
                throw SpecFields.bad(spec, "n = " + spec.n().getAsInt() + " but class_sizes " + spec.classSizes()
                        + " sum to " + total);
            }
            if (spec.classes().isPresent() && spec.classes().getAsInt() != sizes.length) {
                throw SpecFields.bad(spec, "classes = " + spec.classes().getAsInt() + " but class_sizes has "
                        + sizes.length + " entries");
            }
            if (sizes.length < 2) {
                throw SpecFields.bad(spec, "a mixture needs at least 2 classes, class_sizes has " + sizes.length);
            }
            return sizes;
        }
        int n = SpecFields.required(spec, "n (or class_sizes)", spec.n());
        int k = SpecFields.classCount(spec);
        if (k < 2) {
            throw SpecFields.bad(spec, "a mixture needs classes >= 2, got " + k);
        }
        if (n < k) {
            throw SpecFields.bad(spec, "a mixture needs n >= classes so that every class occurs, got n = " + n
                    + " < classes = " + k);
        }
        return SeededDraws.balancedSizes(n, k);
    }
}

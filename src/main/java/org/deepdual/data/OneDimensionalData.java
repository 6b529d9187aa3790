package org.deepdual.data;

import java.util.Arrays;
import org.deepdual.linalg.Matrix;

/**
 * Generator {@code one-d}: n scalar inputs x_i i.i.d. uniform on [−1, 1) (sorted ascending when
 * {@code sorted}), X ∈ R^{n×1}, for the spline setting of docs/theory.md §7.2; the bias column
 * [x, 1] of section 9 is the spec's {@code bias_column}. Targets by {@link Targets} with W entries
 * N(0, 1): linear targets are w·x plus noise.
 */
final class OneDimensionalData {
    private OneDimensionalData() {
    }

    static Dataset generate(DatasetSpec spec) {
        int n = SpecFields.required(spec, "n", spec.n());
        if (spec.d().isPresent() && spec.d().getAsInt() != 1) {
            throw SpecFields.bad(spec, "generator one-d has d = 1, got d = " + spec.d().getAsInt());
        }
        SeededDraws draws = new SeededDraws(spec.seed());
        double[] inputs = draws.uniform(n, -1.0, 1.0);
        if (spec.sorted()) {
            Arrays.sort(inputs);
        }
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = inputs[i];
        }
        Fingerprint fp = new Fingerprint("one-d", 1).with("n", n).with("sorted", spec.sorted())
                .with("seed", spec.seed());
        Targets.Made t = Targets.generate(spec, x, 1.0, draws, fp);
        return new Dataset(spec.name(), Matrix.ofRows(x), t.y(), t.labels(), fp.toString());
    }
}

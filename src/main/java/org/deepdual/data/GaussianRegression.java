package org.deepdual.data;

import org.deepdual.linalg.Matrix;

/**
 * Generator {@code gaussian}: X ∈ R^{n×d} with i.i.d. N(0, 1) entries (drawn row by row), targets
 * by {@link Targets} with W entries N(0, 1/d) so that each entry of XW has variance about 1. The
 * general data of settings (a), (b) and (f) in docs/theory.md.
 */
final class GaussianRegression {
    private GaussianRegression() {
    }

    static Dataset generate(DatasetSpec spec) {
        int n = SpecFields.required(spec, "n", spec.n());
        int d = SpecFields.required(spec, "d", spec.d());
        SeededDraws draws = new SeededDraws(spec.seed());
        double[][] x = draws.gaussian(n, d, 1.0);
        Fingerprint fp = new Fingerprint("gaussian", 1).with("n", n).with("d", d).with("seed", spec.seed());
        Targets.Made t = Targets.generate(spec, x, 1.0 / Math.sqrt(d), draws, fp);
        return new Dataset(spec.name(), Matrix.ofRows(x), t.y(), t.labels(), fp.toString());
    }
}

package org.deepdual.data;

import org.deepdual.linalg.Matrix;

/**
 * Generator {@code rank-one}: X = c aᵀ (docs/theory.md §7.1) with c ∈ R^n i.i.d. N(0, 1) (so both
 * signs occur, giving the two features c₊ and c₋) drawn first, then a ∈ R^d i.i.d. N(0, 1/d)
 * (‖a‖ ≈ 1). Targets by {@link Targets} with W entries N(0, 1); linear targets are then
 * c·(aᵀW) plus noise, so a positive noise is what makes y leave the span of c.
 */
final class RankOneData {
    private RankOneData() {
    }

    static Dataset generate(DatasetSpec spec) {
        int n = SpecFields.required(spec, "n", spec.n());
        int d = SpecFields.required(spec, "d", spec.d());
        SeededDraws draws = new SeededDraws(spec.seed());
        double[] c = draws.gaussian(n, 1.0);
        double[] a = draws.gaussian(d, 1.0 / Math.sqrt(d));
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = c[i] * a[j];
            }
        }
        Fingerprint fp = new Fingerprint("rank-one", 1).with("n", n).with("d", d).with("seed", spec.seed());
        Targets.Made t = Targets.generate(spec, x, 1.0, draws, fp);
        return new Dataset(spec.name(), Matrix.ofRows(x), t.y(), t.labels(), fp.toString());
    }
}

package org.deepdual.data;

import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;

/**
 * Generator {@code whitened}: X ∈ R^{n×d}, n ≤ d, with orthonormal rows (XXᵀ = I_n, docs/theory.md
 * §6): i.i.d. N(0, 1) rows orthonormalised by modified Gram–Schmidt applied twice ("twice is
 * enough"), which is a Haar-random orthonormal frame and keeps ‖XXᵀ − I‖ at the 1e-15 level. Done in
 * plain Java rather than through LAPACK so the bits do not depend on the backend. Targets by
 * {@link Targets} with W entries N(0, 1): since XXᵀ = I, XW is exactly standard normal.
 */
final class WhitenedData {
    private WhitenedData() {
    }

    static Dataset generate(DatasetSpec spec) {
        int n = SpecFields.required(spec, "n", spec.n());
        int d = SpecFields.required(spec, "d", spec.d());
        if (n > d) {
            throw SpecFields.bad(spec, "whitened data needs n <= d (rows orthonormal in R^d), got n = " + n
                    + " > d = " + d);
        }
        SeededDraws draws = new SeededDraws(spec.seed());
        double[][] x = orthonormalRows(draws.gaussian(n, d, 1.0));
        Fingerprint fp = new Fingerprint("whitened", 1).with("n", n).with("d", d).with("seed", spec.seed());
        Targets.Made t = Targets.generate(spec, x, 1.0, draws, fp);
        return new Dataset(spec.name(), Matrix.ofRows(x), t.y(), t.labels(), fp.toString());
    }

    /** Orthonormalises the rows in place, in order; two Gram–Schmidt passes per row. */
    static double[][] orthonormalRows(double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            double[] v = rows[i];
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double dot = Vectors.dot(rows[j], v);
                    for (int c = 0; c < v.length; c++) {
                        v[c] -= dot * rows[j][c];
                    }
                }
            }
            double norm = Math.sqrt(Vectors.dot(v, v));
            if (!(norm > 1e-8)) {
                // Gaussian rows are independent with probability one; this would mean a broken draw
                throw new IllegalStateException("row " + i + " is linearly dependent on the rows before it");
            }
            for (int c = 0; c < v.length; c++) {
                v[c] /= norm;
            }
        }
        return rows;
    }
}

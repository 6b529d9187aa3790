package org.deepdual.linalg;

/**
 * The singular values and right singular vectors of an m×n matrix A = U diag(s) Vᵀ, without U
 * (k = min(m, n)): s has k entries in non-increasing order, V is n×k with orthonormal columns. What
 * the statistics of a first layer need (its rank, norms and the output side of its alignment,
 * docs/theory.md §10), at a fraction of a tall layer's thin SVD; see {@link Decompositions#rightSvd}.
 */
public record RightSvd(double[] s, Matrix v) {

    /** #{σ_i > rtol·σ_1}; 0 for the zero matrix. */
    public int rank(double rtol) {
        if (s.length == 0 || s[0] == 0.0) {
            return 0;
        }
        int r = 0;
        for (double x : s) {
            if (x > rtol * s[0]) {
                r++;
            }
        }
        return r;
    }
}

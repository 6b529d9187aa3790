package org.deepdual.linalg;

/**
 * A thin singular value decomposition {@code A = U diag(s) Vᵀ} of an m×n matrix, with
 * k = min(m, n): U is m×k, s has k entries in non-increasing order, V is n×k, and the columns of
 * U and of V are orthonormal.
 */
public record Svd(Matrix u, double[] s, Matrix v) {

    /** #{σ_i > rtol·σ_1}; 0 for the zero matrix. */
    public int rank(double rtol) {
        if (s.length == 0 || s[0] == 0.0) {
            return 0;
        }
        int r = 0;
        for (double v : s) {
            if (v > rtol * s[0]) {
                r++;
            }
        }
        return r;
    }

    /** s and V alone. */
    public RightSvd right() {
        return new RightSvd(s, v);
    }

    /** The leading r singular triplets. */
    public Svd truncate(int r) {
        double[] t = new double[r];
        System.arraycopy(s, 0, t, 0, r);
        return new Svd(u.columns(0, r), t, v.columns(0, r));
    }

    /** U diag(s) Vᵀ. */
    public Matrix reconstruct() {
        return Decompositions.scaleColumns(u, s).times(v.transpose());
    }
}

package org.deepdual.solve.relu2;

import org.deepdual.linalg.CholeskyFactor;
import org.deepdual.linalg.Gemm;
import org.deepdual.linalg.Matrix;

/**
 * The data of the two-layer ReLU convex program of docs/theory.md §9 for one pattern set, and the
 * linear algebra its ADMM needs, all matrix-free in the blocks D_iX.
 *
 * <p>The variable w stacks 2P blocks of R^d as the columns of a d × 2P array: v_1..v_P, then
 * u_1..u_P. {@code A w = Σ_i D_iX(v_i − u_i)} and {@code G w} is the n × 2P array whose column b is
 * {@code (2D_i − I)X w_b}. Because (2D_i − I)² = I every block of GᵀG is XᵀX, so the w-step matrix
 * is {@code ρ·blkdiag(K) + AᵀA} with K = I + XᵀX; by Woodbury its inverse needs K⁻¹ (d × d, once)
 * and the n × n matrix {@code S_ρ = I + (2/ρ)·(X K⁻¹ Xᵀ) ∘ C} with {@code C = Σ_i diag(D_i) diag(D_i)ᵀ}
 * (pattern co-activation counts), factored once per ρ. Neither the 2Pd × 2Pd system nor the
 * n × 2Pd matrix A is ever formed.
 */
final class PatternConeProgram {
    /** Relative cone slack (of ‖x_k‖‖z_b‖) at or below which a constraint counts as tight. */
    private static final double ROUNDING = 1e-12;
    final int n;
    final int d;
    final int p;
    final ActivationPatterns patterns;
    private final double[] x;
    private final Matrix xMatrix;
    private final double[] y;
    private final double[] masks;
    private final double[] signs;
    private final double[] kInv;
    private final double[] hc;
    private final double[] aty;
    private final double[] rowNorms;

    PatternConeProgram(Matrix xm, double[] y, ActivationPatterns patterns) {
        this.n = xm.rows();
        this.d = xm.cols();
        this.p = patterns.count();
        this.patterns = patterns;
        this.x = xm.toColumnMajor();
        this.xMatrix = xm;
        this.y = y.clone();
        this.masks = patterns.masksColumnMajor();
        this.signs = new double[masks.length];
        for (int i = 0; i < masks.length; i++) {
            signs[i] = 2 * masks[i] - 1;
        }
        Matrix k = Matrix.identity(d).plus(xm.transposeTimes(xm));
        this.kInv = CholeskyFactor.of(k).solve(Matrix.identity(d)).toColumnMajor();
        double[] xk = new double[n * d];
        Gemm.multiply(false, false, n, d, d, 1.0, x, kInv, 0.0, xk);
        double[] h = new double[n * n];
        Gemm.multiply(false, true, n, n, d, 1.0, xk, x, 0.0, h);
        double[] c = new double[n * n];
        Gemm.multiply(false, true, n, n, p, 1.0, masks, masks, 0.0, c);
        for (int i = 0; i < h.length; i++) {
            h[i] *= c[i];
        }
        this.hc = h;
        this.rowNorms = new double[n];
        for (int row = 0; row < n; row++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                sq += x[row + j * n] * x[row + j * n];
            }
            rowNorms[row] = Math.sqrt(sq);
        }
        this.aty = new double[d * 2 * p];
        double[] q = new double[d * p];
        adjointMasked(y, q);
        for (int i = 0; i < d * p; i++) {
            aty[i] = q[i];
            aty[i + d * p] = -q[i];
        }
    }

    Matrix x() {
        return xMatrix;
    }

    int blocks() {
        return 2 * p;
    }

    double[] y() {
        return y;
    }

    /** ‖x_k‖ of every row of X (shared, read only). */
    double[] rowNorms() {
        return rowNorms;
    }

    /** Aᵀy as a d × 2P array (shared, read only). */
    double[] aty() {
        return aty;
    }

    /** The Cholesky factor of S_ρ = I + (2/ρ)(XK⁻¹Xᵀ) ∘ C. */
    CholeskyFactor woodburyFactor(double rho) {
        double[] s = new double[n * n];
        double f = 2.0 / rho;
        for (int i = 0; i < s.length; i++) {
            s[i] = f * hc[i];
        }
        for (int i = 0; i < n; i++) {
            s[i + i * n] += 1.0;
        }
        return CholeskyFactor.of(Matrix.ofColumnMajor(n, n, s));
    }

    /**
     * The cone slacks s = Gz (n × 2P) of blocks z, with rounding-level values set to 0: the rows a
     * polished z holds at x_kᵀz_b = 0 are exactly the zero slacks, which mark its face.
     */
    double[] slack(double[] z) {
        int nb = 2 * p;
        double[] xz = new double[n * nb];
        timesX(z, nb, xz);
        for (int b = 0; b < nb; b++) {
            double zn = 0;
            for (int j = 0; j < d; j++) {
                zn += z[b * d + j] * z[b * d + j];
            }
            zn = Math.sqrt(zn);
            int off = b * n;
            int moff = (b % p) * n;
            for (int k = 0; k < n; k++) {
                double v = signs[moff + k] * xz[off + k];
                xz[off + k] = v > ROUNDING * rowNorms[k] * zn ? v : 0.0;
            }
        }
        return xz;
    }

    /** out (d × cols) = K⁻¹ · in (d × cols). */
    void applyKInverse(double[] in, int cols, double[] out) {
        Gemm.multiply(false, false, d, cols, d, 1.0, kInv, in, 0.0, out);
    }

    /** out (n × cols) = X · in (d × cols). */
    void timesX(double[] in, int cols, double[] out) {
        Gemm.multiply(false, false, n, cols, d, 1.0, x, in, 0.0, out);
    }

    /** out (d × cols) = Xᵀ · in (n × cols). */
    void timesXTranspose(double[] in, int cols, double[] out) {
        Gemm.multiply(true, false, d, cols, n, 1.0, x, in, 0.0, out);
    }

    /** out (d × P), column i = XᵀD_i v. */
    void adjointMasked(double[] v, double[] out) {
        double[] m = new double[n * p];
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                m[off + k] = masks[off + k] * v[k];
            }
        }
        timesXTranspose(m, p, out);
    }

    /** A w = Σ_i D_iX(v_i − u_i) for w a d × 2P array; {@code work} holds n × P entries. */
    double[] applyA(double[] w, double[] work) {
        double[] diff = new double[d * p];
        for (int i = 0; i < d * p; i++) {
            diff[i] = w[i] - w[i + d * p];
        }
        timesX(diff, p, work);
        return maskedRowSums(work);
    }

    /** Σ_i D_i · column i of an n × P array. */
    double[] maskedRowSums(double[] np) {
        double[] out = new double[n];
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                out[k] += masks[off + k] * np[off + k];
            }
        }
        return out;
    }

    /** In place: column b of an n × 2P array is multiplied by the signs 2D_i − I of its pattern. */
    void applySigns(double[] n2p) {
        int half = n * p;
        for (int i = 0; i < half; i++) {
            n2p[i] *= signs[i];
            n2p[i + half] *= signs[i];
        }
    }

    /** The n × P array of the diagonals of 2D_i − I (±1; shared, read only). */
    double[] signs() {
        return signs;
    }

    /** Gᵀ m = Σ_b Xᵀ(2D_i − I) m_b as a d × 2P array; {@code m} (n × 2P) is overwritten. */
    void applyGTranspose(double[] m, double[] out) {
        applySigns(m);
        timesXTranspose(m, 2 * p, out);
    }

    /**
     * The objective at z and lower bounds on the optimum.
     *
     * @param convexValue ½‖Az − y‖² + β Σ‖z_b‖
     * @param networkValue the same with Az replaced by the network output Σ_b ±relu(Xz_b)
     * @param programLowerBound D(λ/max(1, t)) for λ = y − Az: the dual of this program is
     *     max D(λ) s.t. ∃ν ≥ 0 with ‖A_bᵀλ + G_bᵀν_b‖ ≤ β for every block, and
     *     t = max_b ‖A_bᵀλ + G_bᵀν_b‖/β for the cone multipliers ν = max(−ρλ2, 0) of the ADMM
     * @param networkLowerBound for enumerated patterns (d ≤ 2) the exact certificate
     *     {@link ReluDualCertificate} at λ = y − (network output); NaN otherwise
     */
    record Bound(double convexValue, double networkValue, double programLowerBound, double networkLowerBound) {
        /** The gap the ADMM stops on, relative to max(1, |value|). */
        double relativeGap() {
            if (!Double.isNaN(networkLowerBound)) {
                return (networkValue - networkLowerBound) / Math.max(1.0, Math.abs(networkValue));
            }
            double scale = Math.max(1.0, Math.abs(convexValue));
            // z may violate the cones slightly, so V can fall below the bound: both sides must be small
            return Math.max(Math.abs(convexValue - programLowerBound), Math.abs(networkValue - convexValue)) / scale;
        }
    }

    Bound bound(double[] z, double[] l2, double rho, double beta) {
        return bound(z, l2, rho, beta, null);
    }

    /**
     * As {@link #bound(double[], double[], double, double)}, with the cone multipliers of the blocks
     * where {@code multipliers} (n × 2P) is not NaN taken from it instead of from the ADMM.
     */
    Bound bound(double[] z, double[] l2, double rho, double beta, double[] multipliers) {
        return bound(z, l2, rho, beta, multipliers, false);
    }

    /**
     * As above; with {@code refine}, every block whose constraint the multipliers leave violated gets
     * the best multipliers instead ({@link ConeDualNorm}), which makes the bound exact for its λ.
     */
    Bound bound(double[] z, double[] l2, double rho, double beta, double[] multipliers, boolean refine) {
        int nb = 2 * p;
        int half = n * p;
        double[] xz = new double[n * nb];
        timesX(z, nb, xz);
        double[] az = new double[n];
        double[] net = new double[n];
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                double v = xz[off + k];
                double u = xz[half + off + k];
                az[k] += masks[off + k] * (v - u);
                net[k] += Math.max(v, 0) - Math.max(u, 0);
            }
        }
        double penalty = 0;
        for (int b = 0; b < nb; b++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += z[b * d + j] * z[b * d + j];
            }
            penalty += beta * Math.sqrt(s);
        }
        double[] lambda = new double[n];
        double fit = 0;
        double netFit = 0;
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k] - az[k];
            fit += 0.5 * lambda[k] * lambda[k];
            netFit += 0.5 * (y[k] - net[k]) * (y[k] - net[k]);
        }
        // xz is spent: it becomes the work array of the dual constraints
        double worst = largestDualConstraint(lambda, l2, rho, beta, multipliers, refine, xz);
        double scale = Math.max(1.0, worst / beta);
        double dual = 0;
        for (int k = 0; k < n; k++) {
            double l = lambda[k] / scale;
            dual += -0.5 * (l - y[k]) * (l - y[k]) + 0.5 * y[k] * y[k];
        }
        return new Bound(fit + penalty, netFit + penalty, dual, networkLowerBound(net, beta));
    }

    /**
     * max_b ‖A_bᵀλ + G_bᵀν_b‖ over the blocks, with ν from {@code multipliers} where not NaN and
     * max(−ρλ2, 0) elsewhere; with {@code refine}, a block above β gets the best multipliers
     * ({@link ConeDualNorm}) instead. {@code work} (n × 2P) is overwritten.
     */
    private double largestDualConstraint(double[] lambda, double[] l2, double rho, double beta, double[] multipliers,
            boolean refine, double[] work) {
        int nb = 2 * p;
        int half = n * p;
        double[] m = work;
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                double ml = masks[off + k] * lambda[k];
                double sg = signs[off + k];
                m[off + k] = ml + sg * multiplier(l2, multipliers, off + k, rho);
                m[half + off + k] = -ml + sg * multiplier(l2, multipliers, half + off + k, rho);
            }
        }
        double[] c = new double[d * nb];
        timesXTranspose(m, nb, c);
        double[] correlation = refine ? new double[d * p] : null;
        if (refine) {
            adjointMasked(lambda, correlation);
        }
        double worst = 0;
        for (int b = 0; b < nb; b++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += c[b * d + j] * c[b * d + j];
            }
            double norm = Math.sqrt(s);
            if (refine && norm > beta) {
                int i = b % p;
                double out = b < p ? 1.0 : -1.0;
                double[] a = new double[d];
                for (int j = 0; j < d; j++) {
                    a[j] = out * correlation[i * d + j];
                }
                double[] sg = java.util.Arrays.copyOfRange(signs, i * n, (i + 1) * n);
                norm = Math.min(norm, ConeDualNorm.of(xMatrix, sg, a, 4 * d + 10));
            }
            worst = Math.max(worst, norm);
        }
        return worst;
    }

    /** For enumerated patterns the exact certificate at the network's λ = y − net; NaN otherwise. */
    private double networkLowerBound(double[] net, double beta) {
        if (!patterns.enumerated()) {
            return Double.NaN;
        }
        double[] netLambda = new double[n];
        for (int k = 0; k < n; k++) {
            netLambda[k] = y[k] - net[k];
        }
        ReluDualCertificate cert = new ReluDualCertificate(ReluDualCertificate.exactMax(xMatrix, netLambda), true);
        return cert.lowerBound(netLambda, y, beta);
    }

    private double multiplier(double[] l2, double[] multipliers, int i, double rho) {
        if (multipliers != null && !Double.isNaN(multipliers[i])) {
            return multipliers[i];
        }
        return Math.max(-rho * l2[i], 0);
    }

    /** The masks of the n × P co-activation structure (shared, read only). */
    double[] masks() {
        return masks;
    }
}

package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Loss;

/**
 * What one side of the pattern program's optimality conditions says about the other, for {@link PatternBarrier}
 * (docs/theory.md §14.3): a primal read off a dual point (the blocks with an active dual constraint, along
 * Π_{C_b}(A_bᵀλ), radii from the margin or fit equations) and, for hinge, the dual that a primal's face
 * dictates. At large barrier parameters rounding spoils the barrier's own multipliers first, so these are the
 * candidates that close the gap; the barrier judges each by the program's value and lower bound.
 */
final class FaceReading {
    private final PatternGlm program;
    private final Loss loss;
    private final double beta;
    private final int n;
    private final int d;
    private final int blocks;
    private final double[] y;

    FaceReading(PatternGlm program, double beta) {
        this.program = program;
        this.loss = program.loss();
        this.beta = beta;
        this.n = program.n;
        this.d = program.d;
        this.blocks = program.blocks();
        this.y = program.targets().column(0);
    }

    /**
     * The hinge dual that the primal z's face dictates: p = 1 / 0 where y f &lt; 1 / &gt; 1, and on the margin the
     * least change of the barrier's p that solves the stationarity of every nonzero block on its face,
     * N_bᵀA_bᵀ(y∘p) = β N_bᵀz_b/‖z_b‖ (linear in p); null without margin points.
     */
    double[] marginDual(double[] z, double[] p0) {
        double[] f = program.apply(z);
        List<Integer> margin = new ArrayList<>();
        double[] p = new double[n];
        for (int k = 0; k < n; k++) {
            double m = y[k] * f[k];
            if (Math.abs(m - 1) <= 1e-9) {
                margin.add(k);
                p[k] = p0[k];
            } else {
                p[k] = m < 1 ? 1 : 0;
            }
        }
        if (margin.isEmpty()) {
            return null;
        }
        List<double[]> rows = new ArrayList<>();
        List<Double> rhs = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            double norm = blockNorm(z, b);
            if (norm == 0) {
                continue;
            }
            double out = b < program.p ? 1.0 : -1.0;
            for (double[] q : GlmFaceNewton.nullBasis(program, z, b, norm)) {
                double[] row = new double[margin.size()];
                double target = 0;
                for (int j = 0; j < d; j++) {
                    target += beta * q[j] * z[b * d + j] / norm;
                }
                for (int k = 0; k < n; k++) {
                    if (program.mask(b, k) == 0) {
                        continue;
                    }
                    double[] xk = program.row(k);
                    double c = 0;
                    for (int j = 0; j < d; j++) {
                        c += xk[j] * q[j];
                    }
                    target -= out * c * y[k] * p[k];
                }
                for (int i = 0; i < margin.size(); i++) {
                    int k = margin.get(i);
                    if (program.mask(b, k) != 0) {
                        double[] xk = program.row(k);
                        double c = 0;
                        for (int j = 0; j < d; j++) {
                            c += xk[j] * q[j];
                        }
                        row[i] = out * c * y[k];
                    }
                }
                rows.add(row);
                rhs.add(target);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        int r = rows.size();
        int q = margin.size();
        double[] a = new double[r * q];
        double[] b = new double[r];
        for (int i = 0; i < r; i++) {
            b[i] = rhs.get(i);
            for (int j = 0; j < q; j++) {
                a[i + j * r] = rows.get(i)[j];
            }
        }
        double[] dp = Decompositions.pseudoInverseSolve(Matrix.ofColumnMajor(r, q, a), Matrix.column(b), 1e-12)
                .column(0);
        double[] lambda = new double[n];
        for (int i = 0; i < q; i++) {
            int k = margin.get(i);
            p[k] = Math.min(1, Math.max(0, p[k] + dp[i]));
        }
        for (int k = 0; k < n; k++) {
            lambda[k] = y[k] * p[k];
        }
        return lambda;
    }

    /**
     * The primal the dual point's complementary slackness dictates: the blocks the barrier keeps nonzero,
     * each along its cone's best direction Π_{C_b}(A_bᵀλ)/‖·‖, with radii r corrected by the least change that
     * puts the margin points (|y_i f_i − 1| small) exactly on the margin; null when a radius turns negative.
     */
    double[] onMargins(double[] z0, double[] lam, double tolerance, boolean byDual) {
        double[] a = program.adjoint(lam);
        double[] f0 = program.apply(z0);
        double largest = 0;
        for (int b = 0; b < blocks; b++) {
            largest = Math.max(largest, blockNorm(z0, b));
        }
        List<Integer> active = new ArrayList<>();
        List<double[]> dirs = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            if (!byDual && blockNorm(z0, b) <= 1e-6 * largest) {
                continue;
            }
            double[] block = new double[d];
            System.arraycopy(a, b * d, block, 0, d);
            double[] u = program.project(b, block);
            double un = 0;
            for (double c : u) {
                un += c * c;
            }
            un = Math.sqrt(un);
            if (un == 0 || byDual && un < beta * (1 - tolerance)) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                u[j] /= un;
            }
            active.add(b);
            dirs.add(u);
        }
        int q = active.size();
        if (q == 0) {
            return null;
        }
        double[] r0 = new double[q];
        double[][] cols = new double[q][];
        for (int s = 0; s < q; s++) {
            int b = active.get(s);
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += z0[b * d + j] * dirs.get(s)[j];
            }
            r0[s] = Math.max(dot, 0);
            double[] zb = new double[2 * d * program.p];
            System.arraycopy(dirs.get(s), 0, zb, b * d, d);
            cols[s] = program.apply(zb);
        }
        // hinge: the margin points sit at f = y; logistic: every point at f = y·log((1 − p)/p), p = σ(−y f)
        List<Integer> margin = new ArrayList<>();
        double[] target = new double[n];
        for (int k = 0; k < n; k++) {
            double pk = lam[k] * y[k];
            boolean inside = pk > tolerance && pk < 1 - tolerance;
            if (loss == Loss.HINGE ? Math.abs(y[k] * f0[k] - 1) <= tolerance || byDual && inside : pk > 0 && pk < 1) {
                margin.add(k);
                target[k] = loss == Loss.HINGE ? y[k] : y[k] * Math.log((1 - pk) / pk);
            }
        }
        if (margin.isEmpty()) {
            return null;
        }
        int mm = margin.size();
        double[] fm = new double[mm * q];
        double[] res = new double[mm];
        for (int i = 0; i < mm; i++) {
            int k = margin.get(i);
            double fit = 0;
            for (int s = 0; s < q; s++) {
                fm[i + s * mm] = cols[s][k];
                fit += cols[s][k] * r0[s];
            }
            res[i] = target[k] - fit;
        }
        double[] dr = Decompositions.pseudoInverseSolve(Matrix.ofColumnMajor(mm, q, fm),
                Matrix.column(res), 1e-12).column(0);
        double[] z = new double[z0.length];
        for (int s = 0; s < q; s++) {
            double r = r0[s] + dr[s];
            if (r < -1e-12 * largest) {
                return null;
            }
            int b = active.get(s);
            for (int j = 0; j < d; j++) {
                z[b * d + j] = Math.max(r, 0) * dirs.get(s)[j];
            }
        }
        return z;
    }

    private double blockNorm(double[] v, int b) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += v[b * d + j] * v[b * d + j];
        }
        return Math.sqrt(s);
    }
}

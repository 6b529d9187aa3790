package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.CholeskyFactor;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Loss;

/**
 * Newton's method for the logistic pattern program on the face a first-order iterate has identified
 * (docs/theory.md §14.3): the nonzero blocks S and, per block, the cone rows it holds tight
 * (σ_k x_kᵀz_b = 0). On that face z_b = N_b c_b with N_b an orthonormal basis of the tight rows' null space,
 * so the program is {@code φ(c) = ℓ(Jc) + β Σ_b ‖c_b‖}, smooth while no c_b is 0, with Hessian
 * {@code JᵀWJ + β blkdiag((I − ĉ_bĉ_bᵀ)/‖c_b‖)}. Steps are cut at the first cone row they would cross (the row
 * joins the face at the next step) and backtracked (Armijo). Whether the face was the optimum's is decided by
 * the program gap afterwards, never assumed: the caller returns to proximal gradient when it was not.
 */
final class GlmFaceNewton {
    /** Relative slack (of ‖x_k‖‖z_b‖) at or below which a cone row is tight. */
    private static final double TIGHT = 1e-9;
    private static final double ARMIJO = 1e-4;

    private GlmFaceNewton() {
    }

    /** At most {@code maxSteps} Newton steps from z on its face; returns the last accepted point. */
    static double[] polish(PatternGlm program, double[] start, double beta, int maxSteps) {
        int d = program.d;
        int n = program.n;
        double[] z = start.clone();
        double value = program.convexValue(z, beta);
        for (int step = 0; step < maxSteps; step++) {
            List<Integer> blocks = new ArrayList<>();
            List<double[][]> bases = new ArrayList<>();
            for (int b = 0; b < program.blocks(); b++) {
                double norm = blockNorm(z, b, d);
                if (norm == 0) {
                    continue;
                }
                double[][] basis = nullBasis(program, z, b, norm);
                if (basis.length > 0) {
                    blocks.add(b);
                    bases.add(basis);
                }
            }
            int m = 0;
            for (double[][] q : bases) {
                m += q.length;
            }
            if (m == 0) {
                return z;
            }
            // J (n × m), c (m) and the per-block offsets
            double[] jac = new double[n * m];
            double[] c = new double[m];
            int[] offset = new int[blocks.size() + 1];
            for (int s = 0, col = 0; s < blocks.size(); s++) {
                offset[s] = col;
                int b = blocks.get(s);
                double out = b < program.p ? 1.0 : -1.0;
                for (double[] q : bases.get(s)) {
                    for (int j = 0; j < d; j++) {
                        c[col] += q[j] * z[b * d + j];
                    }
                    for (int k = 0; k < n; k++) {
                        if (program.mask(b, k) != 0) {
                            double v = 0;
                            double[] xk = program.row(k);
                            for (int j = 0; j < d; j++) {
                                v += xk[j] * q[j];
                            }
                            jac[k + col * n] = out * v;
                        }
                    }
                    col++;
                }
                offset[s + 1] = col;
            }
            Matrix jm = Matrix.ofColumnMajor(n, m, jac);
            double[] f = jm.times(c);
            Matrix y = program.targets();
            double[] lg = program.loss().gradient(Matrix.column(f), y).column(0);
            double[] grad = jm.transposeTimes(lg);
            double[] hess = new double[m * m];
            double[] w = new double[n];
            for (int k = 0; k < n; k++) {
                double sg = Loss.sigmoid(-y.get(k, 0) * f[k]);
                w[k] = sg * (1 - sg);
            }
            for (int a = 0; a < m; a++) {
                for (int bb = a; bb < m; bb++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) {
                        v += jac[k + a * n] * w[k] * jac[k + bb * n];
                    }
                    hess[a + bb * m] = v;
                    hess[bb + a * m] = v;
                }
            }
            for (int s = 0; s < blocks.size(); s++) {
                double norm = 0;
                for (int a = offset[s]; a < offset[s + 1]; a++) {
                    norm += c[a] * c[a];
                }
                norm = Math.sqrt(norm);
                for (int a = offset[s]; a < offset[s + 1]; a++) {
                    grad[a] += beta * c[a] / norm;
                    for (int bb = offset[s]; bb < offset[s + 1]; bb++) {
                        hess[a + bb * m] += beta * ((a == bb ? 1 : 0) - c[a] * c[bb] / (norm * norm)) / norm;
                    }
                }
            }
            double trace = 0;
            for (int a = 0; a < m; a++) {
                trace += hess[a + a * m];
            }
            for (int a = 0; a < m; a++) {
                hess[a + a * m] += 1e-14 * trace / m + 1e-300;
            }
            double[] delta;
            try {
                delta = CholeskyFactor.of(Matrix.ofColumnMajor(m, m, hess)).solve(grad);
            } catch (ArithmeticException e) {
                return z;
            }
            double decrement = 0;
            for (int a = 0; a < m; a++) {
                delta[a] = -delta[a];
                decrement -= grad[a] * delta[a];
            }
            if (!(decrement > 1e-28 * Math.max(1.0, Math.abs(value)))) {
                return z;
            }
            double alpha = Math.min(1.0, largestFeasibleStep(program, z, blocks, bases, offset, delta));
            boolean accepted = false;
            while (alpha > 1e-12) {
                double[] trial = moved(z, blocks, bases, offset, c, delta, alpha, d);
                double v = program.convexValue(trial, beta);
                if (v <= value - ARMIJO * alpha * decrement) {
                    z = trial;
                    value = v;
                    accepted = true;
                    break;
                }
                alpha *= 0.5;
            }
            if (!accepted) {
                return z;
            }
        }
        return z;
    }

    private static double[] moved(double[] z, List<Integer> blocks, List<double[][]> bases, int[] offset, double[] c,
            double[] delta, double alpha, int d) {
        double[] out = z.clone();
        for (int s = 0; s < blocks.size(); s++) {
            int b = blocks.get(s);
            double[][] q = bases.get(s);
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int a = 0; a < q.length; a++) {
                    v += q[a][j] * (c[offset[s] + a] + alpha * delta[offset[s] + a]);
                }
                out[b * d + j] = v;
            }
        }
        return out;
    }

    /** The largest α ≤ 1 at which no loose cone row of a support block turns negative. */
    private static double largestFeasibleStep(PatternGlm program, double[] z, List<Integer> blocks,
            List<double[][]> bases, int[] offset, double[] delta) {
        int d = program.d;
        double alpha = 1.0;
        for (int s = 0; s < blocks.size(); s++) {
            int b = blocks.get(s);
            double[][] q = bases.get(s);
            double[] dz = new double[d];
            for (int a = 0; a < q.length; a++) {
                for (int j = 0; j < d; j++) {
                    dz[j] += q[a][j] * delta[offset[s] + a];
                }
            }
            for (int k = 0; k < program.n; k++) {
                double[] xk = program.row(k);
                double now = 0;
                double rate = 0;
                for (int j = 0; j < d; j++) {
                    now += xk[j] * z[b * d + j];
                    rate += xk[j] * dz[j];
                }
                now *= program.sign(b, k);
                rate *= program.sign(b, k);
                if (rate < 0 && now > 0) {
                    alpha = Math.min(alpha, now / -rate);
                }
            }
        }
        return alpha;
    }

    private static double blockNorm(double[] z, int b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += z[b * d + j] * z[b * d + j];
        }
        return Math.sqrt(s);
    }

    /** An orthonormal basis (rows) of the null space of block b's tight cone rows, by Gram–Schmidt. */
    static double[][] nullBasis(PatternGlm program, double[] z, int b, double norm) {
        int d = program.d;
        List<double[]> range = new ArrayList<>();
        for (int k = 0; k < program.n; k++) {
            double rn = program.rowNorm(k);
            if (rn == 0) {
                continue;
            }
            double[] xk = program.row(k);
            double v = 0;
            for (int j = 0; j < d; j++) {
                v += xk[j] * z[b * d + j];
            }
            if (program.sign(b, k) * v <= TIGHT * rn * norm) {
                double[] r = orthogonalized(xk, range);
                if (r != null) {
                    range.add(r);
                }
            }
        }
        List<double[]> nul = new ArrayList<>();
        for (int e = 0; e < d && range.size() + nul.size() < d; e++) {
            double[] unit = new double[d];
            unit[e] = 1;
            List<double[]> all = new ArrayList<>(range);
            all.addAll(nul);
            double[] r = orthogonalized(unit, all);
            if (r != null) {
                nul.add(r);
            }
        }
        return nul.toArray(new double[0][]);
    }

    /** v minus its projection on the orthonormal rows, normalised; null when (numerically) in their span. */
    private static double[] orthogonalized(double[] v, List<double[]> basis) {
        double[] r = v.clone();
        double before = 0;
        for (double c : v) {
            before += c * c;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (double[] q : basis) {
                double dot = 0;
                for (int j = 0; j < r.length; j++) {
                    dot += q[j] * r[j];
                }
                for (int j = 0; j < r.length; j++) {
                    r[j] -= dot * q[j];
                }
            }
        }
        double after = 0;
        for (double c : r) {
            after += c * c;
        }
        if (after <= 1e-16 * before) {
            return null;
        }
        double s = Math.sqrt(after);
        for (int j = 0; j < r.length; j++) {
            r[j] /= s;
        }
        return r;
    }
}

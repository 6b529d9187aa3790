package org.deepdual.solve.relu2;

import java.util.Arrays;
import org.deepdual.linalg.Gemm;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;

/**
 * The dual certificate of the two-layer ReLU program (docs/theory.md §9). The dual is
 * {@code D(λ) = −½‖λ − y‖² + ½‖y‖²} subject to {@code max_{‖u‖≤1} |λᵀ relu(Xu)| ≤ β}; for any λ,
 * with {@code ρ = max_u |λᵀ relu(Xu)|/β}, the point λ/max(1, ρ) is feasible, so
 * {@code D(λ/max(1, ρ))} is a lower bound on the global optimum of the nonconvex network.
 *
 * <p>The maximum over u is exact for d ≤ 2: on each arc between consecutive critical angles the
 * pattern is constant and λᵀrelu(Xu) = (XᵀDλ)ᵀu, maximised at an endpoint or at ±XᵀDλ. For d > 2 it
 * is estimated from below over candidate directions (pattern generators, ±XᵀD_iλ per pattern, the
 * recovered neurons) refined by the fixed-point ascent u ← ±XᵀD(u)λ/‖·‖; the resulting value is then
 * an estimate from below of the maximum, so {@code D(λ/max(1, ρ))} is an estimate, not a proof. A proven
 * bound for any d comes from {@link #proven}: an upper bound on the maximum, so that the scaled λ is
 * feasible for every pattern, searched or not.
 *
 * @param maxCorrelation max over the searched unit u of |λᵀ relu(Xu)|
 * @param exact whether the maximum is exact (d ≤ 2)
 */
public record ReluDualCertificate(double maxCorrelation, boolean exact) {
    private static final int ASCENT_STARTS = 64;
    private static final int ASCENT_STEPS = 30;

    /** ρ = maxCorrelation/β. */
    public double rho(double beta) {
        return maxCorrelation / beta;
    }

    /** D(λ/max(1, ρ)) for the λ this certificate was computed from. */
    public double lowerBound(double[] lambda, double[] y, double beta) {
        return dualValue(scaledDual(lambda, beta), y);
    }

    /** λ/max(1, ρ), the dual-feasible point. */
    public double[] scaledDual(double[] lambda, double beta) {
        double f = Math.max(1.0, rho(beta));
        double[] out = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            out[i] = lambda[i] / f;
        }
        return out;
    }

    /** D(λ) = −½‖λ − y‖² + ½‖y‖². */
    public static double dualValue(double[] lambda, double[] y) {
        double v = 0;
        for (int i = 0; i < y.length; i++) {
            double r = lambda[i] - y[i];
            v += -0.5 * r * r + 0.5 * y[i] * y[i];
        }
        return v;
    }

    /**
     * A proven lower bound D(αλ) on the global optimum, for any d: {@code maxCorrelation} is an upper bound
     * on max_{‖u‖≤1} |λᵀ relu(Xu)|, so every α in [0, β/maxCorrelation] gives a dual-feasible αλ, and α is
     * the best of them for D (D(αλ) = αλᵀy − ½α²‖λ‖², concave in α).
     */
    public record ProvenBound(double maxCorrelation, double scale, double value) {
    }

    /**
     * The proven bound of λ (docs/theory.md §9): the larger of {@link SignSplitBound}'s bounds for the two
     * signs bounds max_{‖u‖≤1} |λᵀrelu(Xu)| whatever patterns were searched. Loose where λ has many terms of
     * each sign.
     */
    public static ProvenBound proven(Matrix x, double[] lambda, double[] y, double beta) {
        // a relative margin for the rounding of the norms and eigenvalues (backward stable to ~dε)
        double max = Math.max(SignSplitBound.of(x, lambda, 1.0), SignSplitBound.of(x, lambda, -1.0)) * (1 + 1e-10);
        double ly = Vectors.dot(lambda, y);
        double ll = Vectors.normSquared(lambda);
        double best = ll > 0 ? Math.max(0.0, ly / ll) : 0.0;
        double scale = max > 0 ? Math.min(best, beta / max) : best;
        return new ProvenBound(max, scale, scale * ly - 0.5 * scale * scale * ll);
    }

    /** Exact for d ≤ 2, searched otherwise; {@code extra} (d × m) adds candidate directions. */
    public static ReluDualCertificate of(Matrix x, double[] lambda, ActivationPatterns patterns, Matrix extra) {
        if (x.cols() <= 2) {
            return new ReluDualCertificate(exactMax(x, lambda), true);
        }
        return new ReluDualCertificate(searchedMax(x, lambda, patterns, extra), false);
    }

    /** max_{‖u‖≤1} |λᵀ relu(Xu)| for d ≤ 2, by the arcs between critical angles. */
    static double exactMax(Matrix x, double[] lambda) {
        int n = x.rows();
        if (x.cols() == 1) {
            double plus = 0;
            double minus = 0;
            for (int k = 0; k < n; k++) {
                double v = x.get(k, 0);
                plus += lambda[k] * Math.max(v, 0);
                minus += lambda[k] * Math.max(-v, 0);
            }
            return Math.max(Math.abs(plus), Math.abs(minus));
        }
        double[] angles = ActivationPatterns.criticalAngles(x);
        double[] x1 = x.column(0);
        double[] x2 = x.column(1);
        double best = 0;
        for (int a = 0; a < angles.length; a++) {
            double lo = angles[a];
            double hi = a + 1 < angles.length ? angles[a + 1] : angles[0] + 2 * Math.PI;
            double mid = 0.5 * (lo + hi);
            double c = Math.cos(mid);
            double s = Math.sin(mid);
            double g1 = 0;
            double g2 = 0;
            for (int k = 0; k < n; k++) {
                if (x1[k] * c + x2[k] * s >= 0) {
                    g1 += lambda[k] * x1[k];
                    g2 += lambda[k] * x2[k];
                }
            }
            best = Math.max(best, Math.abs(g1 * Math.cos(lo) + g2 * Math.sin(lo)));
            best = Math.max(best, Math.abs(g1 * Math.cos(hi) + g2 * Math.sin(hi)));
            double norm = Math.hypot(g1, g2);
            double phi = Math.atan2(g2, g1);
            for (double cand : new double[] {phi, phi + Math.PI}) {
                if (insideArc(cand, lo, hi)) {
                    best = Math.max(best, norm);
                }
            }
        }
        return best;
    }

    private static boolean insideArc(double angle, double lo, double hi) {
        double t = (angle - lo) % (2 * Math.PI);
        if (t < 0) {
            t += 2 * Math.PI;
        }
        return t <= hi - lo;
    }

    private static double searchedMax(Matrix x, double[] lambda, ActivationPatterns patterns, Matrix extra) {
        int n = x.rows();
        int d = x.cols();
        int p = patterns.count();
        double[] xa = x.toColumnMajor();
        double[] masked = new double[n * p];
        double[] masks = patterns.masksColumnMajor();
        for (int i = 0; i < n * p; i++) {
            masked[i] = masks[i] * lambda[i % n];
        }
        double[] grads = new double[d * p];
        Gemm.multiply(true, false, d, p, n, 1.0, xa, masked, 0.0, grads);
        int m = 3 * p + extra.cols();
        double[] u = new double[d * m];
        System.arraycopy(patterns.generators().toColumnMajor(), 0, u, 0, d * p);
        for (int i = 0; i < d * p; i++) {
            u[d * p + i] = grads[i];
            u[2 * d * p + i] = -grads[i];
        }
        System.arraycopy(extra.toColumnMajor(), 0, u, 3 * d * p, d * extra.cols());
        double[] values = correlations(xa, n, d, lambda, u, m);
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[b]), Math.abs(values[a])));
        double best = 0;
        for (double v : values) {
            best = Math.max(best, Math.abs(v));
        }
        int starts = Math.min(ASCENT_STARTS, m);
        double[] dir = new double[d];
        double[] xu = new double[n];
        for (int si = 0; si < starts; si++) {
            int c = order[si];
            double sign = values[c] >= 0 ? 1.0 : -1.0;
            System.arraycopy(u, c * d, dir, 0, d);
            for (int step = 0; step < ASCENT_STEPS; step++) {
                double[] g = new double[d];
                for (int k = 0; k < n; k++) {
                    double v = 0;
                    for (int j = 0; j < d; j++) {
                        v += xa[k + j * n] * dir[j];
                    }
                    xu[k] = v;
                    if (v >= 0) {
                        for (int j = 0; j < d; j++) {
                            g[j] += sign * lambda[k] * xa[k + j * n];
                        }
                    }
                }
                double norm = 0;
                for (double gj : g) {
                    norm += gj * gj;
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    break;
                }
                boolean samePattern = true;
                double val = 0;
                for (int k = 0; k < n; k++) {
                    double v = 0;
                    for (int j = 0; j < d; j++) {
                        v += xa[k + j * n] * g[j] / norm;
                    }
                    samePattern &= (v >= 0) == (xu[k] >= 0);
                    val += lambda[k] * Math.max(v, 0);
                }
                best = Math.max(best, Math.abs(val));
                for (int j = 0; j < d; j++) {
                    dir[j] = g[j] / norm;
                }
                if (samePattern) {
                    break;
                }
            }
        }
        return best;
    }

    /** λᵀ relu(X u_c/‖u_c‖) for the m columns of u (zero columns give 0). */
    private static double[] correlations(double[] xa, int n, int d, double[] lambda, double[] u, int m) {
        for (int c = 0; c < m; c++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += u[c * d + j] * u[c * d + j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                u[c * d + j] = norm > 0 ? u[c * d + j] / norm : 0.0;
            }
        }
        double[] xu = new double[n * m];
        Gemm.multiply(false, false, n, m, d, 1.0, xa, u, 0.0, xu);
        double[] out = new double[m];
        for (int c = 0; c < m; c++) {
            double v = 0;
            for (int k = 0; k < n; k++) {
                v += lambda[k] * Math.max(xu[k + c * n], 0);
            }
            out[c] = v;
        }
        return out;
    }
}

package org.deepdual.solve.relu2;

import org.deepdual.solve.core.UpdatedQr;
import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Matrix;

/**
 * The dual constraint of one block of the pattern program (docs/theory.md §9): for a = A_bᵀλ and the
 * cone C_b = {u : G_b u ≥ 0},
 * {@code max_{u ∈ C_b, ‖u‖ ≤ 1} aᵀu = min_{ν ≥ 0} ‖a + G_bᵀν‖} (conic duality), computed by
 * Lawson–Hanson non-negative least squares on the columns g_k = σ_k x_k of G_bᵀ. Any ν ≥ 0 gives an
 * upper bound, so a truncated run is still a valid bound. The passive columns are kept in an
 * {@link UpdatedQr} (at most d of them), so a step costs O(n·d) for the correlations and O(d²) for the
 * least-squares solve.
 */
final class ConeDualNorm {
    private ConeDualNorm() {
    }

    /**
     * min over ν ≥ 0 of ‖a + Σ_k ν_k g_k‖ with g_k = signs[k]·(row k of X).
     *
     * @param x the data (n × d)
     * @param signs the diagonal of 2D_i − I (n entries)
     * @param a the d-vector A_bᵀλ
     * @param maxSteps cap on Lawson–Hanson outer steps
     */
    static double of(Matrix x, double[] signs, double[] a, int maxSteps) {
        return norm(direction(x, signs, a, maxSteps));
    }

    /**
     * The minimizer's residual a + Σ_k ν_k g_k: by Moreau's decomposition the projection of a onto
     * the cone C_b, i.e. the steepest ascent direction of aᵀu over C_b.
     */
    static double[] direction(Matrix xm, double[] signs, double[] a, int maxSteps) {
        int n = xm.rows();
        int d = xm.cols();
        double[] x = xm.toColumnMajor();
        double[] nu = new double[n];
        boolean[] inPassive = new boolean[n];
        // the passive columns in the order of the factor's columns
        List<Integer> passive = new ArrayList<>();
        UpdatedQr qr = new UpdatedQr(d, d);
        double[] target = negate(a);
        double[] r = negate(a);
        double[] xr = new double[n];
        double[] column = new double[d];
        double threshold = 1e-14 * (norm(a) + 1e-300);
        for (int step = 0; step < maxSteps; step++) {
            // gradient of −½‖r‖² in ν: g_kᵀ r = σ_k (X r)_k
            java.util.Arrays.fill(xr, 0.0);
            for (int j = 0; j < d; j++) {
                double rj = r[j];
                int off = j * n;
                for (int k = 0; k < n; k++) {
                    xr[k] += x[off + k] * rj;
                }
            }
            int best = -1;
            double bestValue = threshold;
            for (int k = 0; k < n; k++) {
                double v = signs[k] * xr[k];
                if (!inPassive[k] && v > bestValue) {
                    bestValue = v;
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            for (int j = 0; j < d; j++) {
                column[j] = signs[best] * x[best + j * n];
            }
            // a column in the span of the passive ones has correlation 0 up to rounding: ν is optimal
            if (!qr.add(column, 0)) {
                break;
            }
            passive.add(best);
            inPassive[best] = true;
            while (true) {
                double[] z = qr.qtTimes(target);
                qr.solve(z);
                boolean positive = true;
                for (double v : z) {
                    positive &= v > 0;
                }
                if (positive) {
                    for (int i = 0; i < passive.size(); i++) {
                        nu[passive.get(i)] = z[i];
                    }
                    break;
                }
                double alpha = 1.0;
                for (int i = 0; i < passive.size(); i++) {
                    int k = passive.get(i);
                    if (z[i] <= 0) {
                        alpha = Math.min(alpha, nu[k] / (nu[k] - z[i]));
                    }
                }
                for (int i = passive.size() - 1; i >= 0; i--) {
                    int k = passive.get(i);
                    nu[k] += alpha * (z[i] - nu[k]);
                    if (!(nu[k] > 1e-15)) {
                        nu[k] = 0;
                        qr.remove(i);
                        passive.remove(i);
                        inPassive[k] = false;
                    }
                }
                if (passive.isEmpty()) {
                    break;
                }
            }
            r = residual(x, n, signs, a, passive, nu);
        }
        return negate(residual(x, n, signs, a, passive, nu));
    }

    /** −(a + Σ_{k passive} ν_k g_k): the vector the next column must correlate with. */
    private static double[] residual(double[] x, int n, double[] signs, double[] a, List<Integer> passive,
            double[] nu) {
        int d = a.length;
        double[] r = negate(a);
        for (int k : passive) {
            double c = nu[k] * signs[k];
            for (int j = 0; j < d; j++) {
                r[j] -= c * x[k + j * n];
            }
        }
        return r;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}

package org.deepdual.solve;

import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;

/**
 * The dual constraint of one block of the pattern program (math.md section 9): for a = A_bᵀλ and the
 * cone C_b = {u : G_b u ≥ 0},
 * {@code max_{u ∈ C_b, ‖u‖ ≤ 1} aᵀu = min_{ν ≥ 0} ‖a + G_bᵀν‖} (conic duality), computed by
 * Lawson–Hanson non-negative least squares on the columns g_k = σ_k x_k of G_bᵀ. Any ν ≥ 0 gives an
 * upper bound, so a truncated run is still a valid bound.
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
    static double[] direction(Matrix x, double[] signs, double[] a, int maxSteps) {
        int n = x.rows();
        int d = x.cols();
        double[] nu = new double[n];
        List<Integer> passive = new ArrayList<>();
        double[] r = negate(a);
        for (int step = 0; step < maxSteps; step++) {
            // gradient of −½‖r‖² in ν: g_kᵀ r
            int best = -1;
            double bestValue = 1e-14 * (norm(a) + 1e-300);
            for (int k = 0; k < n; k++) {
                if (passive.contains(k)) {
                    continue;
                }
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += signs[k] * x.get(k, j) * r[j];
                }
                if (v > bestValue) {
                    bestValue = v;
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            passive.add(best);
            while (true) {
                double[] z = leastSquares(x, signs, passive, negate(a));
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
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < passive.size(); i++) {
                    int k = passive.get(i);
                    nu[k] += alpha * (z[i] - nu[k]);
                    if (nu[k] > 1e-15) {
                        keep.add(k);
                    } else {
                        nu[k] = 0;
                    }
                }
                passive = keep;
                if (passive.isEmpty()) {
                    break;
                }
            }
            r = residual(x, signs, a, nu);
        }
        return negate(residual(x, signs, a, nu));
    }

    /** a + Σ ν_k g_k, negated: the vector the next column must correlate with. */
    private static double[] residual(Matrix x, double[] signs, double[] a, double[] nu) {
        int d = a.length;
        double[] r = negate(a);
        for (int k = 0; k < nu.length; k++) {
            if (nu[k] == 0) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                r[j] -= nu[k] * signs[k] * x.get(k, j);
            }
        }
        return r;
    }

    private static double[] leastSquares(Matrix x, double[] signs, List<Integer> cols, double[] target) {
        int d = x.cols();
        double[] g = new double[d * cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            int k = cols.get(i);
            for (int j = 0; j < d; j++) {
                g[j + i * d] = signs[k] * x.get(k, j);
            }
        }
        return Decompositions.pseudoInverseSolve(Matrix.ofColumnMajor(d, cols.size(), g), Matrix.column(target),
                1e-12).column(0);
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}

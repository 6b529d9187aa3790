package org.deepdual.solve.relu2;

import java.util.stream.IntStream;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.SymmetricEigen;
import org.deepdual.linalg.Vectors;

/**
 * A proven upper bound on max_{‖u‖≤1} s·λᵀrelu(Xu) for one sign s (docs/theory.md §9), by relaxation: with
 * I = {i : sλ_i > 0}, w_i = sλ_i and (t)₊ = (t + |t|)/2, dropping the terms of the other sign gives
 * s·λᵀrelu(Xu) ≤ ½aᵀu + ½Σ_I w_i|x_iᵀu| for a = sXᵀλ or a = X_Iᵀw, and Σ_I w_i|x_iᵀu| ≤ √(uᵀMu) for
 * M = ‖w‖²X_IᵀX_I or M = ‖w‖₁X_Iᵀdiag(w)X_I (Cauchy–Schwarz, unweighted and weighted). The maximum of
 * aᵀu + √(uᵀMu) over the unit ball is max_{‖v‖≤1} ‖a + M^{1/2}v‖, bounded above for every μ > λ_max(M) by
 * √(‖a‖² + μ + Σ g_i²/(μ − λ_i)) (weak duality of that ball-constrained quadratic; g = QᵀM^{1/2}a in M's
 * eigenbasis), minimized over μ. Any μ gives a valid bound, so the minimization needs no accuracy.
 */
final class SignSplitBound {
    private static final int SEARCH_STEPS = 80;

    private SignSplitBound() {
    }

    static double of(Matrix x, double[] lambda, double sign) {
        int[] rows = IntStream.range(0, lambda.length).filter(i -> sign * lambda[i] > 0).toArray();
        if (rows.length == 0) {
            return 0;
        }
        double[] w = new double[rows.length];
        double l1 = 0;
        double l2sq = 0;
        for (int k = 0; k < rows.length; k++) {
            w[k] = sign * lambda[rows[k]];
            l1 += w[k];
            l2sq += w[k] * w[k];
        }
        Matrix xs = x.selectRows(rows);
        double[] signed = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            signed[i] = sign * lambda[i];
        }
        double[][] linear = {x.transposeTimes(signed), xs.transposeTimes(w)};
        Matrix gram = symmetric(xs.transposeTimes(xs)).scale(l2sq);
        Matrix weighted = symmetric(xs.transposeTimes(scaleRows(xs, w))).scale(l1);
        double best = Double.POSITIVE_INFINITY;
        for (Matrix m : new Matrix[] {gram, weighted}) {
            SymmetricEigen eig = Decompositions.eigSym(m);
            for (double[] a : linear) {
                best = Math.min(best, 0.5 * ballMaximum(a, eig));
            }
        }
        return best;
    }

    /** An upper bound on max_{‖u‖≤1} aᵀu + √(uᵀMu) for M = Q diag(values) Qᵀ. */
    static double ballMaximum(double[] a, SymmetricEigen m) {
        double[] values = m.values().clone();
        double top = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(values[i], 0);
            top = Math.max(top, values[i]);
        }
        double[] c = m.vectors().transposeTimes(a);
        double aa = Vectors.normSquared(a);
        double[] gg = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            gg[i] = values[i] * c[i] * c[i];
        }
        // μ must exceed the true λ_max, not only the computed one: stay a relative 1e-9 above it
        double floor = top * (1 + 1e-9) + Double.MIN_NORMAL;
        double scale = Math.max(top, Math.max(aa, 1e-300));
        double lo = Math.log(Math.max(floor - top, 1e-12 * scale));
        double hi = Math.log(1e6 * scale);
        for (int step = 0; step < SEARCH_STEPS; step++) {
            double m1 = lo + (hi - lo) / 3;
            double m2 = hi - (hi - lo) / 3;
            if (dualValue(top + Math.exp(m1), floor, aa, values, gg) <= dualValue(top + Math.exp(m2), floor, aa, values,
                    gg)) {
                hi = m2;
            } else {
                lo = m1;
            }
        }
        double bound = Math.min(dualValue(top + Math.exp(lo), floor, aa, values, gg),
                dualValue(top + Math.exp(hi), floor, aa, values, gg));
        // the relaxation's plain bound ‖a‖ + √λ_max(M) is valid too; keep the smaller
        return Math.min(Math.sqrt(bound), Math.sqrt(aa) + Math.sqrt(top));
    }

    private static double dualValue(double mu, double floor, double aa, double[] values, double[] gg) {
        double m = Math.max(mu, floor);
        double v = aa + m;
        for (int i = 0; i < values.length; i++) {
            if (gg[i] > 0) {
                v += gg[i] / (m - values[i]);
            }
        }
        return v;
    }

    private static Matrix symmetric(Matrix m) {
        return m.plus(m.transpose()).scale(0.5);
    }

    private static Matrix scaleRows(Matrix a, double[] w) {
        double[][] rows = a.toRowArrays();
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] *= w[i];
            }
        }
        return Matrix.ofRows(rows);
    }
}

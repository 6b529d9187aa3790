package org.deepdual.solve.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;

/**
 * The exact hinge optimum of {@code min_a Σ(1 − y_i b_iᵀa)₊ + γ‖a‖₂} once the margins' partition is known
 * (docs/theory.md §14.4): violators V (y b a &lt; 1, p = 1), support S (y b a = 1, p ∈ [0, 1]) and the rest
 * (p = 0). With c = Σ_V y_i b_i and the rows y_i b_iᵀ of S stacked in A, the KKT conditions are
 * {@code u = c + Aᵀp_S}, ‖u‖ = γ, a = u/s for some s &gt; 0 with A a = 1. Writing ν₀ = (AAᵀ)⁻¹Ac,
 * ν₁ = (AAᵀ)⁻¹1, u = (c − Aᵀν₀) + s·Aᵀν₁, whose two parts are orthogonal, so
 * s = √((γ² − ‖c − Aᵀν₀‖²)/‖Aᵀν₁‖²) and p_S = sν₁ − ν₀ in closed form. The partition is read from a
 * smoothed solution at several tolerances; a candidate is returned only when its p_S lies in [0, 1] and its
 * margins agree with the partition, and the caller still certifies it with its own forward objective and dual.
 */
final class HingeMarginPolish {
    private static final double[] TOLERANCES = {1e-3, 1e-5, 1e-7, 1e-9};
    private static final double PARTITION_SLACK = 1e-9;

    private HingeMarginPolish() {
    }

    /** The weights a and the dual p (one per sample) of an exact polish. */
    record Candidate(double[] a, double[] p) {
    }

    static List<Candidate> candidates(Matrix b, double[] y, double gamma, double[] a) {
        double[] f = b.times(a);
        List<Candidate> out = new ArrayList<>();
        for (double tol : TOLERANCES) {
            polish(b, y, gamma, f, tol).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Candidate> polish(Matrix b, double[] y, double gamma, double[] f, double tol) {
        int n = y.length;
        int r = b.cols();
        double[] c = new double[r];
        List<Integer> support = new ArrayList<>();
        boolean[] violator = new boolean[n];
        for (int i = 0; i < n; i++) {
            double m = y[i] * f[i];
            if (Math.abs(m - 1) <= tol) {
                support.add(i);
            } else if (m < 1) {
                violator[i] = true;
                double[] row = b.row(i);
                for (int j = 0; j < r; j++) {
                    c[j] += y[i] * row[j];
                }
            }
        }
        int k = support.size();
        if (k == 0 || k > r) {
            return Optional.empty();
        }
        double[][] rows = new double[k][];
        for (int q = 0; q < k; q++) {
            int i = support.get(q);
            double[] row = b.row(i);
            for (int j = 0; j < r; j++) {
                row[j] *= y[i];
            }
            rows[q] = row;
        }
        Matrix a = Matrix.ofRows(rows);
        Matrix gram = a.times(a.transpose());
        Matrix rhs = Matrix.ofColumnMajor(k, 2, concat(a.times(c), ones(k)));
        Matrix nu;
        try {
            nu = Decompositions.choleskySolve(gram, rhs);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        double[] nu0 = nu.column(0);
        double[] nu1 = nu.column(1);
        double[] perp = Vectors.axpy(-1, a.transposeTimes(nu0), c);
        double[] along = a.transposeTimes(nu1);
        double rest = gamma * gamma - Vectors.dot(perp, perp);
        double alongSq = Vectors.dot(along, along);
        if (!(rest > 0 && alongSq > 0)) {
            return Optional.empty();
        }
        double s = Math.sqrt(rest / alongSq);
        double[] w = new double[r];
        for (int j = 0; j < r; j++) {
            w[j] = (perp[j] + s * along[j]) / s;
        }
        double[] p = new double[n];
        for (int q = 0; q < k; q++) {
            double pq = s * nu1[q] - nu0[q];
            if (!(pq >= -PARTITION_SLACK && pq <= 1 + PARTITION_SLACK)) {
                return Optional.empty();
            }
            p[support.get(q)] = Math.min(1, Math.max(0, pq));
        }
        double[] fw = b.times(w);
        for (int i = 0; i < n; i++) {
            double m = y[i] * fw[i];
            if (violator[i]) {
                p[i] = 1;
                if (m > 1 + PARTITION_SLACK) {
                    return Optional.empty();
                }
            } else if (!support.contains(i) && m < 1 - PARTITION_SLACK) {
                return Optional.empty();
            }
        }
        return Optional.of(new Candidate(w, p));
    }

    private static double[] concat(double[] p, double[] q) {
        double[] out = new double[p.length + q.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(q, 0, out, p.length, q.length);
        return out;
    }

    private static double[] ones(int k) {
        double[] o = new double[k];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }
}

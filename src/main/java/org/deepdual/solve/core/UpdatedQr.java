package org.deepdual.solve.core;

import static org.deepdual.linalg.Vectors.norm;

/**
 * The thin QR factorization {@code A = QR} (Q: n × s with orthonormal columns, R: s × s upper
 * triangular) of a matrix whose columns enter at the end and leave from anywhere, one at a time: the
 * support Φ̃_S of the ramp Lasso's active set (docs/theory.md §7.2). Entering is classical
 * Gram–Schmidt done twice (orthogonal to working precision), leaving is a sweep of Givens rotations;
 * both cost O(n·s), where refactoring would cost O(n·s²). The factor is used instead of the Gram
 * matrix Φ̃_SᵀΦ̃_S because ramps at adjacent knots are nearly collinear: the Gram matrix squares their
 * condition number (10⁷ on 200 uniform points becomes 10¹⁴), the QR factor does not.
 */
public final class UpdatedQr {
    /** A column whose part orthogonal to the others is below this fraction of its norm is refused. */
    static final double DEPENDENT = 1e-13;

    private final int n;
    private final int capacity;
    private final double[] q;
    private final double[] r;
    private int size;

    public UpdatedQr(int n, int capacity) {
        this.n = n;
        this.capacity = capacity;
        this.q = new double[n * Math.max(capacity, 1)];
        this.r = new double[Math.max(capacity, 1) * Math.max(capacity, 1)];
    }

    int size() {
        return size;
    }

    /**
     * Appends the column {@code v[off .. off+n)}; returns false and leaves the factor unchanged when
     * the column is numerically in the span of the others (or the factor is full).
     */
    public boolean add(double[] v, int off) {
        if (size == capacity) {
            return false;
        }
        double[] w = new double[n];
        System.arraycopy(v, off, w, 0, n);
        double norm = norm(w);
        if (norm == 0) {
            return false;
        }
        int s = size;
        double[] coef = new double[s];
        // twice: one pass loses orthogonality in proportion to the condition number
        for (int pass = 0; pass < 2; pass++) {
            double[] h = qtTimes(w);
            for (int c = 0; c < s; c++) {
                coef[c] += h[c];
                int qo = c * n;
                double hc = h[c];
                for (int i = 0; i < n; i++) {
                    w[i] -= hc * q[qo + i];
                }
            }
        }
        double rho = norm(w);
        if (!(rho > DEPENDENT * norm)) {
            return false;
        }
        int qo = s * n;
        for (int i = 0; i < n; i++) {
            q[qo + i] = w[i] / rho;
        }
        int ro = s * capacity;
        System.arraycopy(coef, 0, r, ro, s);
        r[ro + s] = rho;
        size++;
        return true;
    }

    /** Removes column {@code c} (0-based position); the later columns move one to the left. */
    public void remove(int c) {
        int s = size;
        for (int k = c; k + 1 < s; k++) {
            System.arraycopy(r, (k + 1) * capacity, r, k * capacity, k + 2);
        }
        // the columns c..s−2 now have one entry below the diagonal: rotate rows k, k+1 to clear it
        for (int k = c; k + 1 < s; k++) {
            double a = r[k + k * capacity];
            double b = r[k + 1 + k * capacity];
            double h = Math.hypot(a, b);
            double cs = a / h;
            double sn = b / h;
            for (int col = k; col + 1 < s; col++) {
                int o = col * capacity;
                double u = r[k + o];
                double v = r[k + 1 + o];
                r[k + o] = cs * u + sn * v;
                r[k + 1 + o] = -sn * u + cs * v;
            }
            r[k + 1 + k * capacity] = 0;
            int o1 = k * n;
            int o2 = (k + 1) * n;
            for (int i = 0; i < n; i++) {
                double u = q[o1 + i];
                double v = q[o2 + i];
                q[o1 + i] = cs * u + sn * v;
                q[o2 + i] = -sn * u + cs * v;
            }
        }
        size--;
    }

    /** Qᵀv. */
    public double[] qtTimes(double[] v) {
        double[] out = new double[size];
        for (int c = 0; c < size; c++) {
            int o = c * n;
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += q[o + i] * v[i];
            }
            out[c] = dot;
        }
        return out;
    }

    /** Solves Rᵀx = b in place (forward substitution). */
    public void solveTransposed(double[] b) {
        for (int c = 0; c < size; c++) {
            int o = c * capacity;
            double v = b[c];
            for (int k = 0; k < c; k++) {
                v -= r[k + o] * b[k];
            }
            b[c] = v / r[c + o];
        }
    }

    /** Solves Rx = b in place (back substitution). */
    public void solve(double[] b) {
        for (int c = size - 1; c >= 0; c--) {
            int o = c * capacity;
            double v = b[c] / r[c + o];
            b[c] = v;
            for (int k = 0; k < c; k++) {
                b[k] -= r[k + o] * v;
            }
        }
    }
}

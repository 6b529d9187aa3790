package org.deepdual.solve.linear;

/**
 * The thin SVD {@code A = U diag(s) Vᵀ} of a small dense matrix (column-major array) by one-sided
 * Jacobi rotations (Hestenes). The iterative bounds of the general vector case decompose an r × K
 * matrix at every step, K a handful of outputs: there a LAPACK call through JNI costs some 70 µs of
 * copying and dispatch for a few thousand flops. One-sided Jacobi also keeps the small singular values
 * to high relative accuracy and returns exactly orthonormal V (products of rotations).
 *
 * <p>k = min(rows, cols); s is non-increasing. A column of U whose singular value is 0 is the zero
 * vector (it spans nothing the callers use: they keep only the columns of positive amplitudes).
 *
 * <p>For a tall matrix (rows ≥ 2·cols) U is formed only when asked for, and only the columns asked for
 * ({@link #compose} forms those of nonzero amplitudes): most callers need s and V alone, and a thresholded
 * step keeps a few columns of K. Each column is Q·(column of U_R), the same operations whichever other
 * columns are formed, so the values do not depend on which were asked for.
 */
final class SmallSvd {
    private static final double ORTHOGONALITY_TOL = 1e-15;
    private static final int MAX_SWEEPS = 60;

    /** U, rows × k, column-major, columns formed so far (all of them unless {@link #reflectors} is set). */
    private final double[] u;
    /** The Householder vectors of A = QR and U_R (k × k) while U is formed on demand; null once it is whole. */
    private double[][] reflectors;
    private double[] tau;
    private double[] innerU;
    private boolean[] formed;
    /** The singular values, non-increasing. */
    final double[] s;
    /** V, cols × k, column-major. */
    final double[] v;
    final int rows;
    final int cols;
    final int k;

    private SmallSvd(double[] u, double[] s, double[] v, int rows, int cols) {
        this.u = u;
        this.s = s;
        this.v = v;
        this.rows = rows;
        this.cols = cols;
        this.k = s.length;
    }

    /** U, rows × k, column-major (formed now where it was not yet). */
    double[] u() {
        for (int c = 0; c < k; c++) {
            formColumn(c);
        }
        return u;
    }

    /** Column c of U = Q·(column c of U_R): the reflectors applied in reverse order. */
    private void formColumn(int c) {
        if (reflectors == null || formed[c]) {
            return;
        }
        int n = k;
        System.arraycopy(innerU, c * n, u, c * rows, n);
        for (int j = n - 1; j >= 0; j--) {
            reflect(reflectors[j], tau[j], u, j + c * rows);
        }
        formed[c] = true;
    }

    /** The thin SVD of the rows × cols matrix {@code a} (column-major; not modified). */
    static SmallSvd of(double[] a, int rows, int cols) {
        if (rows >= 2 * cols) {
            return triangularFirst(a.clone(), rows, cols);
        }
        if (rows >= cols) {
            return tall(a.clone(), rows, cols);
        }
        double[] t = new double[a.length];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                t[j + i * cols] = a[i + j * rows];
            }
        }
        SmallSvd st = tall(t, cols, rows);
        return new SmallSvd(st.v, st.s, st.u, rows, cols);
    }

    /**
     * A = QR by Householder reflections, R = U_R diag(s) Vᵀ by rotations, U = Q U_R: the rotations then
     * act on n × n instead of m × n (w, m × n with m ≥ 2n, is overwritten).
     */
    private static SmallSvd triangularFirst(double[] w, int m, int n) {
        double[][] reflectors = new double[n][];
        double[] tau = new double[n];
        double[] r = new double[n * n];
        for (int j = 0; j < n; j++) {
            int len = m - j;
            double[] h = new double[len];
            double norm = 0;
            for (int i = 0; i < len; i++) {
                h[i] = w[j + i + j * m];
                norm += h[i] * h[i];
            }
            norm = Math.sqrt(norm);
            double alpha = h[0] > 0 ? -norm : norm;
            double hh = norm * norm - h[0] * h[0];
            h[0] -= alpha;
            hh += h[0] * h[0];
            reflectors[j] = h;
            tau[j] = hh > 0 ? 2 / hh : 0.0;
            r[j + j * n] = norm == 0 ? 0.0 : alpha;
            for (int c = j + 1; c < n; c++) {
                reflect(h, tau[j], w, j + c * m);
                r[j + c * n] = w[j + c * m];
            }
        }
        SmallSvd inner = tall(r, n, n);
        SmallSvd out = new SmallSvd(new double[m * n], inner.s, inner.v, m, n);
        out.reflectors = reflectors;
        out.tau = tau;
        out.innerU = inner.u;
        out.formed = new boolean[n];
        return out;
    }

    /** x ↦ (I − τhhᵀ)x for the h.length entries of a from {@code offset} on. */
    private static void reflect(double[] h, double tau, double[] a, int offset) {
        double dot = 0;
        for (int i = 0; i < h.length; i++) {
            dot += h[i] * a[offset + i];
        }
        double f = tau * dot;
        for (int i = 0; i < h.length; i++) {
            a[offset + i] -= f * h[i];
        }
    }

    /** Rotates the columns of w (m × n, m ≥ n, overwritten) until they are orthogonal. */
    private static SmallSvd tall(double[] w, int m, int n) {
        double[] v = new double[n * n];
        for (int j = 0; j < n; j++) {
            v[j + j * n] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotated |= rotate(w, m, p, q, v, n);
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] norms = new double[n];
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double x = w[i + j * m];
                sum += x * x;
            }
            norms[j] = Math.sqrt(sum);
        }
        int[] order = decreasing(norms);
        double[] s = new double[n];
        double[] u = new double[m * n];
        double[] vs = new double[n * n];
        for (int c = 0; c < n; c++) {
            int j = order[c];
            s[c] = norms[j];
            double inv = norms[j] > 0 ? 1 / norms[j] : 0.0;
            for (int i = 0; i < m; i++) {
                u[i + c * m] = w[i + j * m] * inv;
            }
            System.arraycopy(v, j * n, vs, c * n, n);
        }
        return new SmallSvd(u, s, vs, m, n);
    }

    /** One rotation making columns p and q of w orthogonal; false when they already are. */
    private static boolean rotate(double[] w, int m, int p, int q, double[] v, int n) {
        double alpha = 0;
        double beta = 0;
        double gamma = 0;
        int op = p * m;
        int oq = q * m;
        for (int i = 0; i < m; i++) {
            double x = w[op + i];
            double y = w[oq + i];
            alpha += x * x;
            beta += y * y;
            gamma += x * y;
        }
        if (gamma == 0 || Math.abs(gamma) <= ORTHOGONALITY_TOL * Math.sqrt(alpha) * Math.sqrt(beta)) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        if (zeta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double sn = c * t;
        givens(w, op, oq, m, c, sn);
        givens(v, p * n, q * n, n, c, sn);
        return true;
    }

    /** The plane rotation of the {@code len} entries of a from {@code p} on and from {@code q} on. */
    private static void givens(double[] a, int p, int q, int len, double c, double sn) {
        for (int i = 0; i < len; i++) {
            double x = a[p + i];
            double y = a[q + i];
            a[p + i] = c * x - sn * y;
            a[q + i] = sn * x + c * y;
        }
    }

    private static int[] decreasing(double[] values) {
        int n = values.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // insertion sort: n is a handful
        for (int i = 1; i < n; i++) {
            int x = order[i];
            int j = i - 1;
            while (j >= 0 && values[order[j]] < values[x]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        return order;
    }

    /** U diag(m) Vᵀ restricted to the first {@code count} columns (rows × cols, column-major). */
    double[] compose(double[] m, int count) {
        double[] out = new double[rows * cols];
        for (int c = 0; c < count; c++) {
            double mc = m[c];
            if (mc == 0) {
                continue;
            }
            formColumn(c);
            int uc = c * rows;
            int vc = c * cols;
            for (int j = 0; j < cols; j++) {
                double f = mc * v[vc + j];
                int oj = j * rows;
                for (int i = 0; i < rows; i++) {
                    out[oj + i] += f * u[uc + i];
                }
            }
        }
        return out;
    }

    /** ‖A‖_F from the singular values. */
    double frobenius() {
        double sum = 0;
        for (double v : s) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}

package org.deepdual.solve.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The updated thin QR against the least-squares solution of its current columns, computed directly. */
class UpdatedQrTest {
    private static final int N = 25;

    /** R⁻¹R⁻ᵀ Aᵀv and R⁻¹Qᵀ(Ax) for the columns in {@code cols}: (AᵀA)⁻¹Aᵀv and x. */
    @Test
    void entersAndLeavesLikeAFreshFactorization() {
        Random r = new Random(1);
        double[][] pool = new double[12][N];
        for (double[] c : pool) {
            for (int i = 0; i < N; i++) {
                c[i] = r.nextGaussian();
            }
        }
        UpdatedQr qr = new UpdatedQr(N, 12);
        List<Integer> cols = new ArrayList<>();
        int[] enter = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int j : enter) {
            assertTrue(qr.add(flat(pool[j]), 0));
            cols.add(j);
        }
        qr.remove(3);
        cols.remove(3);
        qr.remove(0);
        cols.remove(0);
        assertTrue(qr.add(flat(pool[9]), 0));
        cols.add(9);
        qr.remove(cols.size() - 1);
        cols.remove(cols.size() - 1);
        assertTrue(qr.add(flat(pool[11]), 0));
        cols.add(11);
        assertEquals(cols.size(), qr.size());

        double[] x = new double[cols.size()];
        double[] ax = new double[N];
        for (int c = 0; c < x.length; c++) {
            x[c] = c - 2.5;
            for (int i = 0; i < N; i++) {
                ax[i] += x[c] * pool[cols.get(c)][i];
            }
        }
        double[] rx = qr.qtTimes(ax);
        qr.solve(rx);
        assertArrayEquals(x, rx, 1e-12);

        // normal equations (AᵀA) z = Aᵀv by Gaussian elimination, against R⁻¹R⁻ᵀAᵀv
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = Math.sin(i);
        }
        int s = cols.size();
        double[][] g = new double[s][s + 1];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                g[a][b] = dot(pool[cols.get(a)], pool[cols.get(b)]);
            }
            g[a][s] = dot(pool[cols.get(a)], v);
        }
        double[] atv = new double[s];
        for (int a = 0; a < s; a++) {
            atv[a] = g[a][s];
        }
        double[] direct = gauss(g);
        double[] viaQr = atv.clone();
        qr.solveTransposed(viaQr);
        qr.solve(viaQr);
        assertArrayEquals(direct, viaQr, 1e-10);
    }

    @Test
    void refusesAColumnInTheSpanOfTheOthers() {
        double[] a = new double[N];
        double[] b = new double[N];
        double[] sum = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = i;
            b[i] = 1;
            sum[i] = 2 * a[i] - 3 * b[i];
        }
        UpdatedQr qr = new UpdatedQr(N, 3);
        assertTrue(qr.add(a, 0));
        assertTrue(qr.add(b, 0));
        assertFalse(qr.add(sum, 0));
        assertFalse(qr.add(new double[N], 0));
        assertEquals(2, qr.size());
    }

    private static double[] flat(double[] c) {
        return c.clone();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] gauss(double[][] m) {
        int s = m.length;
        for (int c = 0; c < s; c++) {
            int piv = c;
            for (int r = c + 1; r < s; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int r = c + 1; r < s; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= s; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] z = new double[s];
        for (int r = s - 1; r >= 0; r--) {
            double v = m[r][s];
            for (int k = r + 1; k < s; k++) {
                v -= m[r][k] * z[k];
            }
            z[r] = v / m[r][r];
        }
        return z;
    }
}

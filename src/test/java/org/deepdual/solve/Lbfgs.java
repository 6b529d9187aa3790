package org.deepdual.solve;

import static org.deepdual.linalg.Vectors.dot;
import static org.deepdual.linalg.Vectors.norm;
import static org.deepdual.linalg.Vectors.scale;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/** A plain L-BFGS minimiser (memory 10, backtracking Armijo line search) for the brute-force checks. */
public final class Lbfgs {
    public interface Function {
        double valueAndGradient(double[] x, double[] grad);
    }

    private Lbfgs() {
    }

    /** The smallest value reached from {@code x0} (x0 is overwritten with the minimiser). */
    public static double minimize(Function f, double[] x0, int maxIterations) {
        int n = x0.length;
        double[] x = x0;
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        Deque<double[][]> memory = new ArrayDeque<>();
        int stall = 0;
        for (int it = 0; it < maxIterations; it++) {
            double[] d = direction(g, memory);
            double slope = dot(g, d);
            if (!(slope < 0)) {
                memory.clear();
                d = scale(-1, g);
                slope = dot(g, d);
            }
            if (slope == 0) {
                break;
            }
            double step = memory.isEmpty() ? Math.min(1.0, 1.0 / Math.max(1e-300, norm(g))) : 1.0;
            double[] xn = new double[n];
            double[] gn = new double[n];
            double fn = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < n; i++) {
                    xn[i] = x[i] + step * d[i];
                }
                fn = f.valueAndGradient(xn, gn);
                if (fn <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                if (memory.isEmpty()) {
                    break;
                }
                memory.clear();
                continue;
            }
            double[] s = new double[n];
            double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                yv[i] = gn[i] - g[i];
            }
            if (dot(s, yv) > 1e-300) {
                memory.addFirst(new double[][] {s, yv});
                if (memory.size() > 10) {
                    memory.removeLast();
                }
            }
            double decrease = fx - fn;
            System.arraycopy(xn, 0, x, 0, n);
            System.arraycopy(gn, 0, g, 0, n);
            fx = fn;
            stall = decrease <= 1e-16 * Math.max(1, Math.abs(fx)) ? stall + 1 : 0;
            if (stall >= 5 || norm(g) <= 1e-12) {
                break;
            }
        }
        return fx;
    }

    private static double[] direction(double[] g, Deque<double[][]> memory) {
        double[] q = g.clone();
        int m = memory.size();
        double[] alpha = new double[m];
        int k = 0;
        for (double[][] sy : memory) {
            double rho = 1 / dot(sy[1], sy[0]);
            alpha[k] = rho * dot(sy[0], q);
            for (int i = 0; i < q.length; i++) {
                q[i] -= alpha[k] * sy[1][i];
            }
            k++;
        }
        if (m > 0) {
            double[][] last = memory.peekFirst();
            double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        Iterator<double[][]> back = memory.descendingIterator();
        k = m - 1;
        while (back.hasNext()) {
            double[][] sy = back.next();
            double rho = 1 / dot(sy[1], sy[0]);
            double beta = rho * dot(sy[1], q);
            for (int i = 0; i < q.length; i++) {
                q[i] += (alpha[k] - beta) * sy[0][i];
            }
            k--;
        }
        return scale(-1, q);
    }
}

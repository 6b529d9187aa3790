package org.deepdual.solve;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** A plain Nelder–Mead simplex minimiser for small brute-force checks in tests (no derivatives). */
public final class NelderMead {
    private NelderMead() {
    }

    /** The smallest value reached from {@code start} with initial simplex edge {@code step}. */
    public static double minimize(ToDoubleFunction<double[]> f, double[] start, double step, int maxIterations) {
        int n = start.length;
        double[][] simplex = new double[n + 1][];
        double[] values = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            simplex[i] = start.clone();
            if (i > 0) {
                simplex[i][i - 1] += step;
            }
            values[i] = f.applyAsDouble(simplex[i]);
        }
        for (int it = 0; it < maxIterations; it++) {
            sort(simplex, values);
            if (values[n] - values[0] <= 1e-16 * Math.max(1, Math.abs(values[0])) && it > 10 * n) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    centroid[k] += simplex[i][k] / n;
                }
            }
            double[] reflected = towards(centroid, simplex[n], -1);
            double fr = f.applyAsDouble(reflected);
            if (fr < values[0]) {
                double[] expanded = towards(centroid, simplex[n], -2);
                double fe = f.applyAsDouble(expanded);
                simplex[n] = fe < fr ? expanded : reflected;
                values[n] = Math.min(fe, fr);
            } else if (fr < values[n - 1]) {
                simplex[n] = reflected;
                values[n] = fr;
            } else {
                double[] contracted = towards(centroid, simplex[n], 0.5);
                double fc = f.applyAsDouble(contracted);
                if (fc < values[n]) {
                    simplex[n] = contracted;
                    values[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        simplex[i] = towards(simplex[0], simplex[i], 0.5);
                        values[i] = f.applyAsDouble(simplex[i]);
                    }
                }
            }
        }
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double[] towards(double[] c, double[] x, double t) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i] + t * (x[i] - c[i]);
        }
        return out;
    }

    private static void sort(double[][] simplex, double[] values) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(values[a], values[b]));
        double[][] s = new double[simplex.length][];
        double[] v = new double[values.length];
        for (int i = 0; i < idx.length; i++) {
            s[i] = simplex[idx[i]];
            v[i] = values[idx[i]];
        }
        System.arraycopy(s, 0, simplex, 0, s.length);
        System.arraycopy(v, 0, values, 0, v.length);
    }
}

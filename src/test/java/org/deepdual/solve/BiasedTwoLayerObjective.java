package org.deepdual.solve;

import org.deepdual.model.Loss;

/**
 * The non-convex objective of the relu-1d network (docs/theory.md §7.2) as a function of
 * (w1, b, w2, c) ∈ R^{3m+1}: {@code ½Σ_i(Σ_j w2_j relu(w1_j x_i + b_j) + c − y_i)² + (β/2)(‖w1‖² + ‖w2‖²)},
 * biases unregularised, with its gradient by hand, for brute-force training; or the same network under
 * another scalar-output {@link Loss} (docs/theory.md §14.2).
 */
public final class BiasedTwoLayerObjective {
    private final double[] x;
    private final double[] y;
    private final double beta;
    private final int m;
    private final Loss loss;

    public BiasedTwoLayerObjective(double[] x, double[] y, double beta, int width) {
        this(x, y, beta, width, Loss.SQUARED);
    }

    /** The same network under another loss of one scalar output (logistic, hinge: labels ±1). */
    public BiasedTwoLayerObjective(double[] x, double[] y, double beta, int width, Loss loss) {
        this.loss = loss;
        this.x = x.clone();
        this.y = y.clone();
        this.beta = beta;
        this.m = width;
    }

    public int dimension() {
        return 3 * m + 1;
    }

    public double valueAndGradient(double[] p, double[] grad) {
        java.util.Arrays.fill(grad, 0.0);
        double value = 0;
        for (int i = 0; i < x.length; i++) {
            double f = p[3 * m];
            for (int j = 0; j < m; j++) {
                f += p[2 * m + j] * Math.max(p[j] * x[i] + p[m + j], 0);
            }
            double r = loss == Loss.SQUARED ? f - y[i] : loss.derivative(f, y[i]);
            value += loss == Loss.SQUARED ? 0.5 * r * r : loss.value(f, y[i]);
            grad[3 * m] += r;
            for (int j = 0; j < m; j++) {
                double h = p[j] * x[i] + p[m + j];
                if (h > 0) {
                    grad[2 * m + j] += r * h;
                    grad[j] += r * p[2 * m + j] * x[i];
                    grad[m + j] += r * p[2 * m + j];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            value += 0.5 * beta * (p[j] * p[j] + p[2 * m + j] * p[2 * m + j]);
            grad[j] += beta * p[j];
            grad[2 * m + j] += beta * p[2 * m + j];
        }
        return value;
    }
}

package org.deepdual.solve.spline;

import org.deepdual.linalg.Matrix;
import org.deepdual.model.Loss;

/**
 * The ramp dictionary of {@link RampLasso} on the data, uncentred, for the classification losses
 * (docs/theory.md §14.2): column j holds φ_j(x_i), the right ramps (x − κ_j)₊ then the left ramps
 * (κ_j − x)₊, column-major n × p. The free intercept is kept as a variable of its own rather than centred
 * away, because for a loss other than the squared one centring does not eliminate it.
 */
final class RampDictionary {
    final RampLasso ramps;
    final int n;
    final int p;
    final double[] columns;

    RampDictionary(RampLasso ramps, double[] x) {
        this.ramps = ramps;
        this.n = x.length;
        this.p = ramps.size();
        this.columns = new double[n * p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                columns[i + j * n] = ramps.ramp(j, x[i]);
            }
        }
    }

    double dot(int j, double[] v) {
        double s = 0;
        int off = j * n;
        for (int i = 0; i < n; i++) {
            s += columns[off + i] * v[i];
        }
        return s;
    }

    /** z = Φa + c·1. */
    double[] fit(double[] a, double c) {
        double[] z = new double[n];
        java.util.Arrays.fill(z, c);
        for (int j = 0; j < p; j++) {
            if (a[j] != 0) {
                int off = j * n;
                for (int i = 0; i < n; i++) {
                    z[i] += a[j] * columns[off + i];
                }
            }
        }
        return z;
    }

    /** The primal value ℓ(Φa + c) + β‖a‖₁ of the GLM (the network's objective, before any rounding of weights). */
    double primal(Loss loss, double[] y, double[] a, double c, double beta) {
        double l1 = 0;
        for (double v : a) {
            l1 += Math.abs(v);
        }
        return loss.value(Matrix.column(fit(a, c)), Matrix.column(y)) + beta * l1;
    }

    /**
     * A feasible point of the dual {@code max g(λ)} s.t. 1ᵀλ = 0 and |φ_jᵀλ| ≤ β (docs/theory.md §14.2), made
     * from any candidate λ (the negative loss gradient at a fit): into the conjugate's domain first, then
     * 1ᵀλ = 0 by shrinking the entries of the sign in excess (which stays in the domain, since shrinking
     * p = λy towards 0 does), then scaled by 1/max(1, max_j |φ_jᵀλ|/β). The value is computed from the
     * conjugate at this point, never from a primal.
     */
    DualPoint feasibleDual(Loss loss, double[] y, double[] candidate, double beta) {
        double[] lambda = loss.intoDualDomain(Matrix.column(candidate), Matrix.column(y)).column(0);
        double sum = 0;
        double pos = 0;
        double neg = 0;
        for (double v : lambda) {
            sum += v;
            if (v > 0) {
                pos += v;
            } else {
                neg -= v;
            }
        }
        if (sum != 0) {
            boolean shrinkPositive = sum > 0;
            double mass = shrinkPositive ? pos : neg;
            double factor = mass > 0 ? Math.max(0.0, 1 - Math.abs(sum) / mass) : 0.0;
            for (int i = 0; i < n; i++) {
                if (shrinkPositive ? lambda[i] > 0 : lambda[i] < 0) {
                    lambda[i] *= factor;
                }
            }
        }
        double worst = 0;
        for (int j = 0; j < p; j++) {
            worst = Math.max(worst, Math.abs(dot(j, lambda)));
        }
        double scale = beta > 0 ? Math.max(1.0, worst / beta) : (worst > 0 ? Double.POSITIVE_INFINITY : 1.0);
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = Double.isInfinite(scale) ? 0.0 : lambda[i] / scale;
        }
        double value = loss.dualValue(Matrix.column(scaled), Matrix.column(y));
        return new DualPoint(scaled, value, worst / Math.max(beta, Double.MIN_VALUE));
    }

    /** A feasible dual point, its dual value g(λ), and max_j |φ_jᵀλ|/β before scaling (1 at an exact optimum). */
    record DualPoint(double[] lambda, double value, double pricing) {
    }
}

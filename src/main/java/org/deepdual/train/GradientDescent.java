package org.deepdual.train;

import org.deepdual.linalg.Vectors;

/**
 * Gradient descent with Armijo backtracking: from step η (doubled from the last accepted one), halve
 * until F(θ − ηg) ≤ F(θ) − 10⁻⁴η‖g‖². Under {@code tc} the sphere blocks are rescaled after each
 * step (which leaves F unchanged), so the directions keep norm t.
 */
final class GradientDescent implements Descent {
    private static final double ARMIJO = 1e-4;
    private static final int MAX_HALVINGS = 80;

    private final TrainingObjective f;
    private double[] theta;
    private double[] grad;
    private double value;
    private double eta;

    GradientDescent(TrainingObjective f, double[] start) {
        this.f = f;
        theta = start.clone();
        grad = new double[theta.length];
        value = f.valueAndGradient(theta, grad);
        double gNorm = Math.sqrt(Vectors.dot(grad, grad));
        eta = gNorm > 0 ? Math.min(1.0, 1.0 / gNorm) : 1.0;
    }

    @Override
    public boolean step() {
        double gg = Vectors.dot(grad, grad);
        if (!(gg > 0)) {
            return false;
        }
        double step = eta * 2;
        for (int tries = 0; tries < MAX_HALVINGS; tries++) {
            double[] trial = Vectors.axpy(-step, grad, theta);
            double ft = f.value(trial);
            if (ft <= value - ARMIJO * step * gg) {
                f.retract(trial);
                double[] g = new double[theta.length];
                value = f.valueAndGradient(trial, g);
                theta = trial;
                grad = g;
                eta = step;
                return true;
            }
            step *= 0.5;
        }
        return false;
    }

    @Override
    public double[] point() {
        return theta;
    }

    @Override
    public double value() {
        return value;
    }
}

package org.deepdual.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (memory 10) with the two-loop recursion and a backtracking line search that
 * enforces the Armijo condition F(θ + a d) ≤ F(θ) + 10⁻⁴ a gᵀd (trial steps by safeguarded quadratic
 * interpolation). Without a Wolfe curvature condition a pair with sᵀy ≤ 10⁻¹²‖s‖‖y‖ is skipped; a
 * direction that is not a descent direction, or a failed line search, restarts from −g with an
 * empty memory. Under {@code tc} the sphere parametrisation W = tV/‖V‖ is smooth, so no projection is
 * needed and the pairs stay consistent.
 */
final class Lbfgs implements Descent {
    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_TRIALS = 60;

    private final TrainingObjective f;
    private double[] theta;
    private double[] grad;
    private double value;
    private final Deque<double[][]> pairs = new ArrayDeque<>();

    Lbfgs(TrainingObjective f, double[] start) {
        this.f = f;
        theta = start.clone();
        grad = new double[theta.length];
        value = f.valueAndGradient(theta, grad);
    }

    @Override
    public boolean step() {
        if (!(Vectors.dot(grad, grad) > 0)) {
            return false;
        }
        if (tryDirection(direction())) {
            return true;
        }
        if (pairs.isEmpty()) {
            return false;
        }
        pairs.clear();
        return tryDirection(steepest());
    }

    private double[] steepest() {
        double gNorm = Math.sqrt(Vectors.dot(grad, grad));
        return Vectors.scale(-Math.min(1.0, 1.0 / gNorm), grad);
    }

    private double[] direction() {
        if (pairs.isEmpty()) {
            return steepest();
        }
        double[] q = grad.clone();
        double[] alpha = new double[pairs.size()];
        int i = 0;
        for (Iterator<double[][]> it = pairs.descendingIterator(); it.hasNext(); i++) {
            double[][] p = it.next();
            alpha[i] = p[2][0] * Vectors.dot(p[0], q);
            Vectors.axpyInPlace(-alpha[i], p[1], q);
        }
        double[][] last = pairs.peekLast();
        double gammaScale = Vectors.dot(last[0], last[1]) / Vectors.dot(last[1], last[1]);
        double[] r = Vectors.scale(gammaScale, q);
        i = pairs.size() - 1;
        for (double[][] p : pairs) {
            double b = p[2][0] * Vectors.dot(p[1], r);
            Vectors.axpyInPlace(alpha[i] - b, p[0], r);
            i--;
        }
        double[] d = Vectors.scale(-1, r);
        if (!(Vectors.dot(d, grad) < 0)) {
            pairs.clear();
            return steepest();
        }
        return d;
    }

    private boolean tryDirection(double[] d) {
        double slope = Vectors.dot(grad, d);
        if (!(slope < 0)) {
            return false;
        }
        double a = 1.0;
        for (int trial = 0; trial < MAX_TRIALS; trial++) {
            double[] next = Vectors.axpy(a, d, theta);
            double fv = f.value(next);
            if (fv <= value + ARMIJO * a * slope) {
                double[] g = new double[theta.length];
                fv = f.valueAndGradient(next, g);
                remember(Vectors.axpy(-1, theta, next), Vectors.axpy(-1, grad, g));
                theta = next;
                grad = g;
                value = fv;
                return true;
            }
            // minimiser of the quadratic through F(0), F'(0) and F(a), kept within [0.1a, 0.5a]
            double interp = Double.isFinite(fv) ? -slope * a * a / (2 * (fv - value - slope * a)) : 0.1 * a;
            a = Math.max(0.1 * a, Math.min(0.5 * a, interp));
        }
        return false;
    }

    private void remember(double[] s, double[] y) {
        double sy = Vectors.dot(s, y);
        if (!(sy > 1e-12 * Math.sqrt(Vectors.dot(s, s) * Vectors.dot(y, y)))) {
            return;
        }
        if (pairs.size() == MEMORY) {
            pairs.removeFirst();
        }
        pairs.addLast(new double[][] {s, y, {1.0 / sy}});
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

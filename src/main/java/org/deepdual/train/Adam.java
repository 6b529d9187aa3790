package org.deepdual.train;

/**
 * Adam (Kingma and Ba) on the full batch with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and initial learning
 * rate 0.01. Full-batch Adam with a fixed rate ends in a limit cycle of size ~rate, so the rate is
 * multiplied by 0.7 whenever an iteration increases F: that lets the run settle for the stopping
 * rule. Under {@code tc} the sphere blocks are rescaled after each step (F unchanged).
 */
final class Adam implements Descent {
    static final double INITIAL_RATE = 0.01;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double DECAY_ON_INCREASE = 0.7;
    private static final double MIN_RATE = 1e-15;

    private final TrainingObjective f;
    private double[] theta;
    private double[] grad;
    private final double[] m;
    private final double[] v;
    private double value;
    private double rate = INITIAL_RATE;
    private int t;

    Adam(TrainingObjective f, double[] start) {
        this.f = f;
        theta = start.clone();
        grad = new double[theta.length];
        m = new double[theta.length];
        v = new double[theta.length];
        value = f.valueAndGradient(theta, grad);
    }

    @Override
    public boolean step() {
        if (rate < MIN_RATE) {
            return false;
        }
        t++;
        double c1 = 1 - Math.pow(B1, t);
        double c2 = 1 - Math.pow(B2, t);
        double[] next = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            m[i] = B1 * m[i] + (1 - B1) * grad[i];
            v[i] = B2 * v[i] + (1 - B2) * grad[i] * grad[i];
            next[i] -= rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        }
        f.retract(next);
        double[] g = new double[theta.length];
        double fv = f.valueAndGradient(next, g);
        if (!(fv <= value)) {
            rate *= DECAY_ON_INCREASE;
        }
        if (!Double.isFinite(fv)) {
            return rate >= MIN_RATE;
        }
        theta = next;
        grad = g;
        value = fv;
        return true;
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

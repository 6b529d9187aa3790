package org.deepdual.solve;

/**
 * Plain full-batch L-BFGS (memory 10) with Armijo backtracking, for the brute-force checks of the
 * closed forms in tests. It restarts from steepest descent when a step fails and stops when no
 * progress is possible.
 */
final class Lbfgs {

    /** f(x), writing ∇f(x) into grad. */
    interface Function {
        double valueAndGradient(double[] x, double[] grad);
    }

    private Lbfgs() {
    }

    /** Minimises f from theta (overwritten with the final point); returns the final value. */
    static double minimize(Function f, double[] theta, int maxIterations) {
        int p = theta.length;
        int mem = 10;
        double[][] s = new double[mem][];
        double[][] yy = new double[mem][];
        double[] rho = new double[mem];
        int stored = 0;
        int head = 0;
        double[] grad = new double[p];
        double value = f.valueAndGradient(theta, grad);
        for (int it = 0; it < maxIterations; it++) {
            double[] dir = grad.clone();
            double[] alpha = new double[mem];
            for (int k = 0; k < stored; k++) {
                int idx = Math.floorMod(head - 1 - k, mem);
                alpha[idx] = rho[idx] * dot(s[idx], dir);
                axpy(-alpha[idx], yy[idx], dir);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, mem);
                double gamma = dot(s[last], yy[last]) / dot(yy[last], yy[last]);
                for (int i = 0; i < p; i++) {
                    dir[i] *= gamma;
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int idx = Math.floorMod(head - 1 - k, mem);
                double b = rho[idx] * dot(yy[idx], dir);
                axpy(alpha[idx] - b, s[idx], dir);
            }
            double slope = -dot(dir, grad);
            if (!(slope < 0)) {
                dir = grad.clone();
                slope = -dot(grad, grad);
                stored = 0;
            }
            double step = 1.0;
            double[] next = new double[p];
            double[] nextGrad = new double[p];
            double nextValue = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < p; i++) {
                    next[i] = theta[i] - step * dir[i];
                }
                nextValue = f.valueAndGradient(next, nextGrad);
                if (nextValue <= value + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted || value - nextValue <= 1e-16 * Math.max(1, Math.abs(value))) {
                if (accepted && nextValue < value) {
                    System.arraycopy(next, 0, theta, 0, p);
                    System.arraycopy(nextGrad, 0, grad, 0, p);
                    value = nextValue;
                }
                if (stored == 0) {
                    break;
                }
                stored = 0;
                continue;
            }
            double[] sk = new double[p];
            double[] yk = new double[p];
            for (int i = 0; i < p; i++) {
                sk[i] = next[i] - theta[i];
                yk[i] = nextGrad[i] - grad[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-20) {
                s[head] = sk;
                yy[head] = yk;
                rho[head] = 1.0 / sy;
                head = (head + 1) % mem;
                stored = Math.min(stored + 1, mem);
            }
            System.arraycopy(next, 0, theta, 0, p);
            System.arraycopy(nextGrad, 0, grad, 0, p);
            value = nextValue;
        }
        return value;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }
}

package org.deepdual.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deepdual.linalg.Matrix;

/**
 * An independent check of the closed forms: full-batch L-BFGS (Armijo backtracking) on the real
 * non-convex objective {@code ½‖f(X) − Y‖² + (β/2)Σ_l ‖W_l‖²} of a plain chain
 * {@code f(X) = σ(…σ(X W_1)…) W_L} (math.md section 1), from random or given starts. It knows nothing
 * about any solver.
 */
final class ChainTraining {
    private final double[][] x;
    private final double[][] y;
    private final Activation activation;
    private final double beta;
    private final int[] dims;
    private final int n;

    /** dims = [d, m_1, …, m_{L−1}, K]. */
    ChainTraining(Matrix x, Matrix y, Activation activation, double beta, int[] dims) {
        this.x = x.toRowArrays();
        this.y = y.toRowArrays();
        this.activation = activation;
        this.beta = beta;
        this.dims = dims.clone();
        this.n = x.rows();
    }

    int parameterCount() {
        int p = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            p += dims[l] * dims[l + 1];
        }
        return p;
    }

    /** Flattens W_1..W_L (each padded with zeros to the chain's shapes) into one vector. */
    double[] pack(List<Matrix> weights) {
        double[] theta = new double[parameterCount()];
        int off = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            Matrix w = weights.get(l).padTo(dims[l], dims[l + 1]);
            for (int i = 0; i < dims[l]; i++) {
                for (int j = 0; j < dims[l + 1]; j++) {
                    theta[off + i * dims[l + 1] + j] = w.get(i, j);
                }
            }
            off += dims[l] * dims[l + 1];
        }
        return theta;
    }

    double[] randomStart(Random r, double scale) {
        double[] theta = new double[parameterCount()];
        int off = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            double s = scale / Math.sqrt(dims[l]);
            for (int k = 0; k < dims[l] * dims[l + 1]; k++) {
                theta[off + k] = s * r.nextGaussian();
            }
            off += dims[l] * dims[l + 1];
        }
        return theta;
    }

    /** Objective and gradient (into grad) at theta, by backpropagation. */
    double objective(double[] theta, double[] grad) {
        int layers = dims.length - 1;
        List<double[][]> h = new ArrayList<>();
        List<double[][]> z = new ArrayList<>();
        h.add(x);
        int[] offs = new int[layers];
        int off = 0;
        for (int l = 0; l < layers; l++) {
            offs[l] = off;
            off += dims[l] * dims[l + 1];
        }
        double penalty = 0;
        for (double t : theta) {
            penalty += t * t;
        }
        for (int l = 0; l < layers; l++) {
            double[][] pre = times(h.get(l), theta, offs[l], dims[l], dims[l + 1]);
            z.add(pre);
            if (l < layers - 1) {
                double[][] post = new double[n][];
                for (int i = 0; i < n; i++) {
                    post[i] = pre[i].clone();
                    for (int j = 0; j < post[i].length; j++) {
                        post[i][j] = activation.apply(post[i][j]);
                    }
                }
                h.add(post);
            }
        }
        double[][] g = new double[n][dims[layers]];
        double loss = 0;
        double[][] f = z.get(layers - 1);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dims[layers]; k++) {
                g[i][k] = f[i][k] - y[i][k];
                loss += 0.5 * g[i][k] * g[i][k];
            }
        }
        if (grad != null) {
            for (int l = layers - 1; l >= 0; l--) {
                int rows = dims[l];
                int cols = dims[l + 1];
                double[][] in = h.get(l);
                for (int a = 0; a < rows; a++) {
                    for (int b = 0; b < cols; b++) {
                        double s = beta * theta[offs[l] + a * cols + b];
                        for (int i = 0; i < n; i++) {
                            s += in[i][a] * g[i][b];
                        }
                        grad[offs[l] + a * cols + b] = s;
                    }
                }
                if (l > 0) {
                    double[][] back = new double[n][rows];
                    double[][] pre = z.get(l - 1);
                    for (int i = 0; i < n; i++) {
                        for (int a = 0; a < rows; a++) {
                            if (activation == Activation.RELU && pre[i][a] <= 0) {
                                continue;
                            }
                            double s = 0;
                            for (int b = 0; b < cols; b++) {
                                s += g[i][b] * theta[offs[l] + a * cols + b];
                            }
                            back[i][a] = s;
                        }
                    }
                    g = back;
                }
            }
        }
        return loss + 0.5 * beta * penalty;
    }

    private static double[][] times(double[][] a, double[] theta, int off, int rows, int cols) {
        double[][] out = new double[a.length][cols];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < rows; p++) {
                double v = a[i][p];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < cols; j++) {
                    out[i][j] += v * theta[off + p * cols + j];
                }
            }
        }
        return out;
    }

    /** L-BFGS (memory 10) from theta; returns the final objective. theta is overwritten. */
    double minimize(double[] theta, int maxIterations) {
        int p = theta.length;
        int mem = 10;
        double[][] s = new double[mem][];
        double[][] yy = new double[mem][];
        double[] rho = new double[mem];
        int stored = 0;
        int head = 0;
        double[] grad = new double[p];
        double f = objective(theta, grad);
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
            double fNext = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < p; i++) {
                    next[i] = theta[i] - step * dir[i];
                }
                fNext = objective(next, nextGrad);
                if (fNext <= f + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted || f - fNext <= 1e-16 * Math.max(1, Math.abs(f))) {
                if (accepted && fNext < f) {
                    System.arraycopy(next, 0, theta, 0, p);
                    f = fNext;
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
            f = fNext;
        }
        return f;
    }

    /** The best objective over {@code starts} random starts. */
    double bestOfRandomStarts(int starts, long seed, int maxIterations) {
        Random r = new Random(seed);
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < starts; k++) {
            double[] theta = randomStart(r, 0.5 + r.nextDouble());
            best = Math.min(best, minimize(theta, maxIterations));
        }
        return best;
    }

    /** Minimises from {@code weights} with multiplicative noise of relative size {@code noise}. */
    double fromPerturbed(List<Matrix> weights, double noise, long seed, int maxIterations) {
        Random r = new Random(seed);
        double[] theta = pack(weights);
        double scale = Math.sqrt(Arrays.stream(theta).map(v -> v * v).sum() / theta.length);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += noise * scale * r.nextGaussian();
        }
        return minimize(theta, maxIterations);
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

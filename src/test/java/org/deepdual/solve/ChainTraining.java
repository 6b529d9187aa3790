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

    /** L-BFGS from theta; returns the final objective. theta is overwritten. */
    double minimize(double[] theta, int maxIterations) {
        return Lbfgs.minimize(this::objective, theta, maxIterations);
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

}

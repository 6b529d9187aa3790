package org.deepdual.solve;

import org.deepdual.model.Activation;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Matrix;

/**
 * The non-convex training objective of a plain chain network (docs/theory.md §1) as a function of
 * its flattened weights, with the gradient by hand (backpropagation), for the brute-force checks:
 * WD {@code ½‖f(X)−Y‖² + (β/2)Σ‖W_l‖²}, or TC with {@code W_l = t·V_l/‖V_l‖_F} for l ≤ L−2 (the
 * active constraint) and {@code (β/2)(‖W_{L−1}‖² + ‖W_L‖²)}.
 */
public final class ChainObjective {
    private final Matrix x;
    private final Matrix y;
    private final Activation activation;
    private final Objective objective;
    private final double beta;
    private final double t;
    private final int[][] shapes;

    public ChainObjective(Matrix x, Matrix y, Activation activation, Problem problem, int width) {
        this.x = x;
        this.y = y;
        this.activation = activation;
        this.objective = problem.objective();
        this.beta = problem.beta();
        this.t = problem.objective() == Objective.TC ? problem.tValue() : Double.NaN;
        int depth = problem.depth();
        shapes = new int[depth][];
        for (int l = 0; l < depth; l++) {
            shapes[l] = new int[] {l == 0 ? x.cols() : width, l == depth - 1 ? y.cols() : width};
        }
    }

    public int dimension() {
        int n = 0;
        for (int[] s : shapes) {
            n += s[0] * s[1];
        }
        return n;
    }

    /** The raw parameters V_l (TC) or W_l (WD) of a network whose hidden widths match. */
    public double[] parameters(Network net) {
        double[] p = new double[dimension()];
        int off = 0;
        for (int l = 0; l < shapes.length; l++) {
            double[] w = net.layer(l + 1).toColumnMajor();
            System.arraycopy(w, 0, p, off, w.length);
            off += w.length;
        }
        return p;
    }

    /** The weights W_l for parameters p (TC: the first L−2 layers rescaled to norm t). */
    public List<Matrix> weights(double[] p) {
        List<Matrix> out = new ArrayList<>();
        int off = 0;
        for (int l = 0; l < shapes.length; l++) {
            int size = shapes[l][0] * shapes[l][1];
            double[] w = java.util.Arrays.copyOfRange(p, off, off + size);
            off += size;
            Matrix m = Matrix.ofColumnMajor(shapes[l][0], shapes[l][1], w);
            if (constrained(l)) {
                double norm = m.frobeniusNorm();
                m = norm > 0 ? m.scale(t / norm) : m;
            }
            out.add(m);
        }
        return out;
    }

    private boolean constrained(int l) {
        return objective == Objective.TC && l < shapes.length - 2;
    }

    /** The objective; {@code grad} (length dimension()) receives the gradient. */
    public double valueAndGradient(double[] p, double[] grad) {
        List<Matrix> w = weights(p);
        int depth = w.size();
        List<Matrix> acts = new ArrayList<>();
        List<Matrix> pre = new ArrayList<>();
        Matrix a = x;
        acts.add(a);
        for (int l = 0; l < depth - 1; l++) {
            Matrix h = a.times(w.get(l));
            pre.add(h);
            a = activation == Activation.RELU ? h.relu() : h;
            acts.add(a);
        }
        Matrix residual = a.times(w.get(depth - 1)).minus(y);
        double value = 0.5 * residual.frobeniusNormSquared();
        Matrix[] g = new Matrix[depth];
        Matrix delta = residual;
        for (int l = depth - 1; l >= 0; l--) {
            g[l] = acts.get(l).transposeTimes(delta);
            if (l > 0) {
                delta = delta.times(w.get(l).transpose());
                if (activation == Activation.RELU) {
                    Matrix h = pre.get(l - 1);
                    delta = delta.hadamard(h.map(v -> v > 0 ? 1.0 : 0.0));
                }
            }
        }
        int off = 0;
        for (int l = 0; l < depth; l++) {
            Matrix gl = g[l];
            Matrix wl = w.get(l);
            int size = shapes[l][0] * shapes[l][1];
            if (constrained(l)) {
                Matrix v = Matrix.ofColumnMajor(shapes[l][0], shapes[l][1],
                        java.util.Arrays.copyOfRange(p, off, off + size));
                double vn = v.frobeniusNorm();
                if (vn > 0) {
                    double inner = dot(gl, v);
                    gl = gl.minus(v.scale(inner / (vn * vn))).scale(t / vn);
                }
            } else if (objective == Objective.WD || l >= depth - 2) {
                value += 0.5 * beta * wl.frobeniusNormSquared();
                gl = gl.plus(wl.scale(beta));
            }
            System.arraycopy(gl.toColumnMajor(), 0, grad, off, size);
            off += size;
        }
        return value;
    }

    private static double dot(Matrix a, Matrix b) {
        double[] x = a.toColumnMajor();
        double[] y = b.toColumnMajor();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}

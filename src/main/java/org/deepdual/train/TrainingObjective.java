package org.deepdual.train;

import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;
import org.deepdual.model.Activation;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;

/**
 * The training objective as a function of the flat parameters θ, with its gradient by
 * back-propagation: the problem's loss ℓ(f(X), Y) (squared: {@code ½‖f(X) − Y‖²}; hinge with its
 * subgradient, docs/theory.md §14) plus the penalty of {@code ForwardObjective}
 * (docs/theory.md §1): (β/2)(‖γ‖² + ‖α‖² + ‖W_L‖²) with batch norm, (β/2)(‖W_{L−1}‖² + ‖W_L‖²)
 * under {@code tc}, (β/2)Σ_l ‖W_l‖² otherwise; biases are never penalised. ReLU'(0) is taken as 0,
 * matching {@code Activation.apply}. A batch-norm column that is constant (Ph = 0) has zero gradient
 * with respect to its pre-activations, as BN is constant there.
 */
final class TrainingObjective {
    private final Architecture arch;
    private final Matrix x;
    private final Matrix y;
    private final double beta;
    private long evaluations;

    TrainingObjective(Architecture arch, Matrix x, Matrix y) {
        if (x.cols() != arch.widths[0] || y.cols() != arch.widths[arch.depth] || x.rows() != y.rows()) {
            throw new IllegalArgumentException("data X " + x.shape() + ", Y " + y.shape() + " do not fit a network "
                    + arch.widths[0] + " -> " + arch.widths[arch.depth]);
        }
        arch.problem.loss().validateTargets(y);
        this.arch = arch;
        this.x = x;
        this.y = y;
        this.beta = arch.problem.beta();
    }

    Architecture architecture() {
        return arch;
    }

    long evaluations() {
        return evaluations;
    }

    double value(double[] theta) {
        return evaluate(theta, null);
    }

    /** F(θ), writing ∇F(θ) into {@code grad}. */
    double valueAndGradient(double[] theta, double[] grad) {
        return evaluate(theta, grad);
    }

    /** Rescales every sphere block to ‖V_l‖_F = t; the network (and F) is unchanged. */
    void retract(double[] theta) {
        for (int l = 1; l <= arch.depth; l++) {
            if (!arch.onSphere(l)) {
                continue;
            }
            int off = arch.weightOffset(l);
            int len = arch.widths[l - 1] * arch.widths[l];
            double sq = 0;
            for (int i = 0; i < len; i++) {
                sq += theta[off + i] * theta[off + i];
            }
            if (sq > 0) {
                double s = arch.t / Math.sqrt(sq);
                for (int i = 0; i < len; i++) {
                    theta[off + i] *= s;
                }
            }
        }
    }

    private double evaluate(double[] theta, double[] grad) {
        evaluations++;
        int depth = arch.depth;
        Matrix[] w = new Matrix[depth + 1];
        for (int l = 1; l <= depth; l++) {
            w[l] = arch.weight(theta, l);
        }
        Matrix[] a = new Matrix[depth];
        Matrix[] pre = new Matrix[depth];
        BatchNormPass bn = null;
        a[0] = x;
        for (int l = 1; l < depth; l++) {
            Matrix h = a[l - 1].times(w[l]);
            if (arch.freeBiases) {
                h = addRow(h, theta, arch.biasOffset(l));
            }
            pre[l] = h;
            if (l == depth - 1 && arch.bnAfter.isPresent()) {
                bn = new BatchNormPass(h, arch.slice(theta, arch.gammaOffset(), h.cols()),
                        arch.slice(theta, arch.alphaOffset(), h.cols()), arch.bnAfter.get());
                a[l] = bn.output;
            } else {
                a[l] = arch.hidden == Activation.RELU ? h.relu() : h;
            }
        }
        Matrix out = a[depth - 1].times(w[depth]);
        if (arch.freeBiases) {
            out = addRow(out, theta, arch.outputBiasOffset());
        }
        Loss loss = arch.problem.loss();
        // r = ∂ℓ/∂f: the residual f − Y for the squared loss, so back-propagation is the same for every loss
        Matrix r = loss == Loss.SQUARED ? out.minus(y) : loss.gradient(out, y);
        double data = loss == Loss.SQUARED ? 0.5 * r.frobeniusNormSquared() : loss.value(out, y);
        double value = data + 0.5 * beta * penaltySquares(theta, w);
        if (grad == null) {
            return value;
        }
        java.util.Arrays.fill(grad, 0.0);
        if (arch.freeBiases) {
            columnSums(r, grad, arch.outputBiasOffset());
        }
        Matrix delta = r;
        for (int l = depth; l >= 1; l--) {
            Matrix g = a[l - 1].transposeTimes(delta);
            if (penalised(l)) {
                g = g.plus(w[l].scale(beta));
            }
            writeWeightGradient(theta, grad, l, g);
            if (l == 1) {
                break;
            }
            Matrix upstream = delta.times(w[l].transpose());
            int prev = l - 1;
            if (prev == depth - 1 && bn != null) {
                delta = bn.backward(upstream, grad, arch.gammaOffset(), arch.alphaOffset(), beta);
            } else if (arch.hidden == Activation.RELU) {
                delta = upstream.hadamard(pre[prev].map(v -> v > 0 ? 1.0 : 0.0));
            } else {
                delta = upstream;
            }
            if (arch.freeBiases) {
                columnSums(delta, grad, arch.biasOffset(prev));
            }
        }
        return value;
    }

    private boolean penalised(int l) {
        if (arch.bnAfter.isPresent()) {
            return l == arch.depth;
        }
        if (arch.problem.objective() == Objective.TC) {
            return l >= arch.depth - 1;
        }
        return true;
    }

    private double penaltySquares(double[] theta, Matrix[] w) {
        double sq = 0;
        for (int l = 1; l <= arch.depth; l++) {
            if (penalised(l)) {
                sq += w[l].frobeniusNormSquared();
            }
        }
        if (arch.bnAfter.isPresent()) {
            int m = arch.widths[arch.depth - 1];
            for (int j = 0; j < m; j++) {
                double g = theta[arch.gammaOffset() + j];
                double al = theta[arch.alphaOffset() + j];
                sq += g * g + al * al;
            }
        }
        return sq;
    }

    /** Stores ∂F/∂W_l, or for a sphere layer ∂F/∂V_l = (t/‖V‖)(G − ⟨G, V̂⟩V̂). */
    private void writeWeightGradient(double[] theta, double[] grad, int l, Matrix g) {
        double[] gw = g.toColumnMajor();
        int off = arch.weightOffset(l);
        if (arch.onSphere(l)) {
            double[] v = arch.block(theta, l).toColumnMajor();
            double norm = Vectors.norm(v);
            if (norm == 0.0) {
                return;
            }
            double inner = 0;
            for (int i = 0; i < v.length; i++) {
                inner += gw[i] * v[i] / norm;
            }
            double s = arch.t / norm;
            for (int i = 0; i < v.length; i++) {
                gw[i] = s * (gw[i] - inner * v[i] / norm);
            }
        }
        System.arraycopy(gw, 0, grad, off, gw.length);
    }

    private static Matrix addRow(Matrix h, double[] theta, int offset) {
        double[] c = h.toColumnMajor();
        int n = h.rows();
        for (int j = 0; j < h.cols(); j++) {
            double b = theta[offset + j];
            for (int i = 0; i < n; i++) {
                c[i + j * n] += b;
            }
        }
        return Matrix.ofColumnMajor(n, h.cols(), c);
    }

    private static void columnSums(Matrix m, double[] grad, int offset) {
        for (int j = 0; j < m.cols(); j++) {
            double s = 0;
            for (double v : m.column(j)) {
                s += v;
            }
            grad[offset + j] += s;
        }
    }

    /**
     * The batch-norm layer of docs/theory.md §8 on pre-activations H: per column
     * ĥ = Ph/‖Ph‖, B = γĥ + α·1/√n, output φ(B); kept for the backward pass.
     */
    private static final class BatchNormPass {
        private final int n;
        private final int m;
        private final double[] normalized;
        private final double[] radius;
        private final double[] preActivation;
        private final double[] gamma;
        private final double[] alpha;
        private final Activation after;
        final Matrix output;

        BatchNormPass(Matrix h, double[] gamma, double[] alpha, Activation after) {
            n = h.rows();
            m = h.cols();
            this.gamma = gamma;
            this.alpha = alpha;
            this.after = after;
            normalized = new double[n * m];
            radius = new double[m];
            preActivation = new double[n * m];
            double[] out = new double[n * m];
            double invSqrtN = 1.0 / Math.sqrt(n);
            double[] hc = h.toColumnMajor();
            for (int j = 0; j < m; j++) {
                int off = j * n;
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += hc[off + i];
                }
                mean /= n;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    norm += (hc[off + i] - mean) * (hc[off + i] - mean);
                }
                norm = Math.sqrt(norm);
                radius[j] = norm;
                for (int i = 0; i < n; i++) {
                    double centred = norm > 0 ? (hc[off + i] - mean) / norm : 0.0;
                    normalized[off + i] = centred;
                    double b = gamma[j] * centred + alpha[j] * invSqrtN;
                    preActivation[off + i] = b;
                    out[off + i] = after.apply(b);
                }
            }
            output = Matrix.ofColumnMajor(n, m, out);
        }

        /** Writes ∂F/∂γ, ∂F/∂α (with the penalty) and returns ∂F/∂H. */
        Matrix backward(Matrix upstream, double[] grad, int gammaOffset, int alphaOffset, double beta) {
            double[] d = upstream.toColumnMajor();
            double[] dh = new double[n * m];
            double invSqrtN = 1.0 / Math.sqrt(n);
            for (int j = 0; j < m; j++) {
                int off = j * n;
                double gGamma = 0;
                double gAlpha = 0;
                double proj = 0;
                for (int i = 0; i < n; i++) {
                    double db = after == Activation.RELU && !(preActivation[off + i] > 0) ? 0.0 : d[off + i];
                    d[off + i] = db;
                    gGamma += db * normalized[off + i];
                    gAlpha += db * invSqrtN;
                    proj += gamma[j] * db * normalized[off + i];
                }
                grad[gammaOffset + j] = gGamma + beta * gamma[j];
                grad[alphaOffset + j] = gAlpha + beta * alpha[j];
                if (radius[j] == 0.0) {
                    continue;
                }
                double meanDc = 0;
                for (int i = 0; i < n; i++) {
                    double dc = (gamma[j] * d[off + i] - normalized[off + i] * proj) / radius[j];
                    dh[off + i] = dc;
                    meanDc += dc;
                }
                meanDc /= n;
                for (int i = 0; i < n; i++) {
                    dh[off + i] -= meanDc;
                }
            }
            return Matrix.ofColumnMajor(n, m, dh);
        }
    }
}

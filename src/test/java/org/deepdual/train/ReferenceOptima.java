package org.deepdual.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.model.Activation;
import org.deepdual.model.BatchNorm;
import org.deepdual.model.Network;

/**
 * Global optima of small instances, computed here from the mathematics of docs/theory.md §4–§8
 * without the solver packages: each gives the optimal value and a network attaining it.
 */
final class ReferenceOptima {
    private ReferenceOptima() {
    }

    record Optimum(double value, Network network) {
    }

    /** Minimises a function of one variable on [lo, hi]: a grid of {@code points}, then golden section. */
    static double argmin(DoubleUnaryOperator f, double lo, double hi, int points) {
        double best = lo;
        double bestVal = f.applyAsDouble(lo);
        double h = (hi - lo) / points;
        for (int i = 1; i <= points; i++) {
            double v = f.applyAsDouble(lo + i * h);
            if (v < bestVal) {
                bestVal = v;
                best = lo + i * h;
            }
        }
        double a = Math.max(lo, best - h);
        double b = Math.min(hi, best + h);
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a)); it++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (f.applyAsDouble(c) < f.applyAsDouble(d)) {
                b = d;
            } else {
                a = c;
            }
        }
        double m = 0.5 * (a + b);
        return f.applyAsDouble(m) <= bestVal ? m : best;
    }

    /**
     * Scalar-output deep linear WD (docs/theory.md §4): every non-zero stationary point lies on the
     * ridge path w(μ) = V a(μ), a_i = s_i c_i/(s_i² + μ); minimise J over log μ and compare with w = 0.
     * Balanced rank-one weights of width {@code width}.
     */
    static Optimum scalarLinearWd(Matrix x, double[] y, int depth, double beta, int width) {
        Svd svd = Decompositions.thinSvd(x);
        double[] s = svd.s();
        double[] c = svd.u().transposeTimes(y);
        double yy = dot(y, y);
        double cc = dot(c, c);
        DoubleUnaryOperator j = logMu -> {
            double mu = Math.exp(logMu);
            double fit = 0;
            double ww = 0;
            for (int i = 0; i < s.length; i++) {
                double a = s[i] * c[i] / (s[i] * s[i] + mu);
                fit += (s[i] * a - c[i]) * (s[i] * a - c[i]);
                ww += a * a;
            }
            return 0.5 * fit + 0.5 * (yy - cc) + depth * beta / 2 * Math.pow(ww, 1.0 / depth);
        };
        double s1 = Math.log(s[0] * s[0]);
        double logMu = argmin(j, s1 - 30, s1 + 30, 2000);
        double value = j.applyAsDouble(logMu);
        if (0.5 * yy <= value) {
            return new Optimum(0.5 * yy, rankOneChain(new double[x.cols()], depth, width, Double.NaN));
        }
        double mu = Math.exp(logMu);
        double[] a = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            a[i] = s[i] * c[i] / (s[i] * s[i] + mu);
        }
        return new Optimum(value, rankOneChain(svd.v().times(a), depth, width, Double.NaN));
    }

    /**
     * Scalar-output deep linear TC (docs/theory.md §4): min ½‖Xw − y‖² + γ‖w‖ with γ = βt^{−(L−2)}; w = 0
     * when ‖Xᵀy‖ ≤ γ, otherwise w(μ) with μ‖a(μ)‖ = γ (bisection). Weights W_1 = t·uρᵀ, middle layers t,
     * last two √g with g = ‖w‖/t^{L−2}.
     */
    static Optimum scalarLinearTc(Matrix x, double[] y, int depth, double beta, double t, int width) {
        Svd svd = Decompositions.thinSvd(x);
        double[] s = svd.s();
        double[] c = svd.u().transposeTimes(y);
        double gamma = beta * Math.pow(t, -(depth - 2));
        DoubleUnaryOperator secular = mu -> {
            double sum = 0;
            for (int i = 0; i < s.length; i++) {
                double a = s[i] * c[i] / (s[i] * s[i] + mu);
                sum += a * a;
            }
            return mu * Math.sqrt(sum) - gamma;
        };
        double lo = 0;
        double hi = 1;
        while (secular.applyAsDouble(hi) < 0) {
            hi *= 2;
        }
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (secular.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double mu = 0.5 * (lo + hi);
        double[] a = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            a[i] = s[i] * c[i] / (s[i] * s[i] + mu);
        }
        double[] w = svd.v().times(a);
        double[] residual = x.times(w);
        for (int i = 0; i < y.length; i++) {
            residual[i] -= y[i];
        }
        double value = 0.5 * dot(residual, residual) + gamma * Math.sqrt(dot(w, w));
        return new Optimum(value, rankOneChain(w, depth, width, t));
    }

    /** W_l rank one along u = w/‖w‖ then e_1; WD: every gain ‖w‖^{1/L}; TC (t finite): t, …, t, √g, √g. */
    private static Network rankOneChain(double[] w, int depth, int width, double t) {
        double norm = Math.sqrt(dot(w, w));
        double[] gains = new double[depth];
        for (int l = 0; l < depth; l++) {
            if (Double.isNaN(t)) {
                gains[l] = Math.pow(norm, 1.0 / depth);
            } else {
                gains[l] = l < depth - 2 ? t : Math.sqrt(norm / Math.pow(t, depth - 2));
            }
        }
        List<Matrix> layers = new ArrayList<>();
        double[][] first = new double[w.length][width];
        for (int i = 0; i < w.length; i++) {
            first[i][0] = norm > 0 ? gains[0] * w[i] / norm : 0;
        }
        layers.add(Matrix.ofRows(first));
        for (int l = 1; l < depth - 1; l++) {
            double[][] mid = new double[width][width];
            mid[0][0] = gains[l];
            layers.add(Matrix.ofRows(mid));
        }
        double[][] last = new double[width][1];
        last[0][0] = gains[depth - 1];
        layers.add(Matrix.ofRows(last));
        return Network.chain(Activation.IDENTITY, layers);
    }

    /** ½(m − s)² + (Lβ/2)m^{2/L} minimised over m ≥ 0 (docs/theory.md §1), as {value, argmin}. */
    static double[] proxPow(double s, int depth, double beta) {
        DoubleUnaryOperator phi = m -> 0.5 * (m - s) * (m - s) + depth * beta / 2 * Math.pow(m, 2.0 / depth);
        double m = argmin(phi, 0, s, 4000);
        if (phi.applyAsDouble(0) <= phi.applyAsDouble(m)) {
            m = 0;
        }
        return new double[] {phi.applyAsDouble(m), m};
    }

    /**
     * Deep ReLU on X = I_n (whitened, docs/theory.md §6) with targets that are a sum of non-negative
     * orthogonal paths: scalar y splits into y₊ and y₋, one-hot Y into its columns. Value Σ h_pow(a_p),
     * weights block-diagonal with gain p^{1/L} per path.
     */
    static Optimum reluWhitened(Matrix y, int depth, double beta, int width) {
        int n = y.rows();
        List<double[]> paths = new ArrayList<>();
        List<double[]> outputs = new ArrayList<>();
        for (int k = 0; k < y.cols(); k++) {
            for (double sign : new double[] {1, -1}) {
                double[] part = new double[n];
                for (int i = 0; i < n; i++) {
                    part[i] = Math.max(0, sign * y.get(i, k));
                }
                if (dot(part, part) > 0) {
                    paths.add(part);
                    double[] out = new double[y.cols()];
                    out[k] = sign;
                    outputs.add(out);
                }
            }
        }
        double value = 0;
        double[][] w1 = new double[n][width];
        double[][] wl = new double[width][width];
        double[][] wLast = new double[width][y.cols()];
        for (int p = 0; p < paths.size(); p++) {
            double a = Math.sqrt(dot(paths.get(p), paths.get(p)));
            double[] prox = proxPow(a, depth, beta);
            value += prox[0];
            double g = Math.pow(prox[1], 1.0 / depth);
            for (int i = 0; i < n; i++) {
                w1[i][p] = g * paths.get(p)[i] / a;
            }
            wl[p][p] = g;
            for (int k = 0; k < y.cols(); k++) {
                wLast[p][k] = g * outputs.get(p)[k];
            }
        }
        List<Matrix> layers = new ArrayList<>();
        layers.add(Matrix.ofRows(w1));
        for (int l = 1; l < depth - 1; l++) {
            layers.add(Matrix.ofRows(wl));
        }
        layers.add(Matrix.ofRows(wLast));
        return new Optimum(value, Network.chain(Activation.RELU, layers));
    }

    /**
     * Two-layer linear network on X = I (docs/theory.md §5, L = 2): W* = SVT_β(Y), value
     * Σ huber_β(σ_i(Y)), balanced factors W_1 = U√m, W_2 = √m Vᵀ padded to {@code width}.
     */
    static Optimum twoLayerLinearIdentity(Matrix y, double beta, int width) {
        Svd svd = Decompositions.thinSvd(y);
        double value = 0;
        double[] root = new double[svd.s().length];
        for (int i = 0; i < root.length; i++) {
            value += huber(svd.s()[i], beta);
            root[i] = Math.sqrt(Math.max(0, svd.s()[i] - beta));
        }
        Matrix w1 = Decompositions.scaleColumns(svd.u(), root).padTo(y.rows(), width);
        Matrix w2 = Decompositions.scaleColumns(svd.v(), root).transpose().padTo(width, y.cols());
        return new Optimum(value, Network.chain(Activation.IDENTITY, List.of(w1, w2)));
    }

    /**
     * Batch norm before the last layer, X = I_n, L = 3, balanced one-hot Y (docs/theory.md §8): value
     * Σ huber_β(σ_i(Y)); atom k is z_k = 1_{class k}/√n_k with weight s_k = √n_k − β, pre-BN column
     * z_k + 2, γ_k = √s_k‖Pz_k‖, α_k = √s_k(1ᵀz_k)/√n, row k of W_3 = √s_k e_kᵀ.
     */
    static Optimum batchNormOneHot(int[] labels, int classes, double beta, Activation after) {
        int n = labels.length;
        double[] counts = new double[classes];
        for (int c : labels) {
            counts[c]++;
        }
        double value = 0;
        double[][] w1 = new double[n][classes];
        double[] gamma = new double[classes];
        double[] alpha = new double[classes];
        double[][] w3 = new double[classes][classes];
        for (int k = 0; k < classes; k++) {
            double root = Math.sqrt(counts[k]);
            value += huber(root, beta);
            double sk = Math.max(0, root - beta);
            for (int i = 0; i < n; i++) {
                w1[i][k] = (labels[i] == k ? 1 / root : 0) + 2;
            }
            // ‖Pz‖² = ‖z‖² − (1ᵀz)²/n = 1 − n_k/n
            gamma[k] = Math.sqrt(sk) * Math.sqrt(1 - counts[k] / n);
            alpha[k] = Math.sqrt(sk) * root / Math.sqrt(n);
            w3[k][k] = Math.sqrt(sk);
        }
        Network net = new Network(Activation.RELU, List.of(Matrix.ofRows(w1), Matrix.identity(classes),
                Matrix.ofRows(w3)), Optional.of(new BatchNorm(gamma, alpha, after)), List.of(), new double[0]);
        return new Optimum(value, net);
    }

    /**
     * Two-layer ReLU with free biases on 1-D data (docs/theory.md §7.2): the Lasso over ramps
     * (x − x_j)₊, j = 1..n−1, and (x_j − x)₊, j = 2..n, with a free intercept, solved by coordinate
     * descent; each non-zero coefficient c becomes one neuron with |w_1| = |w_2| = √|c|.
     */
    static Optimum reluOneD(double[] xs, double[] y, double beta, int width) {
        int n = xs.length;
        List<double[]> columns = new ArrayList<>();
        List<double[]> neuron = new ArrayList<>();
        for (int j = 0; j < n - 1; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = Math.max(0, xs[i] - xs[j]);
            }
            columns.add(col);
            neuron.add(new double[] {1, -xs[j]});
        }
        for (int j = 1; j < n; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = Math.max(0, xs[j] - xs[i]);
            }
            columns.add(col);
            neuron.add(new double[] {-1, xs[j]});
        }
        int p = columns.size();
        double[] coef = new double[p];
        double[] fit = new double[n];
        double c0 = 0;
        for (int sweep = 0; sweep < 200000; sweep++) {
            double change = 0;
            for (int j = 0; j < p; j++) {
                double[] col = columns.get(j);
                double rho = 0;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    rho += col[i] * (y[i] - c0 - fit[i] + col[i] * coef[j]);
                    norm += col[i] * col[i];
                }
                double updated = Math.signum(rho) * Math.max(0, Math.abs(rho) - beta) / norm;
                double delta = updated - coef[j];
                if (delta != 0) {
                    for (int i = 0; i < n; i++) {
                        fit[i] += delta * col[i];
                    }
                    coef[j] = updated;
                    change = Math.max(change, Math.abs(delta));
                }
            }
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += y[i] - fit[i];
            }
            change = Math.max(change, Math.abs(mean / n - c0));
            c0 = mean / n;
            if (change < 1e-15) {
                break;
            }
        }
        double value = 0;
        for (int i = 0; i < n; i++) {
            value += 0.5 * (fit[i] + c0 - y[i]) * (fit[i] + c0 - y[i]);
        }
        double[][] w1 = new double[1][width];
        double[] b = new double[width];
        double[][] w2 = new double[width][1];
        int used = 0;
        for (int j = 0; j < p; j++) {
            if (coef[j] == 0) {
                continue;
            }
            value += beta * Math.abs(coef[j]);
            double root = Math.sqrt(Math.abs(coef[j]));
            w1[0][used] = root * neuron.get(j)[0];
            b[used] = root * neuron.get(j)[1];
            w2[used][0] = Math.signum(coef[j]) * root;
            used++;
        }
        if (used > width) {
            throw new IllegalStateException("the Lasso uses " + used + " ramps; width " + width + " is too small");
        }
        Network net = new Network(Activation.RELU, List.of(Matrix.ofRows(w1), Matrix.ofRows(w2)), Optional.empty(),
                List.of(b), new double[] {c0});
        return new Optimum(value, net);
    }

    static double huber(double s, double gamma) {
        return s <= gamma ? s * s / 2 : gamma * s - gamma * gamma / 2;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

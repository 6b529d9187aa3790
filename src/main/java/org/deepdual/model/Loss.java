package org.deepdual.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.deepdual.linalg.Matrix;

/**
 * The data term ℓ(F, Y) of every objective (docs/theory.md §14), a sum over samples, with what the convex
 * duals need of it. The dual function of ℓ is {@code g(Λ) = inf_F ℓ(F, Y) + ⟨Λ, F⟩ = −ℓ*(−Λ)}; at an optimum
 * Λ = −∇ℓ(F), which for the squared loss is the residual Y − F. Every setting's dual is
 * {@code max g(Λ)} subject to the setting's constraint on Λ, so {@link #dualValue} is the only place a dual
 * value is computed from a loss.
 *
 * <ul>
 *   <li>{@code squared}: ½‖F − Y‖², any targets; g(Λ) = −½‖Λ − Y‖² + ½‖Y‖².</li>
 *   <li>{@code logistic}: Σ log(1 + e^{−y_i f_i}), labels ±1 in one column; with p_i = λ_i y_i,
 *       g(Λ) = Σ H(p_i) (binary entropy in nats) on 0 ≤ p ≤ 1, −∞ elsewhere.</li>
 *   <li>{@code hinge}: Σ (1 − y_i f_i)₊, labels ±1 in one column; g(Λ) = Σ p_i on 0 ≤ p ≤ 1 (the box-constrained
 *       linear form), −∞ elsewhere.</li>
 *   <li>{@code cross-entropy}: Σ_i logsumexp(F_i) − F_{i,k_i} with softmax over the K ≥ 2 one-hot columns;
 *       with q_i = e_{k_i} − Λ_i, g(Λ) = Σ H(q_i) (Shannon entropy) when every q_i is in the simplex.</li>
 * </ul>
 * Logistic and cross-entropy are never attained at β = 0 on separable data (the loss only tends to 0), so
 * {@link #requiresPositiveBeta} says such cells are refused.
 */
public enum Loss {
    SQUARED("squared") {
        /** The residual's Frobenius norm, as every closed form of the squared loss computes it. */
        @Override
        public double value(Matrix f, Matrix y) {
            return 0.5 * f.minus(y).frobeniusNormSquared();
        }

        @Override
        double sample(double[] f, double[] y) {
            double s = 0;
            for (int k = 0; k < f.length; k++) {
                s += 0.5 * (f[k] - y[k]) * (f[k] - y[k]);
            }
            return s;
        }

        @Override
        void sampleGradient(double[] f, double[] y, double[] out) {
            for (int k = 0; k < f.length; k++) {
                out[k] = f[k] - y[k];
            }
        }

        @Override
        double sampleConjugate(double[] u, double[] y) {
            double s = 0;
            for (int k = 0; k < u.length; k++) {
                s += 0.5 * u[k] * u[k] + u[k] * y[k];
            }
            return s;
        }

        @Override
        void sampleIntoDomain(double[] lambda, double[] y) {
        }

        @Override
        void validateRow(double[] y, int row) {
        }
    },
    LOGISTIC("logistic") {
        @Override
        double sample(double[] f, double[] y) {
            return softplus(-y[0] * f[0]);
        }

        @Override
        void sampleGradient(double[] f, double[] y, double[] out) {
            out[0] = -y[0] * sigmoid(-y[0] * f[0]);
        }

        @Override
        double sampleConjugate(double[] u, double[] y) {
            double p = -u[0] * y[0];
            if (!(p >= 0 && p <= 1)) {
                return Double.POSITIVE_INFINITY;
            }
            return -binaryEntropy(p);
        }
    },
    HINGE("hinge") {
        @Override
        double sample(double[] f, double[] y) {
            return Math.max(0.0, 1 - y[0] * f[0]);
        }

        /** The subgradient −y·1[y f < 1]: at the kink it takes 0, a valid element of [−1, 0]·y. */
        @Override
        void sampleGradient(double[] f, double[] y, double[] out) {
            out[0] = y[0] * f[0] < 1 ? -y[0] : 0.0;
        }

        @Override
        double sampleConjugate(double[] u, double[] y) {
            double p = -u[0] * y[0];
            if (!(p >= 0 && p <= 1)) {
                return Double.POSITIVE_INFINITY;
            }
            return -p;
        }
    },
    CROSS_ENTROPY("cross-entropy") {
        @Override
        double sample(double[] f, double[] y) {
            return logSumExp(f) - f[classOf(y)];
        }

        @Override
        void sampleGradient(double[] f, double[] y, double[] out) {
            double lse = logSumExp(f);
            int c = classOf(y);
            for (int k = 0; k < f.length; k++) {
                out[k] = Math.exp(f[k] - lse) - (k == c ? 1 : 0);
            }
        }

        @Override
        double sampleConjugate(double[] u, double[] y) {
            int c = classOf(y);
            double sum = 0;
            double negEntropy = 0;
            for (int k = 0; k < u.length; k++) {
                double q = u[k] + (k == c ? 1 : 0);
                if (!(q >= 0)) {
                    return Double.POSITIVE_INFINITY;
                }
                sum += q;
                negEntropy += q > 0 ? q * Math.log(q) : 0;
            }
            return Math.abs(sum - 1) <= SIMPLEX_SLACK * u.length ? negEntropy : Double.POSITIVE_INFINITY;
        }

        /** Projects q = e_k − λ onto the probability simplex (Euclidean projection, sort-based). */
        @Override
        void sampleIntoDomain(double[] lambda, double[] y) {
            int c = classOf(y);
            double[] q = new double[lambda.length];
            for (int k = 0; k < q.length; k++) {
                q[k] = (k == c ? 1 : 0) - lambda[k];
            }
            double[] p = simplexProjection(q);
            for (int k = 0; k < q.length; k++) {
                lambda[k] = (k == c ? 1 : 0) - p[k];
            }
        }

        @Override
        void validateRow(double[] y, int row) {
            int ones = 0;
            for (double v : y) {
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    throw new IllegalArgumentException("loss cross-entropy needs one-hot targets: row " + row
                            + " has the value " + v);
                }
            }
            if (ones != 1) {
                throw new IllegalArgumentException("loss cross-entropy needs one-hot targets: row " + row + " has "
                        + ones + " ones");
            }
        }

        @Override
        void validateShape(Matrix y) {
            if (y.cols() < 2) {
                throw new IllegalArgumentException("loss cross-entropy needs K >= 2 one-hot target columns (use"
                        + " logistic for labels ±1), got " + y.cols() + " column");
            }
        }
    };

    /** The rounding slack with which Σ q = 1 is accepted for a point of the simplex. */
    static final double SIMPLEX_SLACK = 1e-12;

    private final String cliName;

    Loss(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    public static Loss fromCliName(String name) {
        for (Loss l : values()) {
            if (l.cliName.equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Loss::cliName).collect(Collectors.joining(", ")));
    }

    /** Whether the optimum is attained only for β > 0 (logistic and cross-entropy: refused at β = 0). */
    public boolean requiresPositiveBeta() {
        return this == LOGISTIC || this == CROSS_ENTROPY;
    }

    /** Whether the loss classifies (its targets are labels ±1 or one-hot rows). */
    public boolean classification() {
        return this != SQUARED;
    }

    /** ℓ(F, Y), the sum over samples. */
    public double value(Matrix f, Matrix y) {
        checkShapes(f, y, "F");
        double s = 0;
        for (int i = 0; i < f.rows(); i++) {
            s += sample(f.row(i), y.row(i));
        }
        return s;
    }

    /** ℓ of one scalar output f with target y (one-column losses; cross-entropy needs rows). */
    public double value(double f, double y) {
        return sample(new double[] {f}, new double[] {y});
    }

    /** dℓ/df of one scalar output (for hinge the subgradient of {@link #HINGE}). */
    public double derivative(double f, double y) {
        double[] g = new double[1];
        sampleGradient(new double[] {f}, new double[] {y}, g);
        return g[0];
    }

    /** ∇_F ℓ(F, Y) (for hinge the subgradient documented at {@link #HINGE}). */
    public Matrix gradient(Matrix f, Matrix y) {
        checkShapes(f, y, "F");
        int n = f.rows();
        int k = f.cols();
        double[] out = new double[n * k];
        double[] g = new double[k];
        for (int i = 0; i < n; i++) {
            sampleGradient(f.row(i), y.row(i), g);
            for (int c = 0; c < k; c++) {
                out[i + c * n] = g[c];
            }
        }
        return Matrix.ofColumnMajor(n, k, out);
    }

    /** The Fenchel conjugate ℓ*(U) = sup_F ⟨U, F⟩ − ℓ(F, Y); +∞ outside {@link #conjugateDomainContains}. */
    public double conjugate(Matrix u, Matrix y) {
        checkShapes(u, y, "U");
        double s = 0;
        for (int i = 0; i < u.rows(); i++) {
            s += sampleConjugate(u.row(i), y.row(i));
        }
        return s;
    }

    /** Whether ℓ*(U) is finite. */
    public boolean conjugateDomainContains(Matrix u, Matrix y) {
        return conjugate(u, y) < Double.POSITIVE_INFINITY;
    }

    /** The dual function g(Λ) = −ℓ*(−Λ); −∞ when −Λ is outside the conjugate's domain. */
    public double dualValue(Matrix lambda, Matrix y) {
        return -conjugate(lambda.scale(-1), y);
    }

    /**
     * The nearest point of the dual function's domain, row by row (clip p = λy to [0, 1]; project e_k − λ
     * onto the simplex; squared: unchanged). Scaling the result by any s ∈ [0, 1] stays in the domain, which is
     * what makes a dual point feasible for an ℓ∞ (or pricing) constraint without leaving it.
     */
    public Matrix intoDualDomain(Matrix lambda, Matrix y) {
        checkShapes(lambda, y, "Λ");
        int n = lambda.rows();
        int k = lambda.cols();
        double[] out = new double[n * k];
        for (int i = 0; i < n; i++) {
            double[] row = lambda.row(i);
            sampleIntoDomain(row, y.row(i));
            for (int c = 0; c < k; c++) {
                out[i + c * n] = row[c];
            }
        }
        return Matrix.ofColumnMajor(n, k, out);
    }

    /** Refuses targets this loss cannot take, naming the row and value. */
    public void validateTargets(Matrix y) {
        validateShape(y);
        for (int i = 0; i < y.rows(); i++) {
            validateRow(y.row(i), i);
        }
    }

    abstract double sample(double[] f, double[] y);

    abstract void sampleGradient(double[] f, double[] y, double[] out);

    abstract double sampleConjugate(double[] u, double[] y);

    /** Labels ±1 (logistic, hinge): p = λy clipped to [0, 1]. */
    void sampleIntoDomain(double[] lambda, double[] y) {
        lambda[0] = y[0] * clamp01(lambda[0] * y[0]);
    }

    /** Labels ±1 (logistic, hinge). */
    void validateRow(double[] y, int row) {
        requireSign(this, y, row);
    }

    void validateShape(Matrix y) {
        if (this != SQUARED && y.cols() != 1) {
            throw new IllegalArgumentException("loss " + cliName + " needs one target column of labels ±1, got "
                    + y.cols() + " columns");
        }
    }

    private static void checkShapes(Matrix a, Matrix y, String name) {
        if (a.rows() != y.rows() || a.cols() != y.cols()) {
            throw new IllegalArgumentException(name + " is " + a.shape() + " but Y is " + y.shape());
        }
    }

    private static void requireSign(Loss loss, double[] y, int row) {
        if (y[0] != 1.0 && y[0] != -1.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "loss %s needs labels +1 or -1: row %d has %s", loss.cliName, row, y[0]));
        }
    }

    /** log(1 + e^t) without overflow. */
    public static double softplus(double t) {
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }

    /** 1/(1 + e^{−t}) without overflow. */
    public static double sigmoid(double t) {
        if (t >= 0) {
            return 1 / (1 + Math.exp(-t));
        }
        double e = Math.exp(t);
        return e / (1 + e);
    }

    /** H(p) = −p log p − (1−p) log(1−p), in nats, 0 at the ends. */
    public static double binaryEntropy(double p) {
        double a = p > 0 ? -p * Math.log(p) : 0;
        double b = p < 1 ? -(1 - p) * Math.log1p(-p) : 0;
        return a + b;
    }

    private static double clamp01(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }

    private static double logSumExp(double[] f) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : f) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (double v : f) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }

    private static int classOf(double[] y) {
        for (int k = 0; k < y.length; k++) {
            if (y[k] == 1.0) {
                return k;
            }
        }
        throw new IllegalArgumentException("a cross-entropy target row has no 1: " + Arrays.toString(y));
    }

    private static double[] simplexProjection(double[] q) {
        double[] sorted = q.clone();
        Arrays.sort(sorted);
        double cumulative = 0;
        double theta = 0;
        for (int j = sorted.length - 1; j >= 0; j--) {
            cumulative += sorted[j];
            double t = (cumulative - 1) / (sorted.length - j);
            if (j == 0 || sorted[j - 1] <= t) {
                theta = t;
                break;
            }
        }
        double[] p = new double[q.length];
        for (int k = 0; k < q.length; k++) {
            p[k] = Math.max(0.0, q[k] - theta);
        }
        return p;
    }
}

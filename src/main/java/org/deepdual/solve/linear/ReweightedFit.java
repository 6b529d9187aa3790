package org.deepdual.solve.linear;

/**
 * Reweighted least squares for {@code ½‖diag(s)A − Z‖² + β·penalty(σ(A))} in the coordinates of
 * {@link RotatedLoss} (docs/theory.md §5, "General X"): the Schatten part is replaced by the quadratic
 * {@code (c/2)·tr(A Ω Aᵀ)} with {@code Ω = (A₀ᵀA₀ + ε²I)^{1/L−1}} taken at the current iterate A₀
 * (c = β for WD, γ(Σσ^{2/L})^{L/2−1} for TC; L = 2 with TC is the nuclear norm), and that quadratic is
 * minimised exactly: in the eigenbasis Q of Ω the rows decouple,
 * {@code (AQ)_ij = s_i (ZQ)_ij / (s_i² + c·ω_j)}, O(rK²) per step.
 *
 * <p>Why: proximal gradient takes steps 1/s_1², so it needs about (s_1/s_r)² iterations to move the
 * directions of small singular values of X (2·10⁸ on centred Fashion-MNIST, where 100,000 iterations
 * left the nuclear-norm bound unconverged). The exact row solves see every s_i at its own scale, so the
 * conditioning of X no longer sets the iteration count; only the K × K weight has to settle.
 *
 * <p>For WD (and the nuclear norm) the quadratic majorises the concave spectral function Σφ(λ(AᵀA)),
 * φ(x) = x^{1/L}, so the objective never increases; for TC at L ≥ 3 it does not majorise, and a step
 * that raises the objective ends the run. Either way the result is only a start: the callers verify it
 * (the dual value at its residual, a final proximal-gradient check), so no certificate rests on it.
 */
final class ReweightedFit {
    /** Steps per run; the weights of a well-posed cell settle in far fewer. */
    static final int MAX_ITERATIONS = 3_000;
    /**
     * Stop when a step moves A by at most this fraction of ‖A‖_F. A test on the objective's decrease
     * stops far too early: the value is flat to second order near the optimum, the dual gap is not.
     */
    static final double STEP_RTOL = 1e-13;
    /**
     * A step may raise the objective by this much (relative) and go on: near the optimum the value is
     * flat to rounding while A still moves in the directions of small s_i, which decide the dual gap
     * (stopping at the first rounding-level increase left FISTA to resolve them at 1/s_1² per step).
     */
    static final double ROUNDING_RTOL = 1e-13;
    /** ε = this fraction of σ_1(A₀) keeps Ω finite where a singular value of A₀ is zero. */
    static final double SMOOTHING_RTOL = 1e-13;

    private final RotatedLoss loss;
    private final SchattenPenalty penalty;

    ReweightedFit(RotatedLoss loss, SchattenPenalty penalty) {
        this.loss = loss;
        this.penalty = penalty;
    }

    /** A run's end point and the steps it took. */
    record Result(double[] a, double value, int iterations) {
    }

    /** The objective of A at β. */
    double value(double[] a, double beta) {
        return loss.loss(a) + beta * penalty.perBeta(SmallSvd.of(a, loss.r, loss.k).s);
    }

    /**
     * Reweighted steps from {@code start} at β until the objective stops decreasing; the start itself
     * (no steps) when r &lt; K (Ω would need the complement of A's row space) or A = 0.
     */
    Result run(double[] start, double beta, int budget) {
        return run(start, beta, budget, Double.NaN, 0);
    }

    /**
     * {@link #run(double[], double, int)} that also stops when stalled: the objective fell by Δ over the
     * last {@link SchattenProxGradient#STALL_WINDOW} steps and as many further steps as it has taken
     * (at most its remaining ones) would at that rate lower it by at most
     * {@link SchattenProxGradient#STALL_GAP_FRACTION} of its distance to the cell's lower bound
     * {@code lower} ({@link SchattenProxGradient#stalled}; NaN turns the rule off).
     */
    Result run(double[] start, double beta, int budget, double lower, double certifyGap) {
        int r = loss.r;
        int k = loss.k;
        SmallSvd svd = SmallSvd.of(start, r, k);
        double[] a = start;
        double f = loss.loss(a) + beta * penalty.perBeta(svd.s);
        if (r < k || svd.s.length == 0 || !(svd.s[0] > 0)) {
            return new Result(a, f, 0);
        }
        int it = 0;
        int cap = Math.min(MAX_ITERATIONS, budget);
        double[] zq = new double[r * k];
        double windowStart = f;
        while (it < cap) {
            it++;
            if (it % SchattenProxGradient.STALL_WINDOW == 0) {
                if (SchattenProxGradient.stalled(windowStart - f, Math.min(it, cap - it), f - lower, certifyGap)) {
                    break;
                }
                windowStart = f;
            }
            double[] q = svd.v;
            double eps2 = Math.pow(SMOOTHING_RTOL * svd.s[0], 2);
            double c = beta * weight(svd.s);
            double[] omega = new double[k];
            for (int j = 0; j < k; j++) {
                omega[j] = c * Math.pow(svd.s[j] * svd.s[j] + eps2, 1.0 / penalty.depth() - 1.0);
            }
            multiply(loss.z, q, zq, r, k);
            double[] b = new double[r * k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < r; i++) {
                    double si = loss.s[i];
                    b[i + j * r] = si * zq[i + j * r] / (si * si + omega[j]);
                }
            }
            double[] next = multiplyTransposed(b, q, r, k);
            SmallSvd nextSvd = SmallSvd.of(next, r, k);
            double fn = loss.loss(next) + beta * penalty.perBeta(nextSvd.s);
            if (!(fn <= f + ROUNDING_RTOL * Math.max(1, Math.abs(f)))) {
                break;
            }
            boolean settled = distance(next, a) <= STEP_RTOL * nextSvd.frobenius();
            a = next;
            f = fn;
            svd = nextSvd;
            if (settled || !(svd.s[0] > 0)) {
                break;
            }
        }
        return new Result(a, f, it);
    }

    /** c/β: 1 for WD, γ/β·(Σσ^{2/L})^{L/2−1} for TC (the chain rule through the outer power). */
    private double weight(double[] sigma) {
        if (penalty.objective() == org.deepdual.model.Objective.WD || penalty.depth() == 2) {
            return penalty.gammaPerBeta();
        }
        double sum = 0;
        for (double v : sigma) {
            sum += v > 0 ? Math.pow(v, 2.0 / penalty.depth()) : 0.0;
        }
        return penalty.gammaPerBeta() * Math.pow(sum, 0.5 * penalty.depth() - 1);
    }

    private static double distance(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** out = M·Q for M (r × k) and Q (k × k), column-major. */
    private static void multiply(double[] m, double[] q, double[] out, int r, int k) {
        java.util.Arrays.fill(out, 0.0);
        for (int j = 0; j < k; j++) {
            for (int l = 0; l < k; l++) {
                double w = q[l + j * k];
                if (w == 0) {
                    continue;
                }
                int from = l * r;
                int to = j * r;
                for (int i = 0; i < r; i++) {
                    out[to + i] += m[from + i] * w;
                }
            }
        }
    }

    /** B·Qᵀ for B (r × k) and Q (k × k), column-major. */
    private static double[] multiplyTransposed(double[] b, double[] q, int r, int k) {
        double[] out = new double[r * k];
        for (int j = 0; j < k; j++) {
            for (int l = 0; l < k; l++) {
                double w = q[j + l * k];
                if (w == 0) {
                    continue;
                }
                int from = l * r;
                int to = j * r;
                for (int i = 0; i < r; i++) {
                    out[to + i] += b[from + i] * w;
                }
            }
        }
        return out;
    }
}

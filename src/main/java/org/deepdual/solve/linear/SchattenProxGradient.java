package org.deepdual.solve.linear;

import org.deepdual.solve.core.AlignedFactorization;
import org.deepdual.solve.core.PowerProx;
import org.deepdual.solve.core.ReducedTcProblem;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;

/**
 * The upper bound for a deep linear network with vector output on arbitrary X (docs/theory.md §5):
 * proximal gradient on the end-to-end map for the WD primal
 * {@code ½‖XW−Y‖² + (Lβ/2)Σσ_i(W)^{2/L}} or the TC primal {@code ½‖XW−Y‖² + γ‖W‖_{S_{2/L}}}, with step
 * 1/‖X‖₂² and the nonconvex singular value prox (prox_pow per singular value for WD, the reduced TC
 * problem for TC). It reaches a stationary point, not necessarily the global minimum.
 *
 * <p>Works in the coordinates W = V A of {@link NuclearNormBound}. The value is computed from the
 * amplitudes the last prox returned, never from an SVD of the result, whose rounding-level singular
 * values would add (1e−16)^{2/L} each.
 */
final class SchattenProxGradient {
    static final double STEP_RTOL = 1e-11;
    static final int MAX_ITERATIONS = 200_000;

    private final double[] s;
    private final Matrix z;
    private final double unreachable;
    private final double lipschitz;
    private final int maxIterations;

    SchattenProxGradient(double[] s, Matrix z, double unreachable) {
        this(s, z, unreachable, MAX_ITERATIONS);
    }

    /** @param maxIterations the iteration cap (below MAX_ITERATIONS only to test non-convergence) */
    SchattenProxGradient(double[] s, Matrix z, double unreachable, int maxIterations) {
        this.maxIterations = maxIterations;
        this.s = s.clone();
        this.z = z;
        this.unreachable = unreachable;
        this.lipschitz = s[0] * s[0];
    }

    /**
     * A stationary point.
     *
     * @param left U_A restricted to the nonzero amplitudes (r × k)
     * @param amplitudes the nonzero singular values of A (= of W)
     * @param right V_A restricted likewise (K × k)
     * @param lastStep ‖A_{k+1} − A_k‖_F of the last iteration
     */
    record Stationary(Matrix a, Matrix left, double[] amplitudes, Matrix right, double value, int iterations,
            boolean converged, double lastStep) {
    }

    Stationary wd(double beta, int depth, Matrix start) {
        return run(start, depth, beta, Double.NaN);
    }

    Stationary tc(double gamma, int depth, Matrix start) {
        return run(start, depth, Double.NaN, gamma);
    }

    private Stationary run(Matrix start, int depth, double beta, double gamma) {
        Matrix a = start;
        Stationary last = prox(a, depth, beta, gamma, 0, false, Double.NaN);
        for (int it = 1; it <= maxIterations; it++) {
            Stationary next = prox(last.a(), depth, beta, gamma, it, false, Double.NaN);
            double step = next.a().minus(last.a()).frobeniusNorm();
            boolean done = step <= STEP_RTOL * Math.max(1, last.a().frobeniusNorm());
            last = new Stationary(next.a(), next.left(), next.amplitudes(), next.right(), next.value(), it, done, step);
            if (done) {
                return last;
            }
        }
        return last;
    }

    /** One step A ↦ prox(A − ∇f(A)/‖X‖₂²) and the objective of the result. */
    private Stationary prox(Matrix a, int depth, double beta, double gamma, int it, boolean done, double step) {
        Matrix gradient = NuclearNormBound.scaleRows(s, NuclearNormBound.scaleRows(s, a).minus(z));
        Matrix b = a.minus(gradient.scale(1 / lipschitz));
        Svd svd = Decompositions.thinSvd(b);
        double[] sv = svd.s();
        double[] m = new double[sv.length];
        double penalty;
        if (Double.isNaN(gamma)) {
            penalty = 0;
            for (int i = 0; i < sv.length; i++) {
                m[i] = PowerProx.prox(sv[i], depth, beta / lipschitz);
                penalty += m[i] > 0 ? 0.5 * depth * beta * Math.pow(m[i], 2.0 / depth) : 0.0;
            }
        } else {
            m = new ReducedTcProblem(sv, gamma / lipschitz, depth).solve().amplitudes();
            double sum = 0;
            for (double v : m) {
                sum += v > 0 ? Math.pow(v, 2.0 / depth) : 0.0;
            }
            penalty = gamma * Math.pow(sum, depth / 2.0);
        }
        int[] active = AlignedFactorization.positive(m);
        Matrix left = AlignedFactorization.selectColumns(svd.u(), active);
        Matrix right = AlignedFactorization.selectColumns(svd.v(), active);
        double[] amps = AlignedFactorization.select(m, active);
        Matrix next = Decompositions.scaleColumns(left, amps).times(right.transpose());
        double value = 0.5 * NuclearNormBound.scaleRows(s, next).minus(z).frobeniusNormSquared() + unreachable + penalty;
        return new Stationary(next, left, amps, right, value, it, done, step);
    }
}

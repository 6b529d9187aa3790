package org.deepdual.solve.linear;

import java.util.List;

/**
 * A local search for the primal of a deep linear network with vector output on arbitrary X
 * (docs/theory.md §5): proximal gradient on the end-to-end map for
 * {@code ½‖XW−Y‖² + β·penalty(σ(W))} ({@link SchattenPenalty}) with step 1/‖X‖₂² and the global
 * singular-value prox, accelerated by momentum that is dropped whenever a step would raise the
 * objective (so the objective never increases). It reaches a stationary point, not necessarily the
 * global minimum: the caller runs it from several starts.
 *
 * <p>Works in the coordinates W = V A of {@link RotatedLoss}. The value is computed from the
 * amplitudes the last prox returned, never from an SVD of the result, whose rounding-level singular
 * values would add (1e−16)^{2/L} each.
 */
final class SchattenProxGradient {
    /** Converged when a plain step moves A by at most this fraction of max(1, ‖A‖_F). */
    static final double STEP_RTOL = 1e-10;
    static final int MAX_ITERATIONS = 200_000;
    /** An iterate this close (relative) to a known stationary point at the same β is taken to converge there. */
    static final double SAME_POINT_RTOL = 1e-4;
    /** Iterations between two looks at the objective's progress for the stall rule. */
    static final int STALL_WINDOW = 100;
    /**
     * A search is stalled when, at the last window's rate of decrease, as many further iterations as it has
     * already run (at most its remaining budget) would lower its value by at most this fraction of its
     * distance to the cell's lower bound: an estimate (a tail slowing like 1/k) that the rest of the search
     * cannot move the cell's bounds gap by more than this fraction, so it stops.
     */
    static final double STALL_GAP_FRACTION = 1e-3;

    private final RotatedLoss loss;
    private final SchattenPenalty penalty;
    private final int maxIterations;
    private final ReweightedFit reweighted;

    SchattenProxGradient(RotatedLoss loss, SchattenPenalty penalty, int maxIterations) {
        this.loss = loss;
        this.penalty = penalty;
        this.maxIterations = maxIterations;
        this.reweighted = new ReweightedFit(loss, penalty);
    }

    /** The stationary point reached from {@code start} at β, with at most {@code budget} iterations. */
    LocalMinimum run(double[] start, double beta, int budget) {
        return run(start, beta, budget, List.of());
    }

    /**
     * {@link #run(double[], double, int)}, stopped early when the iterate comes within
     * {@link #SAME_POINT_RTOL} of a point in {@code known} (stationary points at the same β) without
     * having gone below its value: the objective never increases, so the search is then heading for
     * that point, and the known point is returned (the iterations spent are added to its count).
     */
    LocalMinimum run(double[] start, double beta, int budget, List<LocalMinimum> known) {
        return run(start, beta, budget, known, Double.NaN, 0);
    }

    /**
     * {@link #run(double[], double, int, List)} that also stops when it is stalled: its objective fell by
     * {@code Δ} over the last {@link #STALL_WINDOW} iterations and min(iterations run, remaining)/window·Δ
     * is at most {@link #STALL_GAP_FRACTION} of (value − {@code lower}), while that distance exceeds
     * {@code certifyGap} (a cell that could be certified is left to the step tolerance). This estimates,
     * it does not bound, what the rest could gain; it never touches validity: the objective never
     * increases and the point is priced exactly as any other. On ill-conditioned X (centred Fashion-MNIST)
     * the steps of 1/s₁² otherwise crawl for thousands of iterations through directions worth 1e-9 of the
     * value. A stalled point is returned as not converged and marked {@link LocalMinimum#stalled}. A NaN
     * {@code lower} turns the rule off.
     */
    LocalMinimum run(double[] start, double beta, int budget, List<LocalMinimum> known, double lower,
            double certifyGap) {
        // reweighted least squares walks to (near) a stationary point at a cost the conditioning of X
        // does not set; the proximal steps then choose the rank and test convergence as before
        ReweightedFit.Result pre = reweighted.run(start, beta, Math.min(maxIterations, budget) / 2, lower,
                certifyGap);
        int cap = Math.min(maxIterations, budget) - pre.iterations();
        Step x = step(pre.a(), beta);
        int it = 1;
        double[] y = x.a;
        double tk = 1;
        boolean plain = true;
        double lastMove = Double.NaN;
        double windowStart = x.value;
        while (it < cap) {
            it++;
            if (it % STALL_WINDOW == 0) {
                if (stalled(windowStart - x.value, Math.min(it, cap - it), x.value - lower, certifyGap)) {
                    return x.minimum(it + pre.iterations(), false, lastMove).asStalled();
                }
                windowStart = x.value;
            }
            Step z = step(y, beta);
            if (!plain && z.value > x.value) {
                // the momentum overshot: restart from x with a plain step
                y = x.a;
                tk = 1;
                plain = true;
                continue;
            }
            double move = distance(z.a, x.a);
            lastMove = move;
            LocalMinimum reached = near(z, beta, known);
            if (reached != null) {
                return reached.after(it + pre.iterations());
            }
            boolean small = move <= STEP_RTOL * Math.max(1, norm(x.a));
            if (plain && small) {
                return (z.value <= x.value ? z : x).minimum(it + pre.iterations(), true, move);
            }
            if (small) {
                // a small move under momentum proves nothing: confirm with a plain step
                x = z.value <= x.value ? z : x;
                y = x.a;
                tk = 1;
                plain = true;
                continue;
            }
            double tn = 0.5 * (1 + Math.sqrt(1 + 4 * tk * tk));
            double f = (tk - 1) / tn;
            double[] yn = new double[z.a.length];
            for (int i = 0; i < yn.length; i++) {
                yn[i] = z.a[i] + f * (z.a[i] - x.a[i]);
            }
            y = yn;
            tk = tn;
            plain = false;
            x = z;
        }
        return x.minimum(it + pre.iterations(), false, lastMove);
    }

    /**
     * Whether a decrease of {@code drop} per window, repeated over {@code horizon} more iterations, stays
     * within {@link #STALL_GAP_FRACTION} of {@code gap} (never when {@code gap} ≤ {@code certifyGap} or NaN).
     */
    static boolean stalled(double drop, int horizon, double gap, double certifyGap) {
        if (!(gap > certifyGap)) {
            return false;
        }
        return (double) horizon / STALL_WINDOW * Math.max(0, drop) <= STALL_GAP_FRACTION * gap;
    }

    /** The known point z is about to reach, or null. */
    private static LocalMinimum near(Step z, double beta, List<LocalMinimum> known) {
        for (LocalMinimum m : known) {
            double v = m.value(beta);
            if (m.converged() && z.value >= v - 1e-12 * Math.max(1, Math.abs(v))
                    && distance(z.a, m.a()) <= SAME_POINT_RTOL * Math.max(1, norm(m.a()))) {
                return m;
            }
        }
        return null;
    }

    /** One step A ↦ prox(A − ∇f(A)/‖X‖₂²) and the objective of the result. */
    private Step step(double[] a, double beta) {
        SmallSvd svd = SmallSvd.of(loss.gradientStep(a), loss.r, loss.k);
        double[] m = penalty.prox(svd.s, beta / loss.lipschitz);
        double[] next = svd.compose(m, m.length);
        double perBeta = penalty.perBeta(m);
        double l = loss.loss(next);
        return new Step(next, svd, m, l, perBeta, l + beta * perBeta);
    }

    private record Step(double[] a, SmallSvd svd, double[] m, double loss, double perBeta, double value) {
        LocalMinimum minimum(int iterations, boolean converged, double lastStep) {
            int count = 0;
            for (double v : m) {
                count += v > 0 ? 1 : 0;
            }
            double[] left = new double[svd.rows * count];
            double[] right = new double[svd.cols * count];
            double[] amps = new double[count];
            double[] u = svd.u();
            int c = 0;
            for (int i = 0; i < m.length; i++) {
                if (m[i] > 0) {
                    System.arraycopy(u, i * svd.rows, left, c * svd.rows, svd.rows);
                    System.arraycopy(svd.v, i * svd.cols, right, c * svd.cols, svd.cols);
                    amps[c++] = m[i];
                }
            }
            return new LocalMinimum(a, left, amps, right, loss, perBeta, iterations, converged, lastStep, false);
        }
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double norm(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}

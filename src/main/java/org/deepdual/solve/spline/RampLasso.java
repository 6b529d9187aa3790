package org.deepdual.solve.spline;

import org.deepdual.solve.core.UpdatedQr;
import java.util.Arrays;
import java.util.Map;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;

/**
 * The Lasso over ramps with knots at the data and a free intercept (docs/theory.md §7.2):
 * {@code min_{a, c0} ½‖Φa + c0·1 − y‖² + β‖a‖₁} with Φ's columns the right ramps (x − κ_j)₊ for the
 * distinct sorted knots κ_0..κ_{m−2} and the left ramps (κ_j − x)₊ for κ_1..κ_{m−2}. The left ramp
 * at κ_{m−1} is left out: on the data it equals −(x − κ_0)₊ plus a constant, the same column up to
 * sign for the free intercept, at the same ℓ1 cost.
 *
 * <p>The intercept is eliminated by centring y and the columns. {@link #solveActiveSet} is exact: an
 * active-set method on an {@link UpdatedQr} of the support, with the residual and the coefficients
 * carried in double-double ({@link DoubleDouble}) so that near interpolation (β ≤ 3e-4 on 200
 * points: 100–190 ramps, ‖a‖₁ up to 10⁴) the gap is certified to 1e-12 rather than limited by
 * rounding; cyclic coordinate descent {@link #solve} remains as its fallback. The dual is
 * {@code max −½‖λ − y‖² + ½‖y‖²} s.t. λᵀ1 = 0 and |λᵀφ_j| ≤ β; λ = ỹ − Φ̃a scaled by
 * max(1, max_j |λᵀφ_j|/β) is feasible.
 */
final class RampLasso {
    /** The relative gap of an exact (polished) solve. */
    static final double EXACT_GAP = 1e-9;
    /** The relative gap accepted from coordinate descent alone. */
    static final double ITERATIVE_GAP = 1e-6;
    private static final int MAX_EPOCHS = 200_000;
    private static final int POLISH_EVERY = 50;
    private static final double CONVERGED = 1e-15;
    /** Relative violation of |φ̃_jᵀλ| ≤ β above which a zero coordinate enters the support. */
    static final double ENTER = 1e-10;
    /** Relative error of the support equations above which the support is solved again. */
    private static final double SUPPORT_KKT = 1e-11;
    /** A bound on the rounding of a dot product of n terms, relative to the sum of their moduli (≈ 4.5ε). */
    private static final double ROUNDING = 1e-15;
    /** Consecutive solves of one support (iterative refinement) before its equations are accepted. */
    private static final int REFINEMENTS = 3;

    /**
     * Coefficients (right ramps, then left ramps), intercept, primal, the dual-feasible λ and its dual
     * value, whether the solve was polished to exactness, and the coordinate-descent epochs.
     */
    record Result(double[] coefficients, double intercept, double primal, double[] lambda, double dual,
            boolean exact, int epochs) {
        double relativeGap() {
            return (primal - dual) / Math.max(1.0, Math.abs(primal));
        }
    }

    final double[] knots;
    final int rightCount;
    final int leftCount;
    private final int n;
    private final double[] x;
    private final double[] y;
    private final double yMean;
    private final double[] columns;
    private final double[] means;
    private final double[] normsSq;
    /** max_ij |Φ̃_ij|. */
    private final double maxAbsColumn;

    RampLasso(double[] x, double[] y) {
        this.n = x.length;
        this.x = x.clone();
        this.y = y.clone();
        this.knots = Arrays.stream(x).sorted().distinct().toArray();
        int m = knots.length;
        this.rightCount = Math.max(0, m - 1);
        this.leftCount = Math.max(0, m - 2);
        int p = rightCount + leftCount;
        this.columns = new double[n * p];
        this.means = new double[p];
        this.normsSq = new double[p];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                double v = ramp(j, x[i]);
                columns[i + j * n] = v;
                mean += v;
            }
            mean /= n;
            means[j] = mean;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                columns[i + j * n] -= mean;
                sq += columns[i + j * n] * columns[i + j * n];
            }
            normsSq[j] = sq;
        }
        double big = 0;
        for (double v : columns) {
            big = Math.max(big, Math.abs(v));
        }
        this.maxAbsColumn = big;
        double s = 0;
        for (double v : y) {
            s += v;
        }
        this.yMean = s / n;
    }

    int size() {
        return rightCount + leftCount;
    }

    /** Column j at t: (t − κ_j)₊ for j < rightCount, else (κ_{j−rightCount+1} − t)₊. */
    double ramp(int j, double t) {
        return j < rightCount ? Math.max(t - knots[j], 0) : Math.max(knots[j - rightCount + 1] - t, 0);
    }

    /** The knot of column j and whether it is a right ramp. */
    double knot(int j) {
        return j < rightCount ? knots[j] : knots[j - rightCount + 1];
    }

    /**
     * The exact solve, an active-set method (feature-sign search) from the support and signs of
     * {@code start} (a warm start along a β path; zeros for a cold start). Each step solves the
     * equations {@code Φ̃_SᵀΦ̃_S a_S = Φ̃_Sᵀỹ − β·sign(a_S)} of the support S with its signs, through
     * an {@link UpdatedQr} of Φ̃_S, as a correction from the current point (so every step is also a
     * step of iterative refinement), and moves to the solution or to the first coordinate that would
     * change sign, which leaves. At the support's solution the zero coordinate with the largest
     * violation |φ̃_jᵀλ| > β enters. The residual λ is evaluated in double-double arithmetic
     * ({@link #residual}): near interpolation ‖a‖₁ is 10⁴ and λ is 10⁻⁵, and in plain double the
     * cancellation in ỹ − Φ̃a leaves errors of 10⁻¹² in λ that the certificate cannot tolerate.
     *
     * <p>The support is kept linearly independent: on the data a left ramp is a right ramp minus
     * the first right ramp plus a constant, l̃_k = r̃_k − r̃_0 after centring, so exactly dependent
     * supports exist (the cycles of {@link #dependence}). A violating coordinate that would close
     * one enters by a pivot instead: along the null direction the fit is fixed and ‖a‖₁ falls at
     * rate |φ̃_jᵀλ|/β − 1 until an old coordinate reaches zero and leaves. Falls back to
     * {@link #solve(double)} only when the active set does not reach the exact gap.
     */
    Result solveActiveSet(double beta, double[] start) {
        ActiveSet set = new ActiveSet(beta);
        for (int j = 0; j < start.length; j++) {
            if (start[j] != 0 && set.dependence(j).isEmpty()) {
                set.enter(j, start[j], Math.signum(start[j]));
            }
        }
        Result done = set.run();
        if (done != null) {
            return done;
        }
        Result reached = evaluate(set.a, beta, false, set.steps);
        if (reached.relativeGap() <= ITERATIVE_GAP) {
            return reached;
        }
        return solve(beta);
    }

    /** The state of one active-set solve: coefficients, signs, support and the QR of its columns. */
    private final class ActiveSet {
        final double beta;
        final double[] a = new double[size()];
        /** The low parts of a in double-double: the support equations are solved beyond a's rounding. */
        final double[] lo = new double[size()];
        final double[] sign = new double[size()];
        final boolean[] in = new boolean[size()];
        final boolean[] refused = new boolean[size()];
        /** The support, in the column order of the QR factor. */
        int[] support = new int[0];
        final UpdatedQr qr;
        int steps;

        ActiveSet(double beta) {
            this.beta = beta;
            this.qr = new UpdatedQr(n, Math.min(size(), Math.max(0, knots.length - 1)));
        }

        boolean enter(int j, double value, double s) {
            if (!qr.add(columns, j * n)) {
                return false;
            }
            support = Arrays.copyOf(support, support.length + 1);
            support[support.length - 1] = j;
            in[j] = true;
            a[j] = value;
            lo[j] = 0;
            sign[j] = s;
            return true;
        }

        void leave(int position) {
            int j = support[position];
            qr.remove(position);
            int[] next = new int[support.length - 1];
            System.arraycopy(support, 0, next, 0, position);
            System.arraycopy(support, position + 1, next, position, next.length - position);
            support = next;
            in[j] = false;
            a[j] = 0;
            lo[j] = 0;
            sign[j] = 0;
        }

        /**
         * The support's coefficients v with φ̃_j = Σ v_c φ̃_c when φ̃_j is in their span, else empty.
         * Right ramps r_k and left ramps l_k are edges of a graph on the knot indices plus a ground
         * vertex (r_k joins k to ground, l_k joins k to knot 0, as l̃_k = r̃_k − r̃_0); a set of columns
         * is dependent exactly when its edges contain a cycle, and the cycles are r_0 r_k l_k and
         * r_i l_i r_k l_k.
         */
        Map<Integer, Double> dependence(int j) {
            int r0 = 0;
            if (j == r0) {
                int pair = pair(-1);
                return pair < 0 ? Map.of() : Map.of(pair, 1.0, left(pair), -1.0);
            }
            boolean right = j < rightCount;
            int k = right ? j : j - rightCount + 1;
            int partner = right ? left(k) : k;
            if (!in[partner]) {
                return Map.of();
            }
            // r̃_k = l̃_k + r̃_0 and l̃_k = r̃_k − r̃_0, with r̃_0 = r̃_i − l̃_i for a pair i
            double s0 = right ? 1.0 : -1.0;
            if (in[r0]) {
                return Map.of(partner, 1.0, r0, s0);
            }
            int pair = pair(k);
            return pair < 0 ? Map.of() : Map.of(partner, 1.0, pair, s0, left(pair), -s0);
        }

        /** A knot i ≥ 1, i ≠ except, with both of its ramps in the support, or −1. */
        private int pair(int except) {
            for (int i = 1; i < rightCount; i++) {
                if (i != except && in[i] && in[left(i)]) {
                    return i;
                }
            }
            return -1;
        }

        private int left(int k) {
            return rightCount + k - 1;
        }

        /** Runs to the exact optimum; null when it does not get there. */
        Result run() {
            int p = size();
            int maxSteps = 20 * (p + 1);
            boolean atSolution = support.length == 0;
            int refinements = 0;
            while (steps++ < maxSteps) {
                Residual res = residual(a, lo);
                double[] lambda = res.lambda();
                if (atSolution) {
                    // below this relative size, violations are rounding in φ̃_jᵀλ (β ≪ ε‖λ‖₁ near β = 1e-8)
                    double noise = 0;
                    for (double v : lambda) {
                        noise += Math.abs(v);
                    }
                    noise *= ROUNDING * maxAbsColumn / beta;
                    double[] corr = new double[p];
                    double kkt = 0;
                    for (int j = 0; j < p; j++) {
                        corr[j] = columnDot(j, lambda);
                        if (in[j]) {
                            kkt = Math.max(kkt, Math.abs(corr[j] - beta * sign[j]));
                        }
                    }
                    if (kkt > Math.max(SUPPORT_KKT, noise) * beta && refinements < REFINEMENTS) {
                        refinements++;
                        atSolution = false;
                        continue;
                    }
                    int best = -1;
                    double bestValue = beta * (1 + Math.max(ENTER, noise));
                    for (int j = 0; j < p; j++) {
                        if (!in[j] && !refused[j] && normsSq[j] > 0 && Math.abs(corr[j]) > bestValue) {
                            bestValue = Math.abs(corr[j]);
                            best = j;
                        }
                    }
                    if (best < 0) {
                        Result exact = evaluate(a, residual(a, null), res, beta, true, steps);
                        return exact.relativeGap() <= EXACT_GAP ? exact : null;
                    }
                    refinements = 0;
                    double s = Math.signum(corr[best]);
                    Map<Integer, Double> cycle = dependence(best);
                    if (cycle.isEmpty()) {
                        if (!enter(best, 0.0, s)) {
                            refused[best] = true;
                            continue;
                        }
                    } else if (!pivot(best, s, cycle)) {
                        refused[best] = true;
                        continue;
                    }
                    atSolution = false;
                    continue;
                }
                atSolution = step(lambda);
            }
            return null;
        }

        /**
         * Enters j (sign s) along the null direction of its cycle: the fit stays, the old coordinate
         * of the cycle that first reaches zero leaves. False when none decreases (rounding: then
         * |φ̃_jᵀλ| was not above β after all).
         */
        private boolean pivot(int j, double s, Map<Integer, Double> cycle) {
            double t = Double.POSITIVE_INFINITY;
            int leaving = -1;
            for (var e : cycle.entrySet()) {
                int c = e.getKey();
                double rate = s * e.getValue();
                if (sign[c] * rate > 0 && Math.abs(a[c] / rate) < t) {
                    t = Math.abs(a[c] / rate);
                    leaving = c;
                }
            }
            if (leaving < 0) {
                return false;
            }
            // the cycle's coefficients are ±1, so t = |a_leaving| moves the others exactly in double-double
            double tHi = Math.abs(a[leaving]);
            double tLo = Math.signum(a[leaving]) * lo[leaving];
            for (var e : cycle.entrySet()) {
                int c = e.getKey();
                if (c != leaving) {
                    double f = -s * e.getValue();
                    add(c, f * tHi);
                    add(c, f * tLo);
                    if (Math.signum(a[c]) != sign[c]) {
                        // the exact value keeps its sign; rounding may not
                        a[c] = sign[c] * Double.MIN_NORMAL;
                        lo[c] = 0;
                    }
                }
            }
            for (int position = 0; position < support.length; position++) {
                if (support[position] == leaving) {
                    leave(position);
                    break;
                }
            }
            if (!enter(j, s * tHi, s)) {
                return false;
            }
            lo[j] = s * tLo;
            return true;
        }

        /**
         * One feature-sign step from the current point towards the solution of the support equations
         * with the current signs; returns whether it got there (no coordinate changed sign).
         */
        private boolean step(double[] lambda) {
            int s = support.length;
            if (s == 0) {
                return true;
            }
            // a_S + R⁻¹(Qᵀλ − R⁻ᵀβσ): the solution as a correction of the current point
            double[] rhs = new double[s];
            for (int c = 0; c < s; c++) {
                rhs[c] = beta * sign[support[c]];
            }
            qr.solveTransposed(rhs);
            double[] qtl = qr.qtTimes(lambda);
            for (int c = 0; c < s; c++) {
                rhs[c] = qtl[c] - rhs[c];
            }
            qr.solve(rhs);
            double tMin = 1.0;
            int first = -1;
            for (int c = 0; c < s; c++) {
                int j = support[c];
                double target = (a[j] + rhs[c]) + lo[j];
                if (target * sign[j] <= 0) {
                    if (a[j] == 0) {
                        // an entering coordinate moves with its sign in exact arithmetic: rounding
                        refused[j] = true;
                        leave(c);
                        return false;
                    }
                    double t = -(a[j] + lo[j]) / rhs[c];
                    if (t < tMin) {
                        tMin = t;
                        first = c;
                    }
                }
            }
            for (int c = 0; c < s; c++) {
                int j = support[c];
                if (c == first) {
                    a[j] = 0;
                    lo[j] = 0;
                    continue;
                }
                add(j, first < 0 ? rhs[c] : tMin * rhs[c]);
                if (a[j] * sign[j] <= 0) {
                    a[j] = 0;
                    lo[j] = 0;
                }
            }
            for (int c = s - 1; c >= 0; c--) {
                if (a[support[c]] == 0) {
                    leave(c);
                }
            }
            return first < 0 && support.length == s;
        }

        /** (a_j, lo_j) += v in double-double. */
        private void add(int j, double v) {
            DoubleDouble sum = new DoubleDouble(a[j], lo[j]).add(v).normalized();
            a[j] = sum.hi();
            lo[j] = sum.lo();
        }
    }

    /** The centred residual λ = ỹ − Φ̃a and the intercept c0 = mean(y − Φa). */
    record Residual(double[] lambda, double intercept) {
    }

    /**
     * λ and c0 for the coefficients a + lo (lo: their low parts, or null), in {@link DoubleDouble}
     * arithmetic from the exact ramp values (x_i − κ_j)₊, rounded once at the end: λ is then accurate
     * to its own rounding however large ‖a‖₁ is, so |φ̃_jᵀλ| ≤ β can be checked to 10⁻¹¹ relative
     * near interpolation.
     */
    Residual residual(double[] a, double[] lo) {
        int[] support = java.util.stream.IntStream.range(0, size()).filter(j -> a[j] != 0).toArray();
        DoubleDouble[] coefficients = new DoubleDouble[support.length];
        for (int c = 0; c < support.length; c++) {
            coefficients[c] = new DoubleDouble(a[support[c]], lo == null ? 0.0 : lo[support[c]]);
        }
        DoubleDouble[] residuals = new DoubleDouble[n];
        DoubleDouble sum = DoubleDouble.ZERO;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            DoubleDouble fit = DoubleDouble.ZERO;
            for (int c = 0; c < support.length; c++) {
                int j = support[c];
                boolean right = j < rightCount;
                double k = knot(j);
                if (right ? xi <= k : xi >= k) {
                    continue;
                }
                // the ramp xi − κ or κ − xi, exactly
                fit = fit.addProduct(coefficients[c], DoubleDouble.sum(right ? xi : k, right ? -k : -xi));
            }
            residuals[i] = fit.negate().add(y[i]).normalized();
            sum = sum.add(residuals[i]);
        }
        DoubleDouble mean = sum.divide(n);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            // hi and lo subtracted apart, not by DoubleDouble.add: the compensated difference moves some
            // λ_i by an ulp, and the active-set path turns on the last bits of λ (measured: other steps
            // and certified values up to 7e-11 relative apart on 200-point paths)
            lambda[i] = (residuals[i].hi() - mean.hi()) + (residuals[i].lo() - mean.lo());
        }
        return new Residual(lambda, mean.value());
    }

    private double columnDot(int j, double[] v) {
        int off = j * n;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += columns[off + i] * v[i];
        }
        return dot;
    }

    private void axpyColumn(int j, double alpha, double[] v) {
        int off = j * n;
        for (int i = 0; i < n; i++) {
            v[i] += alpha * columns[off + i];
        }
    }

    Result solve(double beta) {
        int p = size();
        double[] a = new double[p];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - yMean;
        }
        Result best = evaluate(a, beta, false, 0);
        if (best.relativeGap() <= EXACT_GAP) {
            return best;
        }
        int epoch = 0;
        while (epoch < MAX_EPOCHS) {
            epoch++;
            if (sweep(a, r, beta, false) <= CONVERGED * Math.max(1e-300, maxAbs(a))) {
                break;
            }
            // sweeps over the support until it settles, then the exact solve on it
            double change;
            do {
                epoch++;
                change = sweep(a, r, beta, true);
            } while (change > CONVERGED * maxAbs(a) && epoch < MAX_EPOCHS && epoch % POLISH_EVERY != 0);
            Result polished = polish(a, beta, epoch);
            if (polished != null && polished.relativeGap() <= EXACT_GAP) {
                return polished;
            }
        }
        Result polished = polish(a, beta, epoch);
        Result iterate = evaluate(a, beta, false, epoch);
        if (polished != null && polished.relativeGap() <= iterate.relativeGap()) {
            return polished;
        }
        return iterate;
    }

    /** One cyclic pass over all coordinates, or over the nonzero ones; returns the largest change. */
    private double sweep(double[] a, double[] r, double beta, boolean supportOnly) {
        double change = 0;
        for (int j = 0; j < a.length; j++) {
            if (!supportOnly || a[j] != 0) {
                change = Math.max(change, coordinateStep(j, a, r, beta));
            }
        }
        return change;
    }

    /** One exact coordinate minimisation; returns the absolute change. */
    private double coordinateStep(int j, double[] a, double[] r, double beta) {
        if (normsSq[j] == 0) {
            return 0;
        }
        int off = j * n;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += columns[off + i] * r[i];
        }
        double rho = dot + normsSq[j] * a[j];
        double next = Math.signum(rho) * Math.max(Math.abs(rho) - beta, 0) / normsSq[j];
        double delta = next - a[j];
        if (delta != 0) {
            for (int i = 0; i < n; i++) {
                r[i] -= columns[off + i] * delta;
            }
            a[j] = next;
        }
        return Math.abs(delta);
    }

    /** The exact solution on the support and signs of {@code a}, or null when its signs disagree. */
    private Result polish(double[] a, double beta, int epochs) {
        int[] support = java.util.stream.IntStream.range(0, a.length).filter(j -> a[j] != 0).toArray();
        double[] out = new double[a.length];
        if (support.length > 0) {
            int s = support.length;
            double[] sub = new double[n * s];
            for (int c = 0; c < s; c++) {
                System.arraycopy(columns, support[c] * n, sub, c * n, n);
            }
            Matrix phi = Matrix.ofColumnMajor(n, s, sub);
            double[] centred = new double[n];
            for (int i = 0; i < n; i++) {
                centred[i] = y[i] - yMean;
            }
            double[] rhs = phi.transposeTimes(centred);
            for (int c = 0; c < s; c++) {
                rhs[c] -= beta * Math.signum(a[support[c]]);
            }
            Matrix coef = Decompositions.pseudoInverseSolve(phi.transposeTimes(phi), Matrix.column(rhs), 1e-13);
            for (int c = 0; c < s; c++) {
                double v = coef.get(c, 0);
                if (v * Math.signum(a[support[c]]) < 0) {
                    return null;
                }
                out[support[c]] = v;
            }
        }
        return evaluate(out, beta, true, epochs);
    }

    /** Primal value, intercept and the dual bound at coefficients a. */
    Result evaluate(double[] a, double beta, boolean exact, int epochs) {
        Residual res = residual(a, null);
        return evaluate(a, res, res, beta, exact, epochs);
    }

    /**
     * Primal value and intercept at coefficients a with their residual, and the dual bound at the
     * residual {@code dualRes} of a more accurate solution (a in double-double, whose rounding to a
     * moves the primal at second order but λ at first order): the dual point is that λ scaled by
     * max(1, max_j |φ̃_jᵀλ|/β), feasible for the dual of the class comment.
     */
    private Result evaluate(double[] a, Residual res, Residual dualRes, double beta, boolean exact, int epochs) {
        int p = size();
        double[] lambda = res.lambda();
        double l1 = 0;
        for (int j = 0; j < p; j++) {
            l1 += Math.abs(a[j]);
        }
        double loss = 0;
        for (double v : lambda) {
            loss += 0.5 * v * v;
        }
        double primal = loss + beta * l1;
        double dual;
        double[] feasible = dualRes.lambda().clone();
        if (beta > 0) {
            double worst = 0;
            for (int j = 0; j < p; j++) {
                worst = Math.max(worst, Math.abs(columnDot(j, feasible)));
            }
            double scale = Math.max(1.0, worst / beta);
            dual = 0;
            for (int i = 0; i < n; i++) {
                feasible[i] /= scale;
                dual += -0.5 * (feasible[i] - y[i]) * (feasible[i] - y[i]) + 0.5 * y[i] * y[i];
            }
        } else {
            dual = Double.NaN;
        }
        return new Result(a.clone(), res.intercept(), primal, feasible, dual, exact, epochs);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

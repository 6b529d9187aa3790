package org.deepdual.solve;

import java.util.Arrays;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;

/**
 * The Lasso over ramps with knots at the data and a free intercept (math.md section 7.2):
 * {@code min_{a, c0} ½‖Φa + c0·1 − y‖² + β‖a‖₁} with Φ's columns the right ramps (x − κ_j)₊ for the
 * distinct sorted knots κ_0..κ_{m−2} and the left ramps (κ_j − x)₊ for κ_1..κ_{m−2}. The left ramp
 * at κ_{m−1} is left out: on the data it equals −(x − κ_0)₊ plus a constant, the same column up to
 * sign for the free intercept, at the same ℓ1 cost.
 *
 * <p>The intercept is eliminated by centring y and the columns. Cyclic coordinate descent finds the
 * support; on its support and signs the KKT system {@code Φ̃_SᵀΦ̃_S a_S = Φ̃_Sᵀỹ − β·sign} is then
 * solved exactly and kept when its duality gap is within {@link #EXACT_GAP}. The dual is
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
    /** Violations below this relative size trigger a gap check before the coordinate enters. */
    private static final double NEARLY_FEASIBLE = 1e-7;
    /** Active-set steps without a decrease of the objective after which the solve stops. */
    private static final int STALL_STEPS = 40;

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
    private final double[] y;
    private final double yMean;
    private final double[] columns;
    private final double[] means;
    private final double[] normsSq;
    /** Ramp Gram matrix Φ̃ᵀΦ̃ (p × p), computed on first use when p ≤ {@link #MAX_GRAM}. */
    private volatile double[] fullGram;
    private volatile double[] phiTy;
    private static final int MAX_GRAM = 1500;

    RampLasso(double[] x, double[] y) {
        this.n = x.length;
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
     * The exact solve, by feature-sign search (an active-set method: solve the KKT system on the
     * support with its signs, step back to the first sign change when the solution flips a sign, add
     * the zero coordinate with the largest violation |φ_jᵀr| > β) from the support and signs of
     * {@code start} (a warm start along a β path; zeros for a cold start). Falls back to
     * {@link #solve(double)} when it does not reach the exact gap.
     */
    Result solveActiveSet(double beta, double[] start) {
        int p = size();
        double[] a = start.clone();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - yMean;
        }
        for (int j = 0; j < p; j++) {
            if (a[j] != 0) {
                axpyColumn(j, -a[j], r);
            }
        }
        int maxSteps = 20 * (p + 1);
        int step = 0;
        double lowest = Double.MAX_VALUE;
        int lastProgress = 0;
        boolean signsOptimal = false;
        while (step++ < maxSteps) {
            if (signsOptimal) {
                // zero coordinates: add the most violating one
                int best = -1;
                double bestValue = beta * (1 + 1e-10);
                for (int j = 0; j < p; j++) {
                    if (a[j] != 0 || normsSq[j] == 0) {
                        continue;
                    }
                    double c = Math.abs(columnDot(j, r));
                    if (c > bestValue) {
                        bestValue = c;
                        best = j;
                    }
                }
                if (best < 0 || bestValue <= beta * (1 + NEARLY_FEASIBLE)) {
                    // at rounding level the support can dither for long; the gap decides
                    Result exact = evaluate(a, beta, true, step);
                    if (exact.relativeGap() <= EXACT_GAP) {
                        return exact;
                    }
                    if (best < 0) {
                        break;
                    }
                }
                // a tiny start with the sign of the violation enters the support
                a[best] = Math.signum(columnDot(best, r)) * Double.MIN_NORMAL;
            }
            int[] support = java.util.stream.IntStream.range(0, p).filter(j -> a[j] != 0).toArray();
            double[] target = supportSolution(support, a, beta);
            // the first sign change on the segment from a to the target, if any, and the best point
            double[] current = new double[support.length];
            for (int c = 0; c < support.length; c++) {
                current[c] = a[support[c]];
            }
            double bestT = 1.0;
            int bestC = -1;
            double bestF = supportObjective(support, target, beta);
            for (int c = 0; c < support.length; c++) {
                if (Math.signum(target[c]) != Math.signum(current[c])) {
                    double t = current[c] / (current[c] - target[c]);
                    double[] mid = new double[support.length];
                    for (int e = 0; e < support.length; e++) {
                        mid[e] = e == c ? 0.0 : current[e] + t * (target[e] - current[e]);
                    }
                    double f = supportObjective(support, mid, beta);
                    if (f < bestF) {
                        bestF = f;
                        bestT = t;
                        bestC = c;
                    }
                }
            }
            signsOptimal = bestC < 0;
            // near interpolation the support can dither at rounding level without progress
            if (bestF < lowest - 1e-15 * Math.abs(lowest)) {
                lowest = bestF;
                lastProgress = step;
            } else if (step - lastProgress > STALL_STEPS) {
                break;
            }
            for (int c = 0; c < support.length; c++) {
                double v = bestC < 0 ? target[c] : c == bestC ? 0.0 : current[c] + bestT * (target[c] - current[c]);
                if (Math.signum(v) != Math.signum(current[c])) {
                    signsOptimal = false;
                }
                double delta = v - a[support[c]];
                if (delta != 0) {
                    axpyColumn(support[c], -delta, r);
                }
                a[support[c]] = v;
            }
        }
        Result reached = evaluate(a, beta, false, step);
        if (reached.relativeGap() <= EXACT_GAP) {
            return evaluate(a, beta, true, step);
        }
        if (reached.relativeGap() <= ITERATIVE_GAP) {
            return reached;
        }
        return solve(beta);
    }

    /**
     * The minimiser of the Lasso on the support with the signs of a fixed: the solution of
     * {@code Φ̃_SᵀΦ̃_S a_S = Φ̃_Sᵀỹ − β·sign(a_S)} nearest to the current a_S (a_S plus the minimum-norm
     * correction). Ramps at one knot are linearly dependent with the first right ramp, so the system
     * can be singular; the nearest solution keeps an entering coordinate moving in its sign's
     * direction, which the minimum-norm solution does not, and feature-sign search would cycle.
     */
    private double[] supportSolution(int[] support, double[] a, double beta) {
        int s = support.length;
        if (s == 0) {
            return new double[0];
        }
        double[] sub = null;
        double[] current = new double[s];
        for (int c = 0; c < s; c++) {
            current[c] = a[support[c]];
        }
        Matrix gram = gram(support, sub);
        double[] gc = gram.times(current);
        double[] rhs = new double[s];
        for (int c = 0; c < s; c++) {
            rhs[c] = correlations()[support[c]];
        }
        for (int c = 0; c < s; c++) {
            rhs[c] -= beta * Math.signum(a[support[c]]) + gc[c];
        }
        double[] step = null;
        try {
            step = org.deepdual.linalg.CholeskyFactor.of(gram).solve(rhs);
            double[] check = gram.times(step);
            double err = 0;
            double scale = 0;
            for (int c = 0; c < s; c++) {
                err = Math.max(err, Math.abs(check[c] - rhs[c]));
                scale = Math.max(scale, Math.abs(rhs[c]));
            }
            if (!(err <= 1e-9 * Math.max(scale, 1e-300))) {
                step = null;
            }
        } catch (ArithmeticException e) {
            step = null;
        }
        if (step == null) {
            step = Decompositions.pseudoInverseSolve(gram, Matrix.column(rhs), 1e-13).column(0);
        }
        for (int c = 0; c < s; c++) {
            step[c] += current[c];
        }
        return step;
    }

    /** Φ̃_SᵀΦ̃_S, from the full Gram matrix when it is small enough to keep. */
    private Matrix gram(int[] support, double[] unused) {
        int s = support.length;
        int p = size();
        if (p <= MAX_GRAM) {
            if (fullGram == null) {
                double[] g = new double[p * p];
                org.deepdual.linalg.Gemm.multiply(true, false, p, p, n, 1.0, columns, columns, 0.0, g);
                fullGram = g;
            }
            double[] out = new double[s * s];
            for (int c = 0; c < s; c++) {
                for (int e = 0; e < s; e++) {
                    out[e + c * s] = fullGram[support[e] + support[c] * p];
                }
            }
            return Matrix.ofColumnMajor(s, s, out);
        }
        double[] sub = new double[n * s];
        for (int c = 0; c < s; c++) {
            System.arraycopy(columns, support[c] * n, sub, c * n, n);
        }
        Matrix phi = Matrix.ofColumnMajor(n, s, sub);
        return phi.transposeTimes(phi);
    }

    /** Φ̃ᵀỹ, once. */
    private double[] correlations() {
        if (phiTy == null) {
            double[] centred = new double[n];
            for (int i = 0; i < n; i++) {
                centred[i] = y[i] - yMean;
            }
            double[] c = new double[size()];
            for (int j = 0; j < c.length; j++) {
                c[j] = columnDot(j, centred);
            }
            phiTy = c;
        }
        return phiTy;
    }

    /** ½‖ỹ − Φ̃_S a_S‖² + β‖a_S‖₁. */
    private double supportObjective(int[] support, double[] coef, double beta) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - yMean;
        }
        double l1 = 0;
        for (int c = 0; c < support.length; c++) {
            axpyColumn(support[c], -coef[c], r);
            l1 += Math.abs(coef[c]);
        }
        double loss = 0;
        for (double v : r) {
            loss += 0.5 * v * v;
        }
        return loss + beta * l1;
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
        int p = size();
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = y[i] - yMean;
        }
        double l1 = 0;
        double shift = 0;
        for (int j = 0; j < p; j++) {
            if (a[j] == 0) {
                continue;
            }
            l1 += Math.abs(a[j]);
            shift += a[j] * means[j];
            int off = j * n;
            for (int i = 0; i < n; i++) {
                lambda[i] -= columns[off + i] * a[j];
            }
        }
        double loss = 0;
        for (double v : lambda) {
            loss += 0.5 * v * v;
        }
        double primal = loss + beta * l1;
        double dual;
        double[] feasible = lambda.clone();
        if (beta > 0) {
            double worst = 0;
            for (int j = 0; j < p; j++) {
                int off = j * n;
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += columns[off + i] * lambda[i];
                }
                worst = Math.max(worst, Math.abs(dot));
            }
            double scale = Math.max(1.0, worst / beta);
            dual = 0;
            for (int i = 0; i < n; i++) {
                feasible[i] = lambda[i] / scale;
                dual += -0.5 * (feasible[i] - y[i]) * (feasible[i] - y[i]) + 0.5 * y[i] * y[i];
            }
        } else {
            dual = Double.NaN;
        }
        return new Result(a.clone(), yMean - shift, primal, feasible, dual, exact, epochs);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

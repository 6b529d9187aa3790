package org.deepdual.solve.spline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deepdual.model.Loss;

/**
 * The ℓ1-regularized logistic regression over ramps with a free intercept (docs/theory.md §14.2),
 * {@code min_{a, c} Σ log(1 + exp(−y_i(Φa + c)_i)) + β‖a‖₁}, solved by an active-set Newton method: on a
 * support S with fixed signs s the objective is smooth, {@code ℓ(Φ_S a_S + c) + β sᵀa_S}, and Newton's method
 * with a backtracking line search converges quadratically; a step that would flip a sign stops at zero and
 * the coordinate leaves. At the support's optimum the zero coordinate with the largest violation
 * |φ_jᵀλ| > β (λ = −∇ℓ) enters with the sign of φ_jᵀλ. A coordinate whose column is (numerically) in the
 * span of the support and the intercept cannot enter — the left ramps are right ramps minus the first one
 * plus a constant on the data — and is skipped; whether that cost optimality is decided by the certificate
 * alone (docs/theory.md §14.2), never assumed.
 */
final class LogisticRampGlm {
    private static final int MAX_OUTER = 4000;
    private static final int MAX_NEWTON = 200;
    /** Relative violation of |φ_jᵀλ| ≤ β above which a zero coordinate enters. */
    private static final double ENTER = 1e-12;
    /**
     * Newton decrement (relative) below which a support's problem is solved: the objective is then within about
     * half of it of the support's optimum, far below the certificate's 1e-8.
     */
    private static final double NEWTON_DONE = 1e-22;
    /** Newton steps per dictionary column after which the solve stops and the certificate judges what it has. */
    private static final int STEPS_PER_COLUMN = 10;
    /** Relative pivot below which a Cholesky factor reports a dependent column. */
    private static final double DEPENDENT = 1e-12;
    /** Relative rise of the full objective over an outer step that counts as real rather than rounding. */
    private static final double RISE = 1e-10;

    private final RampDictionary dict;
    private final double[] y;

    LogisticRampGlm(RampDictionary dict, double[] y) {
        this.dict = dict;
        this.y = y.clone();
    }

    /** The coefficients, intercept and the number of Newton steps taken. */
    record Fit(double[] coefficients, double intercept, int steps) {
    }

    Fit solve(double beta, double[] warm) {
        int p = dict.p;
        double[] a = new double[p];
        double[] sign = new double[p];
        List<Integer> support = new ArrayList<>();
        boolean[] refused = new boolean[p];
        for (int j = 0; j < Math.min(p, warm.length); j++) {
            if (warm[j] != 0) {
                a[j] = warm[j];
                sign[j] = Math.signum(warm[j]);
                support.add(j);
            }
        }
        double[] c = {0.0};
        int steps = 0;
        int budget = STEPS_PER_COLUMN * (p + 10);
        double bestValue = Double.POSITIVE_INFINITY;
        double[] bestA = a.clone();
        double[] bestSign = sign.clone();
        double bestC = 0;
        List<Integer> bestSupport = new ArrayList<>(support);
        int lastEntered = -1;
        for (int outer = 0; outer < MAX_OUTER && steps < budget; outer++) {
            steps += newton(beta, a, sign, c, support);
            double value = dict.primal(Loss.LOGISTIC, y, a, c[0], beta);
            if (value <= bestValue + RISE * Math.max(1.0, Math.abs(value))) {
                bestValue = value;
                bestA = a.clone();
                bestSign = sign.clone();
                bestC = c[0];
                bestSupport = new ArrayList<>(support);
            } else {
                // the full objective rose (a pivot in near-dependent columns moved the fit): back to the best
                // point, and the column whose entry led here may not enter again from it
                System.arraycopy(bestA, 0, a, 0, p);
                System.arraycopy(bestSign, 0, sign, 0, p);
                c[0] = bestC;
                support = new ArrayList<>(bestSupport);
                if (lastEntered >= 0) {
                    refused[lastEntered] = true;
                }
            }
            double[] lambda = negativeGradient(dict.fit(a, c[0]));
            int best = -1;
            double bestViolation = beta * (1 + ENTER);
            for (int j = 0; j < p; j++) {
                if (sign[j] != 0 || refused[j]) {
                    continue;
                }
                double v = Math.abs(dict.dot(j, lambda));
                if (v > bestViolation) {
                    bestViolation = v;
                    best = j;
                }
            }
            if (best < 0) {
                break;
            }
            if (!enter(best, Math.signum(dict.dot(best, lambda)), a, sign, c, support)) {
                refused[best] = true;
            }
            lastEntered = best;
        }
        return new Fit(bestA, bestC, steps);
    }

    /**
     * Enters column j with sign s, or, when φ_j lies in the span of the support's columns and 1
     * (φ_j = Φ_S d + d_c·1), pivots: along a_j = t·s, a_S −= t·s·d, c −= t·s·d_c the fit does not change and
     * ‖a‖₁ falls at rate |φ_jᵀλ|/β − 1 (the support's KKT equalities give s·Σ d_k sign_k = |φ_jᵀλ|/β), until
     * the first support coordinate reaches zero and leaves. False when neither is possible.
     */
    private boolean enter(int j, double s, double[] a, double[] sign, double[] c, List<Integer> support) {
        double[] d = spanCoefficients(j, support);
        if (d == null) {
            return false;
        }
        if (Double.isNaN(d[0])) {
            sign[j] = s;
            support.add(j);
            return true;
        }
        return nullMove(j, s, d, a, sign, c, support);
    }

    /**
     * Takes support position q out when its column is (numerically) in the span of the other support columns
     * and 1: along the fit-preserving direction a_j += t·s, a_S −= t·s·d, c −= t·s·d_c, with the sign s for
     * which ‖a‖₁ does not rise, to the first coordinate that reaches zero. The objective never rises (the fit
     * is unchanged), unlike setting a_j = 0, which changes the fit and can undo all the progress made so far.
     * False when the column is not in that span (its Hessian pivot is small only through tiny weights).
     */
    private boolean pivotOut(int q, double[] a, double[] sign, double[] c, List<Integer> support) {
        int j = support.remove(q);
        double[] d = spanCoefficients(j, support);
        if (d == null || Double.isNaN(d[0])) {
            support.add(q, j);
            return false;
        }
        double rate = sign[j];
        for (int r = 0; r < support.size(); r++) {
            rate -= d[r] * sign[support.get(r)];
        }
        double s = rate > 0 ? -1.0 : rate < 0 ? 1.0 : -sign[j];
        if (!nullMove(j, s, d, a, sign, c, support)) {
            support.add(q, j);
            return false;
        }
        return true;
    }

    /**
     * Coefficients d (support, then intercept) with φ_j = Φ_S d + d_c·1; null when the support and 1 are
     * themselves dependent; {NaN} when φ_j is not in their span.
     */
    private double[] spanCoefficients(int j, List<Integer> support) {
        int n = dict.n;
        int k = support.size();
        double[][] g = new double[k + 1][k + 1];
        double[] rhs = new double[k + 1];
        double[] phi = Arrays.copyOfRange(dict.columns, j * n, (j + 1) * n);
        double[][] cols = new double[k + 1][];
        for (int q = 0; q < k; q++) {
            int col = support.get(q);
            cols[q] = Arrays.copyOfRange(dict.columns, col * n, (col + 1) * n);
        }
        cols[k] = new double[n];
        Arrays.fill(cols[k], 1.0);
        for (int q = 0; q <= k; q++) {
            rhs[q] = -dot(cols[q], phi);
            for (int r = 0; r <= q; r++) {
                g[q][r] = dot(cols[q], cols[r]);
                g[r][q] = g[q][r];
            }
        }
        if (cholesky(g) >= 0) {
            return null;
        }
        double[] d = solve(g, rhs);
        double[] residual = phi.clone();
        for (int q = 0; q <= k; q++) {
            for (int i = 0; i < n; i++) {
                residual[i] -= d[q] * cols[q][i];
            }
        }
        if (Math.sqrt(dot(residual, residual)) > 1e-9 * Math.sqrt(dot(phi, phi))) {
            return new double[] {Double.NaN};
        }
        return d;
    }

    /**
     * Moves a_j by t·s (j not in the support list; a_j may be zero), a_S by −t·s·d and c by −t·s·d_c, which
     * leaves the fit unchanged, to the first breakpoint: a_j reaching zero (j stays out) or a support coordinate
     * reaching zero (it leaves, j joins). False when no coordinate reaches zero.
     */
    private boolean nullMove(int j, double s, double[] d, double[] a, double[] sign, double[] c,
            List<Integer> support) {
        int k = support.size();
        double t = Double.POSITIVE_INFINITY;
        int leaving = -1;
        boolean jLeaves = false;
        if (a[j] != 0 && s * a[j] < 0) {
            t = Math.abs(a[j]);
            jLeaves = true;
        }
        for (int q = 0; q < k; q++) {
            int col = support.get(q);
            double change = -s * d[q];
            if (change * sign[col] < 0) {
                double tq = Math.abs(a[col]) / Math.abs(change);
                if (tq < t) {
                    t = tq;
                    leaving = q;
                    jLeaves = false;
                }
            }
        }
        if (!jLeaves && leaving < 0) {
            return false;
        }
        for (int q = 0; q < k; q++) {
            a[support.get(q)] -= t * s * d[q];
        }
        c[0] -= t * s * d[k];
        if (jLeaves) {
            a[j] = 0;
            sign[j] = 0;
            return true;
        }
        int out = support.remove(leaving);
        a[out] = 0;
        sign[out] = 0;
        a[j] += t * s;
        sign[j] = Math.signum(a[j]);
        support.add(j);
        return true;
    }

    /** λ = −ℓ'(z) = y·σ(−y z), the logistic loss's dual candidate. */
    double[] negativeGradient(double[] z) {
        double[] lambda = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            lambda[i] = y[i] * Loss.sigmoid(-y[i] * z[i]);
        }
        return lambda;
    }

    private double restricted(double beta, double[] a, double[] sign, double c, List<Integer> support) {
        double[] z = dict.fit(a, c);
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            s += Loss.softplus(-y[i] * z[i]);
        }
        for (int j : support) {
            s += beta * sign[j] * a[j];
        }
        return s;
    }

    /** Damped Newton on the support with fixed signs; returns the steps taken. */
    private int newton(double beta, double[] a, double[] sign, double[] c, List<Integer> support) {
        int n = dict.n;
        int steps = 0;
        while (steps < MAX_NEWTON) {
            int k = support.size();
            double[] z = dict.fit(a, c[0]);
            double[] lambda = negativeGradient(z);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                double s = Loss.sigmoid(y[i] * z[i]);
                w[i] = s * (1 - s);
            }
            // variables: a_S (k of them), then c
            double[] g = new double[k + 1];
            double[][] h = new double[k + 1][k + 1];
            double[][] cols = new double[k + 1][];
            for (int q = 0; q < k; q++) {
                int j = support.get(q);
                cols[q] = Arrays.copyOfRange(dict.columns, j * n, (j + 1) * n);
                g[q] = -dot(cols[q], lambda) + beta * sign[j];
            }
            cols[k] = new double[n];
            Arrays.fill(cols[k], 1.0);
            g[k] = -dot(cols[k], lambda);
            for (int q = 0; q <= k; q++) {
                for (int r = 0; r <= q; r++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += cols[q][i] * w[i] * cols[r][i];
                    }
                    h[q][r] = s;
                    h[r][q] = s;
                }
            }
            double[][] unfactored = new double[k + 1][];
            for (int q = 0; q <= k; q++) {
                unfactored[q] = h[q].clone();
            }
            int dependent = cholesky(h);
            if (dependent >= 0 && k > 0 && pivotOut(Math.min(dependent, k - 1), a, sign, c, support)) {
                continue;
            }
            if (dependent >= 0) {
                // independent columns whose weights σ(1 − σ) are tiny: a Levenberg–Marquardt shift keeps the
                // step a descent direction, and the line search below keeps the objective monotone
                double shift = 0;
                for (int q = 0; q <= k; q++) {
                    shift = Math.max(shift, unfactored[q][q]);
                }
                shift = Math.max(shift * DEPENDENT * 10, Double.MIN_NORMAL);
                for (int q = 0; q <= k; q++) {
                    h[q] = unfactored[q].clone();
                    h[q][q] += shift;
                }
                while (cholesky(h) >= 0) {
                    shift *= 10;
                    for (int q = 0; q <= k; q++) {
                        h[q] = unfactored[q].clone();
                        h[q][q] += shift;
                    }
                }
            }
            double[] step = solve(h, g);
            double decrement = -dot(step, g);
            if (decrement <= NEWTON_DONE * Math.max(1.0, Math.abs(restricted(beta, a, sign, c[0], support)))) {
                return steps;
            }
            steps++;
            double tMax = 1.0;
            int leaving = -1;
            for (int q = 0; q < k; q++) {
                int j = support.get(q);
                double next = a[j] + step[q];
                if (next * sign[j] < 0) {
                    double t = a[j] / -step[q];
                    if (t < tMax) {
                        tMax = t;
                        leaving = q;
                    }
                }
            }
            if (tMax == 0) {
                // a coordinate at zero that the step would push through: it leaves at no change of objective
                int j = support.remove(leaving);
                a[j] = 0;
                sign[j] = 0;
                continue;
            }
            double base = restricted(beta, a, sign, c[0], support);
            double t = tMax;
            double[] trialA = a.clone();
            double trialC = c[0];
            boolean accepted = false;
            for (int back = 0; back < 60; back++) {
                trialA = a.clone();
                for (int q = 0; q < k; q++) {
                    trialA[support.get(q)] += t * step[q];
                }
                trialC = c[0] + t * step[k];
                double trial = restricted(beta, trialA, sign, trialC, support);
                if (trial < base && trial <= base - 1e-4 * t * decrement) {
                    accepted = true;
                    break;
                }
                if (t * Math.sqrt(dot(step, step)) < 1e-18) {
                    break; // no decrease left to find in double precision: the support's problem is solved
                }
                t *= 0.5;
                leaving = -1;
            }
            if (!accepted) {
                return steps;
            }
            System.arraycopy(trialA, 0, a, 0, a.length);
            c[0] = trialC;
            if (leaving >= 0) {
                int j = support.remove(leaving);
                a[j] = 0;
                sign[j] = 0;
            }
        }
        return steps;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    /** In-place lower Cholesky; the index of the first (near-)dependent column, or −1. */
    private static int cholesky(double[][] h) {
        int m = h.length;
        for (int j = 0; j < m; j++) {
            double diag = h[j][j];
            for (int q = 0; q < j; q++) {
                diag -= h[j][q] * h[j][q];
            }
            if (!(diag > DEPENDENT * Math.max(h[j][j], Double.MIN_NORMAL))) {
                return j;
            }
            double root = Math.sqrt(diag);
            h[j][j] = root;
            for (int i = j + 1; i < m; i++) {
                double s = h[i][j];
                for (int q = 0; q < j; q++) {
                    s -= h[i][q] * h[j][q];
                }
                h[i][j] = s / root;
            }
        }
        return -1;
    }

    /** Solves L Lᵀ x = −g. */
    private static double[] solve(double[][] l, double[] g) {
        int m = g.length;
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            double s = -g[i];
            for (int q = 0; q < i; q++) {
                s -= l[i][q] * v[q];
            }
            v[i] = s / l[i][i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = v[i];
            for (int q = i + 1; q < m; q++) {
                s -= l[q][i] * v[q];
            }
            v[i] = s / l[i][i];
        }
        return v;
    }
}

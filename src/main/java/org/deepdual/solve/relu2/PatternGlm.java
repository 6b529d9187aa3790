package org.deepdual.solve.relu2;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.deepdual.linalg.Gemm;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Loss;

/**
 * The pattern program of docs/theory.md §9 with a classification loss (§14.3):
 * {@code min_z ℓ(Az, y) + β Σ_b ‖z_b‖} subject to {@code z_b ∈ C_b = {u : (2D_i − I)Xu ≥ 0}}, with the blocks
 * laid out as in {@link PatternConeProgram} (v_1..v_P, then u_1..u_P; {@code Az = Σ_i D_iX(v_i − u_i)}).
 *
 * <p>The nonsmooth part {@code h(z) = β Σ ‖z_b‖ + I_C(z)} has a closed proximal map because every C_b is a
 * closed convex cone: writing z = r·u with ‖u‖ = 1, u ∈ C_b, the best u maximises vᵀu over the cone's unit
 * sphere, which is Π_{C_b}(v)/‖Π_{C_b}(v)‖ (Moreau), so {@code prox(v) = shrink_β(Π_{C_b}(v))}; the
 * projection is {@link ConeDualNorm#direction} (exact, finite Lawson–Hanson). The logistic loss is smooth
 * (∇ℓ is ¼-Lipschitz): accelerated proximal gradient with backtracking and gradient-based adaptive restart.
 * The hinge loss is not: the primal–dual method of Chambolle and Pock on
 * {@code min_z max_u ⟨Az, u⟩ − ℓ*(u) + h(z)}, whose dual step is the clip of the box-constrained conjugate.
 *
 * <p>With d ≤ 2 (every pattern enumerated) {@link PatternBarrier} solves the program by an interior-point
 * method on its dual first; the first-order methods run only when it falls short of {@value #BARRIER_ENOUGH}.
 *
 * <p>The program's own lower bound (what the iterations stop on): at a candidate λ (logistic: −∇ℓ(Az); hinge:
 * −u of the primal–dual iterate) the program's dual constraint of block b is ‖Π_{C_b}(A_bᵀλ)‖ ≤ β (conic
 * duality, as in {@link ConeDualNorm}), so λ/max(1, ρ) with ρ = max_b ‖Π_{C_b}(A_bᵀλ)‖/β is feasible and its
 * dual value g(λ/max(1, ρ)) = −ℓ*(−λ/max(1, ρ)) is a lower bound on the program.
 */
final class PatternGlm {
    /** How often (iterations) the program gap is evaluated. */
    private static final int CHECK_EVERY = 25;
    private static final int POWER_STEPS = 60;
    /** Proximal-gradient iterations between two Newton polishes (logistic). */
    private static final int ROUND = 400;
    private static final int NEWTON_STEPS = 60;
    /** The program gap below which the face of an iterate is worth a Newton polish. */
    private static final double POLISH_BELOW = 1e-2;
    /** Polishes per round, and the proximal-gradient iterations between two of them. */
    private static final int POLISH_ROUNDS = 4;
    private static final int IDENTIFY = 40;
    /** The relative program gap at which the interior-point solve (d ≤ 2) is accepted. */
    private static final double BARRIER_TOLERANCE = 1e-9;
    private static final double BARRIER_ENOUGH = 1e-6;

    final int n;
    final int d;
    final int p;
    private final Matrix xm;
    private final double[] x;
    private final double[] masks;
    private final double[] signs;
    private final double[] rowNorms;
    private final Matrix y;
    private final double[] yv;
    private final Loss loss;
    private final int projectionSteps;

    PatternGlm(Matrix xm, double[] y, ActivationPatterns patterns, Loss loss) {
        if (loss != Loss.LOGISTIC && loss != Loss.HINGE) {
            throw new IllegalArgumentException("PatternGlm solves the logistic and hinge losses, got " + loss);
        }
        this.n = xm.rows();
        this.d = xm.cols();
        this.p = patterns.count();
        this.xm = xm;
        this.x = xm.toColumnMajor();
        this.masks = patterns.masksColumnMajor();
        this.signs = new double[masks.length];
        for (int i = 0; i < masks.length; i++) {
            signs[i] = 2 * masks[i] - 1;
        }
        this.rowNorms = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[k + j * n] * x[k + j * n];
            }
            rowNorms[k] = Math.sqrt(s);
        }
        this.yv = y.clone();
        this.y = Matrix.column(y);
        this.loss = loss;
        this.projectionSteps = 4 * d + 10;
    }

    int blocks() {
        return 2 * p;
    }

    /** Row k of X (a copy). */
    double[] row(int k) {
        double[] r = new double[d];
        for (int j = 0; j < d; j++) {
            r[j] = x[k + j * n];
        }
        return r;
    }

    double rowNorm(int k) {
        return rowNorms[k];
    }

    /** The diagonal entry k of 2D_i − I for block b's pattern i. */
    double sign(int b, int k) {
        return signs[(b % p) * n + k];
    }

    /** The diagonal entry k of D_i for block b's pattern i. */
    double mask(int b, int k) {
        return masks[(b % p) * n + k];
    }

    Matrix targets() {
        return y;
    }

    Loss loss() {
        return loss;
    }

    /** Az = Σ_i D_iX(v_i − u_i). */
    double[] apply(double[] z) {
        double[] diff = new double[d * p];
        for (int i = 0; i < d * p; i++) {
            diff[i] = z[i] - z[i + d * p];
        }
        double[] xz = new double[n * p];
        Gemm.multiply(false, false, n, p, d, 1.0, x, diff, 0.0, xz);
        double[] out = new double[n];
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                out[k] += masks[off + k] * xz[off + k];
            }
        }
        return out;
    }

    /** Aᵀg: block i is XᵀD_i g, block P + i its negative. */
    double[] adjoint(double[] g) {
        double[] m = new double[n * p];
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                m[off + k] = masks[off + k] * g[k];
            }
        }
        double[] q = new double[d * p];
        Gemm.multiply(true, false, d, p, n, 1.0, x, m, 0.0, q);
        double[] out = new double[2 * d * p];
        for (int i = 0; i < d * p; i++) {
            out[i] = q[i];
            out[i + d * p] = -q[i];
        }
        return out;
    }

    /** Π_{C_b}(v) for block b's pattern (v itself when it is in the cone). */
    double[] project(int b, double[] v) {
        int off = (b % p) * n;
        double scale = 0;
        for (double c : v) {
            scale += c * c;
        }
        scale = Math.sqrt(scale);
        boolean inside = true;
        for (int k = 0; k < n && inside; k++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[k + j * n] * v[j];
            }
            inside = signs[off + k] * s >= -1e-15 * rowNorms[k] * scale;
        }
        if (inside) {
            return v;
        }
        return ConeDualNorm.direction(xm, Arrays.copyOfRange(signs, off, off + n), v, projectionSteps);
    }

    /** prox of t·h: per block shrink_{tβ}(Π_{C_b}(v_b)). */
    double[] prox(double[] v, double threshold) {
        double[] out = new double[v.length];
        double[] block = new double[d];
        for (int b = 0; b < 2 * p; b++) {
            System.arraycopy(v, b * d, block, 0, d);
            double[] pr = project(b, block);
            double norm = norm(pr);
            if (norm > threshold) {
                double f = (norm - threshold) / norm;
                for (int j = 0; j < d; j++) {
                    out[b * d + j] = f * pr[j];
                }
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double c : v) {
            s += c * c;
        }
        return Math.sqrt(s);
    }

    /** ℓ(Az) + β Σ‖z_b‖. */
    double convexValue(double[] z, double beta) {
        return loss.value(Matrix.column(apply(z)), y) + beta * penalty(z);
    }

    double penalty(double[] z) {
        double s = 0;
        for (int b = 0; b < 2 * p; b++) {
            double q = 0;
            for (int j = 0; j < d; j++) {
                q += z[b * d + j] * z[b * d + j];
            }
            s += Math.sqrt(q);
        }
        return s;
    }

    /** −∇ℓ(f), the dual candidate of the smooth loss (for hinge the subgradient's negative). */
    double[] negativeGradient(double[] f) {
        double[] g = loss.gradient(Matrix.column(f), y).column(0);
        for (int k = 0; k < n; k++) {
            g[k] = -g[k];
        }
        return g;
    }

    /** ρ·β = max_b ‖Π_{C_b}(A_bᵀλ)‖: the program's dual constraint at λ. */
    double programCorrelation(double[] lambda) {
        double[] a = adjoint(lambda);
        double worst = 0;
        double[] block = new double[d];
        for (int b = 0; b < 2 * p; b++) {
            System.arraycopy(a, b * d, block, 0, d);
            worst = Math.max(worst, norm(project(b, block)));
        }
        return worst;
    }

    /** g(λ/max(1, ρ)) for the program's ρ, λ first moved into the dual function's domain. */
    double programLowerBound(double[] lambda, double beta) {
        double[] l = loss.intoDualDomain(Matrix.column(lambda), y).column(0);
        double f = Math.max(1.0, programCorrelation(l) / beta);
        for (int k = 0; k < n; k++) {
            l[k] /= f;
        }
        return loss.dualValue(Matrix.column(l), y);
    }

    /** The iterate, the program's lower bound at the best dual candidate seen, and the iterations. */
    record Run(double[] z, double[] lambda, double value, double lowerBound, int iterations, boolean converged,
            boolean interiorPoint) {
        Run(double[] z, double[] lambda, double value, double lowerBound, int iterations, boolean converged) {
            this(z, lambda, value, lowerBound, iterations, converged, false);
        }

        double relativeGap() {
            return (value - lowerBound) / Math.max(1.0, Math.abs(value));
        }
    }

    /** ‖A‖² by power iteration on AᵀA, from a seeded start, with a 10 % margin. */
    double operatorNormSquared() {
        Random r = new Random(17);
        double[] v = new double[2 * d * p];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        double est = 0;
        for (int step = 0; step < POWER_STEPS; step++) {
            double norm = 0;
            for (double c : v) {
                norm += c * c;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 1.0;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
            v = adjoint(apply(v));
            est = 0;
            for (double c : v) {
                est += c * c;
            }
            est = Math.sqrt(est);
        }
        return Math.max(est * 1.1, 1e-300);
    }

    /** Solves the program from {@code warm} (or 0) to relative program gap {@code tol} or {@code maxIterations}. */
    Run solve(double beta, double[] warm, double tol, int maxIterations) {
        Optional<Run> barrier = PatternBarrier.solve(this, beta, Math.max(tol, BARRIER_TOLERANCE));
        // the first-order methods stall near 1e-4 at small β; they are only worth running when the barrier failed
        if (barrier.isPresent() && (barrier.get().converged() || barrier.get().relativeGap() <= BARRIER_ENOUGH)) {
            return barrier.get();
        }
        Run first = loss == Loss.LOGISTIC ? logistic(beta, warm, tol, maxIterations)
                : primalDual(beta, warm, tol, maxIterations);
        return barrier.isPresent() && barrier.get().relativeGap() < first.relativeGap() ? barrier.get() : first;
    }

    /**
     * Accelerated proximal gradient in rounds of {@value #ROUND} iterations; after each round whose program gap
     * is below {@value #POLISH_BELOW}, Newton's method on the face the iterate identifies
     * ({@link GlmFaceNewton}) is tried from a copy. A polished point whose gap is within tol ends the solve;
     * otherwise the iterations go on from their own state, so the polish can only save iterations.
     */
    private Run logistic(double beta, double[] warm, double tol, int maxIterations) {
        Accelerated a = new Accelerated(beta, warm);
        double lower = Double.NEGATIVE_INFINITY;
        double[] bestLambda = null;
        int used = 0;
        while (used < maxIterations) {
            int k = Math.min(ROUND, maxIterations - used);
            a.advance(k);
            used += k;
            double[] lam = negativeGradient(apply(a.z));
            double lb = programLowerBound(lam, beta);
            if (lb > lower) {
                lower = lb;
                bestLambda = lam;
            }
            double value = convexValue(a.z, beta);
            double gap = (value - lower) / Math.max(1.0, Math.abs(value));
            if (gap <= tol) {
                return new Run(a.z, bestLambda, value, lower, used, true);
            }
            // a chain of polishes, each from a few proximal-gradient steps after the last, fixes the face
            double[] polished = a.z;
            for (int round = 0; round < POLISH_ROUNDS && gap <= POLISH_BELOW; round++) {
                polished = GlmFaceNewton.polish(this, polished, beta, NEWTON_STEPS);
                double[] pl = negativeGradient(apply(polished));
                double pv = convexValue(polished, beta);
                double plb = programLowerBound(pl, beta);
                if (plb > lower) {
                    lower = plb;
                    bestLambda = pl;
                }
                if ((pv - lower) / Math.max(1.0, Math.abs(pv)) <= tol) {
                    return new Run(polished, bestLambda, pv, lower, used, true);
                }
                Accelerated from = new Accelerated(beta, polished, a.lip);
                from.advance(IDENTIFY);
                used += IDENTIFY;
                polished = from.z;
            }
        }
        double value = convexValue(a.z, beta);
        return new Run(a.z, bestLambda, value, lower, used, (value - lower) / Math.max(1.0, Math.abs(value)) <= tol);
    }

    /** The state of accelerated proximal gradient with backtracking and gradient-based adaptive restart. */
    private final class Accelerated {
        private final double beta;
        private double[] z;
        private double[] w;
        private double t = 1;
        private double lip;

        Accelerated(double beta, double[] warm) {
            this(beta, warm, 0.25 * operatorNormSquared());
        }

        Accelerated(double beta, double[] warm, double lip) {
            int dim = 2 * d * p;
            this.beta = beta;
            this.z = warm != null && warm.length == dim ? prox(warm, 0.0) : new double[dim];
            this.w = z.clone();
            this.lip = lip;
        }

        void advance(int iterations) {
            int dim = z.length;
            for (int it = 0; it < iterations; it++) {
                double[] fw = apply(w);
                double lw = loss.value(Matrix.column(fw), y);
                double[] grad = adjoint(loss.gradient(Matrix.column(fw), y).column(0));
                double[] next;
                while (true) {
                    double[] step = new double[dim];
                    for (int i = 0; i < dim; i++) {
                        step[i] = w[i] - grad[i] / lip;
                    }
                    next = prox(step, beta / lip);
                    double model = lw;
                    double sq = 0;
                    for (int i = 0; i < dim; i++) {
                        double dlt = next[i] - w[i];
                        model += grad[i] * dlt;
                        sq += dlt * dlt;
                    }
                    model += 0.5 * lip * sq;
                    double actual = loss.value(Matrix.column(apply(next)), y);
                    if (actual <= model + 1e-14 * Math.max(1.0, Math.abs(lw))) {
                        break;
                    }
                    lip *= 2;
                }
                double restart = 0;
                for (int i = 0; i < dim; i++) {
                    restart += (w[i] - next[i]) * (next[i] - z[i]);
                }
                double tNext = restart > 0 ? 1 : 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
                double momentum = restart > 0 ? 0 : (t - 1) / tNext;
                for (int i = 0; i < dim; i++) {
                    w[i] = next[i] + momentum * (next[i] - z[i]);
                }
                z = next;
                t = tNext;
            }
        }
    }

    /**
     * Chambolle–Pock with τ = σ = 0.99/‖A‖; the dual step in q = −y∘u is q ← clip(σ − y∘v, 0, 1). Every
     * {@value #CHECK_EVERY} iterations the primal value and the lower bound at the dual iterate are taken,
     * keeping the best of each.
     */
    private Run primalDual(double beta, double[] warm, double tol, int maxIterations) {
        int dim = 2 * d * p;
        double[] z = warm != null && warm.length == dim ? prox(warm, 0.0) : new double[dim];
        double[] zBar = z.clone();
        double norm = Math.sqrt(operatorNormSquared());
        double tau = 0.99 / norm;
        double sigma = 0.99 / norm;
        double[] q = new double[n];
        double[] best = z.clone();
        double value = convexValue(z, beta);
        double[] bestLambda = new double[n];
        double lower = programLowerBound(bestLambda, beta);
        int it = 0;
        for (; it < maxIterations; it++) {
            double[] az = apply(zBar);
            double[] u = new double[n];
            for (int k = 0; k < n; k++) {
                double v = -yv[k] * q[k] + sigma * az[k];
                q[k] = Math.min(1.0, Math.max(0.0, sigma - yv[k] * v));
                u[k] = -yv[k] * q[k];
            }
            double[] g = adjoint(u);
            double[] step = new double[dim];
            for (int i = 0; i < dim; i++) {
                step[i] = z[i] - tau * g[i];
            }
            double[] next = prox(step, tau * beta);
            for (int i = 0; i < dim; i++) {
                zBar[i] = 2 * next[i] - z[i];
            }
            z = next;
            if ((it + 1) % CHECK_EVERY == 0) {
                double v = convexValue(z, beta);
                if (v < value) {
                    value = v;
                    best = z.clone();
                }
                double[] lam = new double[n];
                for (int k = 0; k < n; k++) {
                    lam[k] = yv[k] * q[k];
                }
                double lb = programLowerBound(lam, beta);
                double[] snapped = snapped(apply(z), lam);
                double lbSnapped = programLowerBound(snapped, beta);
                if (lbSnapped > lb) {
                    lb = lbSnapped;
                    lam = snapped;
                }
                if (lb > lower) {
                    lower = lb;
                    bestLambda = lam;
                }
                if ((value - lower) / Math.max(1.0, Math.abs(value)) <= tol) {
                    return new Run(best, bestLambda, value, lower, it + 1, true);
                }
            }
        }
        return new Run(best, bestLambda, value, lower, it, false);
    }

    /**
     * The hinge dual candidate with the complementary-slackness values where the fit decides them: p = 1
     * where y f < 1, p = 0 where y f > 1 (by more than 1e-9), the iterate's p on the margin.
     */
    double[] snapped(double[] f, double[] lambda) {
        double[] out = lambda.clone();
        for (int k = 0; k < n; k++) {
            double m = yv[k] * f[k];
            if (m < 1 - 1e-9) {
                out[k] = yv[k];
            } else if (m > 1 + 1e-9) {
                out[k] = 0;
            }
        }
        return out;
    }
}

package org.deepdual.solve.core;

import java.util.ArrayList;
import java.util.List;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.linalg.Vectors;
import org.deepdual.model.Loss;

/**
 * {@code min_A ℓ(B A) + γ‖A‖_*} for a classification loss (docs/theory.md §14.4). For {@code linear}, the
 * reduced coordinates: with X = U S Vᵀ (rank r) and M = V A, B = U S (n × r), so ℓ(XM) + γ‖M‖_* = ℓ(BA) + γ‖A‖_*
 * and any part of M outside the row space of X only adds to the norm; for {@code bn} (linear variant, under
 * its expressivity condition) B = I and A is the output F itself. For one output ‖A‖_* = ‖a‖₂.
 *
 * <p>Smooth losses (logistic, cross-entropy): accelerated proximal gradient (FISTA) with backtracking and
 * function-value restart; the proximal map soft-thresholds the singular values of the r × K iterate. Hinge
 * (non-smooth): the same method on the Huber-smoothed hinge, with the smoothing width μ decreased tenfold
 * per stage (continuation, each stage warm from the last), followed by {@link HingeMarginPolish}. Each stage
 * stops on its own certificate: the dual point {@code α·Λ}, Λ = −∇ℓ(BA) moved into the dual function's domain,
 * α = min(1, γ/‖BᵀΛ‖₂) (scaling stays in the domain, docs/theory.md §14.1), and the relative gap between
 * ℓ(BA) + γ‖A‖_* and g(αΛ).
 */
public final class NuclearNormGlm {
    static final int MAX_ITERATIONS = 20000;
    /**
     * The relative gap at which a cell solved by this method is certified. It is an iterative solve (the report
     * judges it at GapTolerance.ITERATIVE); cross-entropy at small γ, where the fit nearly separates the classes
     * and the loss's curvature fades, can stop near 1e-9, so 1e-8, not the closed forms' 1e-9.
     */
    public static final double CERTIFIED_RTOL = 1e-8;
    private static final int CHECK_EVERY = 10;
    private static final double FIRST_SMOOTHING = 1.0;
    private static final double LAST_SMOOTHING = 1e-7;

    private final Matrix b;
    private final Matrix y;
    private final Loss loss;
    private final double gamma;

    /** @param b U diag(s), the n × r reduced data; @param y targets (n × K) the loss accepts */
    public NuclearNormGlm(Matrix b, Matrix y, Loss loss, double gamma) {
        if (loss == Loss.SQUARED) {
            throw new IllegalArgumentException("NuclearNormGlm is for the classification losses");
        }
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("gamma must be > 0, got " + gamma);
        }
        this.b = b;
        this.y = y;
        this.loss = loss;
        this.gamma = gamma;
    }

    /** The iterate A (r × K), the iterations used, whether the last stage met {@code tol}, and its gap. */
    public record Fit(Matrix a, int iterations, boolean converged, double relativeGap) {
    }

    /** A dual point αΛ with its value g(αΛ). */
    public record DualPoint(Matrix lambda, double value) {
    }

    /** Solves to relative certificate gap {@code tol}, from {@code warm} (r × K) or from zero. */
    public Fit solve(Matrix warm, double tol) {
        Matrix a = warm != null ? warm : Matrix.zeros(b.cols(), y.cols());
        if (loss != Loss.HINGE) {
            return fista(a, 0, tol, MAX_ITERATIONS);
        }
        int total = 0;
        Fit fit = null;
        for (double mu = FIRST_SMOOTHING; mu >= LAST_SMOOTHING * 0.999; mu /= 10) {
            fit = fista(a, mu, tol, MAX_ITERATIONS / 4);
            a = fit.a();
            total += fit.iterations();
        }
        return new Fit(a, total, fit.converged(), fit.relativeGap());
    }

    /**
     * The candidates of a solved fit: the iterate and (hinge, one output) the exact margin polishes of
     * {@link HingeMarginPolish}, with the best of their dual points. The caller rebuilds a network from each
     * candidate and reports the best forward objective; the dual point is checked against its own data.
     */
    public record Candidates(List<Matrix> primal, DualPoint dual) {
    }

    public Candidates candidates(Fit fit) {
        List<Matrix> primal = new ArrayList<>();
        primal.add(fit.a());
        DualPoint best = dualPoint(fit.a(), 0);
        if (loss == Loss.HINGE) {
            for (HingeMarginPolish.Candidate c : HingeMarginPolish.candidates(b, y.column(0), gamma,
                    fit.a().column(0))) {
                primal.add(Matrix.column(c.a()));
                double[] lambda = c.p().clone();
                for (int i = 0; i < lambda.length; i++) {
                    lambda[i] *= y.get(i, 0);
                }
                DualPoint q = scaledIntoFeasibility(Matrix.column(lambda));
                if (q.value() > best.value()) {
                    best = q;
                }
            }
        }
        return new Candidates(primal, best);
    }

    /** ℓ(BA) + γ‖A‖_* with the true loss. */
    public double objective(Matrix a) {
        return loss.value(b.times(a), y) + gamma * nuclear(a);
    }

    /**
     * The dual point made from the (smoothed, width μ) negative gradient at A: for μ = 0 the loss's own
     * gradient (hinge: its subgradient), for the Huber hinge p = clip((1 − y f)/μ, 0, 1).
     */
    public DualPoint dualPoint(Matrix a, double mu) {
        Matrix f = b.times(a);
        Matrix lambda = mu > 0 ? hubergradient(f, mu).scale(-1) : loss.intoDualDomain(loss.gradient(f, y).scale(-1), y);
        return scaledIntoFeasibility(lambda);
    }

    /** αΛ with α = min(1, γ/‖BᵀΛ‖₂): feasible for ‖XᵀΛ‖₂ ≤ γ, still in the domain of g. */
    public DualPoint scaledIntoFeasibility(Matrix lambda) {
        double rho = spectral(b.transposeTimes(lambda));
        double alpha = rho > gamma ? gamma / rho : 1.0;
        Matrix scaled = lambda.scale(alpha);
        return new DualPoint(scaled, loss.dualValue(scaled, y));
    }

    private Fit fista(Matrix start, double mu, double tol, int cap) {
        double curvature = switch (loss) {
            case LOGISTIC -> 0.25;
            case CROSS_ENTROPY -> 0.5;
            default -> 1 / mu;
        };
        double lipschitz = Math.max(1e-12, curvature * spectral(b) * spectral(b) * 1e-2);
        Matrix a = start;
        Matrix z = start;
        double t = 1;
        double gap = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < cap) {
            it++;
            Matrix fz = b.times(z);
            double hz = smoothValue(fz, mu);
            Matrix grad = b.transposeTimes(smoothGradient(fz, mu));
            Matrix next;
            double hNext;
            while (true) {
                next = shrink(z.minus(grad.scale(1 / lipschitz)), gamma / lipschitz);
                Matrix step = next.minus(z);
                hNext = smoothValue(b.times(next), mu);
                double bound = hz + inner(grad, step) + 0.5 * lipschitz * step.frobeniusNormSquared();
                if (hNext <= bound + 1e-15 * Math.abs(hz) || lipschitz > 1e300) {
                    break;
                }
                lipschitz *= 2;
            }
            double value = hNext + gamma * nuclear(next);
            // gradient-based adaptive restart (O'Donoghue and Candès): the momentum points against the gradient
            // mapping. Unlike a restart on the objective it keeps working once the objective's changes are
            // below rounding, which happens long before the iterate (and so the dual point) is accurate.
            boolean restart = inner(z.minus(next), next.minus(a)) > 0;
            double tNext = restart ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            z = restart ? next : next.plus(next.minus(a).scale((t - 1) / tNext));
            a = next;
            t = tNext;
            lipschitz *= 0.95;
            if (it % CHECK_EVERY == 0) {
                double primal = mu > 0 ? value : objective(a);
                double dual = mu > 0 ? smoothDual(dualPoint(a, mu).lambda(), mu) : dualPoint(a, 0).value();
                gap = (primal - dual) / Math.max(1, Math.abs(primal));
                if (gap <= tol) {
                    return new Fit(a, it, true, gap);
                }
            }
        }
        return new Fit(a, it, false, gap);
    }

    /** The smoothed problem's dual function: g(Λ) − (μ/2)Σp² for the Huber hinge (its conjugate adds μp²/2). */
    private double smoothDual(Matrix lambda, double mu) {
        return loss.dualValue(lambda, y) - 0.5 * mu * lambda.frobeniusNormSquared();
    }

    private double smoothObjective(Matrix a, double mu) {
        return smoothValue(b.times(a), mu);
    }

    private double smoothValue(Matrix f, double mu) {
        if (mu == 0) {
            return loss.value(f, y);
        }
        double s = 0;
        for (int i = 0; i < f.rows(); i++) {
            double m = 1 - y.get(i, 0) * f.get(i, 0);
            s += m <= 0 ? 0 : m < mu ? m * m / (2 * mu) : m - mu / 2;
        }
        return s;
    }

    private Matrix smoothGradient(Matrix f, double mu) {
        return mu == 0 ? loss.gradient(f, y) : hubergradient(f, mu);
    }

    /** d/df of the Huber hinge: −y·clip((1 − y f)/μ, 0, 1). */
    private Matrix hubergradient(Matrix f, double mu) {
        double[] g = new double[f.rows()];
        for (int i = 0; i < g.length; i++) {
            double yi = y.get(i, 0);
            double p = Math.min(1, Math.max(0, (1 - yi * f.get(i, 0)) / mu));
            g[i] = -yi * p;
        }
        return Matrix.column(g);
    }

    /** The proximal map of τ‖·‖_*: singular values soft-thresholded (one column: the vector shrunk). */
    public static Matrix shrink(Matrix v, double tau) {
        if (v.cols() == 1) {
            double norm = v.frobeniusNorm();
            return norm <= tau ? Matrix.zeros(v.rows(), 1) : v.scale(1 - tau / norm);
        }
        Svd svd = Decompositions.thinSvd(v);
        double[] s = svd.s().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(0, s[i] - tau);
        }
        return Decompositions.scaleColumns(svd.u(), s).times(svd.v().transpose());
    }

    public static double nuclear(Matrix a) {
        return a.cols() == 1 ? a.frobeniusNorm() : a.nuclearNorm();
    }

    public static double spectral(Matrix a) {
        return a.cols() == 1 ? a.frobeniusNorm() : a.spectralNorm();
    }

    private static double inner(Matrix p, Matrix q) {
        return Vectors.dot(p.toColumnMajor(), q.toColumnMajor());
    }
}

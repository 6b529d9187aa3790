package org.deepdual.solve.linear;

import java.util.ArrayList;
import java.util.List;

/**
 * A certified lower bound on the WD dual {@code LB(β) = min_{t>0} [D(βt^{−(L−2)}) + (L−2)βt²/2]}
 * (docs/theory.md L3, §4, §5) from samples of the TC dual value D(γ) — the optimal value of the
 * convex problem {@code min_W ½‖XW−Y‖² + γ‖W‖_*} (‖w‖₂ for scalar output).
 *
 * <p>Why a bound and not a search: D is concave in γ (a minimum of functions affine in γ), so between
 * two samples it lies above the chord through the samples' certified lower values, and
 * {@code D(0) = ½(‖Y‖² − ‖UᵀY‖²)}, D = ½‖Y‖² for γ ≥ ‖XᵀY‖₂. In γ the budget term is
 * {@code φ_β(γ) = (L−2)/2·β^{L/(L−2)}γ^{−2/(L−2)}}, convex and decreasing, and chord + φ has its minimum
 * over an interval in closed form. The minimum over all intervals is therefore a lower bound on LB(β)
 * that no grid can overshoot; a minimum over sampled t alone can. The upper value
 * {@code min_k [D̄(γ_k) + φ_β(γ_k)]} (D̄ an upper bound on D at the sample) brackets LB(β); samples are
 * added where the lowest interval bound is attained until the two agree within the tolerance.
 *
 * <p>Samples are kept across calls: along a β path the minimising γ moves slowly, so later cells reuse
 * the samples of earlier ones. What a call returns depends on the samples already taken, hence on the
 * order of calls; callers make that order a function of the path alone.
 *
 * @param <C> what a sample keeps besides its values (the nuclear-norm fit, the ridge-path μ)
 */
final class WdDualEnvelope<C> {
    /** Samples added per call at most: a bound that has not met the tolerance by then is returned as it is. */
    static final int MAX_REFINEMENTS = 80;
    /** Initial samples per decade of γ across the range a β needs. */
    private static final double SAMPLES_PER_DECADE = 1.0;
    private static final double COVER_DECADES = 40;

    /** Computes one sample. */
    interface Sampler<C> {
        /** D(γ) bracketed at γ, warm-started from the nearest sample (null when there is none). */
        Sample<C> at(double gamma, Sample<C> nearest);
    }

    /**
     * D bracketed at one γ.
     *
     * @param lower a certified lower bound on D(γ) (a dual objective at a feasible point)
     * @param upper an upper bound on D(γ) (the primal objective at the iterate)
     * @param iterations the work the sample took (for the cell's iteration count)
     * @param converged whether the sampler met its own tolerance
     */
    record Sample<C>(double gamma, double lower, double upper, C certificate, int iterations, boolean converged) {
    }

    /**
     * The bound at one β.
     *
     * @param value the certified lower bound on LB(β)
     * @param upper an upper bound on LB(β), the best sample's value (½‖Y‖² for the limit t → 0)
     * @param best the sample attaining {@code upper}; null when the limit t → 0 does (Λ = Y)
     * @param samplesAdded samples this call added
     * @param work the iterations those samples took
     * @param converged whether every added sample converged
     */
    record Bound<C>(double value, double upper, Sample<C> best, double t, int samplesAdded, int work,
            boolean converged) {
    }

    private final double half;
    private final double floor;
    private final double gammaMax;
    private final Sampler<C> sampler;
    /** Samples in increasing γ; the last is at gammaMax. */
    private final List<Sample<C>> samples = new ArrayList<>();

    /**
     * @param half ½‖Y‖², D(γ) for γ ≥ gammaMax
     * @param floor D(0) = ½(‖Y‖² − ‖UᵀY‖²)
     * @param gammaMax ‖XᵀY‖₂ (&gt; 0)
     */
    WdDualEnvelope(double half, double floor, double gammaMax, Sampler<C> sampler) {
        this.half = half;
        this.floor = floor;
        this.gammaMax = gammaMax;
        this.sampler = sampler;
        samples.add(new Sample<>(gammaMax, half, half, null, 0, true));
    }

    /** The bound for depth L ≥ 3 at β &gt; 0, refined until upper − value ≤ rtol·max(1, upper). */
    Bound<C> bound(double beta, int depth, double rtol) {
        double q = 2.0 / (depth - 2);
        double e = 0.5 * (depth - 2) * Math.pow(beta, depth / (depth - 2.0));
        // below γ_min the budget term alone is at least ½‖Y‖², the value of the limit t → 0
        double gammaMin = Math.pow(e / half, 1 / q);
        if (!(gammaMin < gammaMax)) {
            return new Bound<>(half, half, null, 0.0, 0, 0, true);
        }
        int added = 0;
        int work = 0;
        boolean converged = true;
        for (Sample<C> s : cover(gammaMin)) {
            work += s.iterations();
            converged &= s.converged();
            added++;
        }
        for (int round = 0; ; round++) {
            double upper = half;
            Sample<C> best = null;
            for (Sample<C> s : samples) {
                if (s.gamma() >= gammaMin && s.gamma() < gammaMax) {
                    double v = s.upper() + e * Math.pow(s.gamma(), -q);
                    if (v < upper) {
                        upper = v;
                        best = s;
                    }
                }
            }
            double lower = half;
            double argGamma = Double.NaN;
            int interval = -1;
            for (int i = 0; i < samples.size(); i++) {
                Sample<C> b = samples.get(i);
                if (b.gamma() <= gammaMin) {
                    continue;
                }
                double ga = i == 0 ? 0.0 : samples.get(i - 1).gamma();
                double da = i == 0 ? floor : samples.get(i - 1).lower();
                double[] m = chordMinimum(ga, da, b.gamma(), b.lower(), e, q);
                if (m[1] < lower) {
                    lower = m[1];
                    argGamma = m[0];
                    interval = i;
                }
            }
            double t = best == null ? 0.0 : Math.pow(beta / best.gamma(), 1.0 / (depth - 2));
            if (upper - lower <= rtol * Math.max(1, upper) || round >= MAX_REFINEMENTS || interval < 0) {
                return new Bound<>(Math.min(lower, upper), upper, best, t, added, work, converged);
            }
            double ga = interval == 0 ? 0.0 : samples.get(interval - 1).gamma();
            double gb = samples.get(interval).gamma();
            double at = argGamma;
            if (!(at > ga * (1 + 1e-9) && at < gb * (1 - 1e-9))) {
                // the chord's minimum sits on an end: split the interval instead (geometric middle)
                at = ga > 0 ? Math.sqrt(ga * gb) : 0.5 * gb;
            }
            if (!(gb - ga > 1e-13 * gb)) {
                return new Bound<>(Math.min(lower, upper), upper, best, t, added, work, converged);
            }
            Sample<C> s = insert(at);
            work += s.iterations();
            converged &= s.converged();
            added++;
        }
    }

    /**
     * Samples SAMPLES_PER_DECADE per decade over [γ_min, γ_max] where none lie yet (at most COVER_DECADES
     * below γ_max: at large L, γ_min underflows, and below that D is the chord from the origin to within
     * rounding); the new ones.
     */
    private List<Sample<C>> cover(double gammaMin) {
        List<Sample<C>> added = new ArrayList<>();
        double step = Math.log(10) / SAMPLES_PER_DECADE;
        double x = Math.log(gammaMax);
        double stop = Math.max(Math.log(gammaMin), x - COVER_DECADES * Math.log(10));
        while (x > stop) {
            x = Math.max(stop, x - step);
            double g = Math.exp(x);
            if (!sampledNear(g, step)) {
                added.add(insert(g));
            }
        }
        return added;
    }

    private boolean sampledNear(double gamma, double logStep) {
        for (Sample<C> s : samples) {
            if (Math.abs(Math.log(s.gamma() / gamma)) < 0.5 * logStep) {
                return true;
            }
        }
        return false;
    }

    private Sample<C> insert(double gamma) {
        int pos = 0;
        while (pos < samples.size() && samples.get(pos).gamma() < gamma) {
            pos++;
        }
        Sample<C> nearest;
        if (pos == 0) {
            nearest = samples.get(0).certificate() == null ? null : samples.get(0);
        } else if (pos == samples.size()) {
            nearest = samples.get(pos - 1);
        } else {
            Sample<C> lo = samples.get(pos - 1);
            Sample<C> hi = samples.get(pos);
            boolean loCloser = Math.log(gamma / lo.gamma()) <= Math.log(hi.gamma() / gamma);
            nearest = loCloser || hi.certificate() == null ? lo : hi;
        }
        Sample<C> s = sampler.at(gamma, nearest != null && nearest.certificate() != null ? nearest : null);
        samples.add(pos, s);
        return s;
    }

    /**
     * {γ*, value}: the minimum over [a, b] of the chord through (a, da), (b, db) plus e·γ^{−q}. The
     * derivative slope − qeγ^{−q−1} increases, so the minimiser is its root clipped to [a, b].
     */
    static double[] chordMinimum(double a, double da, double b, double db, double e, double q) {
        double slope = (db - da) / (b - a);
        double g;
        if (slope <= 0) {
            g = b;
        } else {
            g = Math.pow(q * e / slope, 1 / (q + 1));
            g = Math.min(b, Math.max(a, g));
        }
        if (g <= 0) {
            return new double[] {0.0, Double.POSITIVE_INFINITY};
        }
        double chord = g == b ? db : da + slope * (g - a);
        return new double[] {g, chord + e * Math.pow(g, -q)};
    }
}

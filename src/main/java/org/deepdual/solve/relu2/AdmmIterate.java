package org.deepdual.solve.relu2;

import java.util.Optional;
import org.deepdual.linalg.CholeskyFactor;

/**
 * The iterate of {@link PatternAdmm} (z, s, the scaled duals λ1, λ2, and ρ) with the work arrays of
 * one iteration, advanced step by step (docs/theory.md §9): {@link #wStep}, {@link #zStep}, then
 * {@link #coneStep} or, on a check iteration, {@link #checkedConeStep} with the residuals. All arrays
 * are updated in place, so an iteration allocates only inside the Woodbury solve.
 */
final class AdmmIterate {
    /** The primal and dual residuals of a check iteration and the scales they are relative to. */
    record Residuals(double primal, double dual, double primalScale, double dualScale) {
        /** Before the first check: no residuals yet. */
        static final Residuals NONE = new Residuals(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        /** Whether both residuals are below {@code tolerance} relative to their scales. */
        boolean small(double tolerance) {
            return primal <= tolerance * primalScale && dual <= tolerance * dualScale;
        }
    }

    private final PatternConeProgram prog;
    private final double beta;
    private final double alpha;
    private final int n;
    private final int d;
    private final int p;
    private final double[] z;
    private final double[] s;
    private final double[] l1;
    private final double[] l2;
    private double rho;
    private CholeskyFactor chol;
    private final double[] w;
    private final double[] r;
    private final double[] t;
    private final double[] dz;
    private final double[] gtds;
    private final double[] tdiff;
    private final double[] qx;
    private final double[] kq;
    private final double[] xw;
    private final double[] buf;
    private final double[] np;
    /**
     * ‖w − z‖², ‖w‖² and ‖z‖² of the last z-step: the z parts of the primal residual and of its scale,
     * which the cone step of a check iteration completes.
     */
    private double priSq;
    private double wSq;
    private double zSq;

    /** The start: a copy of {@code warm}, or zeros with ρ = β. */
    AdmmIterate(PatternConeProgram prog, double beta, Optional<PatternAdmm.State> warm, double alpha) {
        this.prog = prog;
        this.beta = beta;
        this.alpha = alpha;
        this.n = prog.n;
        this.d = prog.d;
        this.p = prog.p;
        int dn = d * 2 * p;
        int nn = n * 2 * p;
        this.z = warm.map(st -> st.z().clone()).orElseGet(() -> new double[dn]);
        this.s = warm.map(st -> st.s().clone()).orElseGet(() -> new double[nn]);
        this.l1 = warm.map(st -> st.l1().clone()).orElseGet(() -> new double[dn]);
        this.l2 = warm.map(st -> st.l2().clone()).orElseGet(() -> new double[nn]);
        this.rho = warm.map(PatternAdmm.State::rho).orElse(beta);
        this.chol = prog.woodburyFactor(rho);
        this.w = new double[dn];
        this.r = new double[dn];
        this.t = new double[dn];
        this.dz = new double[dn];
        this.gtds = new double[dn];
        this.tdiff = new double[d * p];
        this.qx = new double[d * p];
        this.kq = new double[d * p];
        this.xw = new double[nn];
        this.buf = new double[nn];
        this.np = new double[n * p];
    }

    /** The current iterate; its arrays are this iterate's own, not copies. */
    PatternAdmm.State state() {
        return new PatternAdmm.State(z, s, l1, l2, rho);
    }

    /** The current iterate with the blocks {@code polishedZ} in place of z. */
    PatternAdmm.State withBlocks(double[] polishedZ) {
        return new PatternAdmm.State(polishedZ, s, l1, l2, rho);
    }

    double[] z() {
        return z;
    }

    double[] s() {
        return s;
    }

    double[] l2() {
        return l2;
    }

    double rho() {
        return rho;
    }

    /**
     * The w-step {@code (AᵀA + ρI + ρGᵀG) w = Aᵀy + ρ(z − λ1) + ρGᵀ(s − λ2)} through Woodbury:
     * {@code w = t/ρ − K⁻¹Aᵀ S_ρ⁻¹ (A t)/ρ²} with {@code t = blkdiag(K⁻¹) r}; also forms Xw.
     */
    void wStep() {
        int half = n * p;
        int dp = d * p;
        double[] sign = prog.signs();
        for (int i = 0; i < half; i++) {
            buf[i] = (s[i] - l2[i]) * sign[i];
            buf[i + half] = (s[i + half] - l2[i + half]) * sign[i];
        }
        prog.timesXTranspose(buf, 2 * p, r);
        double[] aty = prog.aty();
        for (int i = 0; i < r.length; i++) {
            r[i] = aty[i] + rho * (r[i] + z[i] - l1[i]);
        }
        prog.applyKInverse(r, 2 * p, t);
        for (int i = 0; i < dp; i++) {
            tdiff[i] = t[i] - t[i + dp];
        }
        prog.timesX(tdiff, p, np);
        double[] q = chol.solve(prog.maskedRowSums(np));
        double scale = 1.0 / (rho * rho);
        double[] masks = prog.masks();
        for (int i = 0; i < p; i++) {
            int off = i * n;
            for (int k = 0; k < n; k++) {
                np[off + k] = masks[off + k] * q[k] * scale;
            }
        }
        prog.timesXTranspose(np, p, qx);
        prog.applyKInverse(qx, p, kq);
        for (int i = 0; i < dp; i++) {
            w[i] = t[i] / rho - kq[i];
            w[i + dp] = t[i + dp] / rho + kq[i];
        }
        prog.timesX(w, 2 * p, xw);
    }

    /** The z-step (group soft threshold at β/ρ) and the λ1 update, on the over-relaxed w. */
    void zStep() {
        double thr = beta / rho;
        priSq = 0;
        wSq = 0;
        zSq = 0;
        for (int b = 0; b < 2 * p; b++) {
            int off = b * d;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double wh = alpha * w[off + j] + (1 - alpha) * z[off + j];
                double v = wh + l1[off + j];
                t[off + j] = v;
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double shrink = norm > thr ? 1.0 - thr / norm : 0.0;
            for (int j = 0; j < d; j++) {
                int i = off + j;
                double zNew = shrink * t[i];
                double wh = alpha * w[i] + (1 - alpha) * z[i];
                dz[i] = zNew - z[i];
                l1[i] += wh - zNew;
                priSq += (w[i] - zNew) * (w[i] - zNew);
                wSq += w[i] * w[i];
                zSq += zNew * zNew;
                z[i] = zNew;
            }
        }
    }

    /** The s-step s = max(Gw + λ2, 0) on the over-relaxed Gw and the λ2 update, without residuals. */
    void coneStep() {
        int half = n * p;
        double[] sign = prog.signs();
        double keep = 1 - alpha;
        for (int h = 0; h < 2; h++) {
            int off = h * half;
            for (int k = 0; k < half; k++) {
                int i = off + k;
                double gh = alpha * sign[k] * xw[i] + keep * s[i];
                double sNew = Math.max(gh + l2[i], 0.0);
                l2[i] += gh - sNew;
                s[i] = sNew;
            }
        }
    }

    /**
     * The s-step and λ2 update of a check iteration, with the residuals: primal ‖(w − z, Gw − s)‖,
     * dual ρ‖(z − z⁻) + Gᵀ(s − s⁻)‖, scaled by the larger of ‖(w, Gw)‖ and ‖(z, s)‖ and by the
     * unscaled duals ρ‖λ1 + Gᵀλ2‖ (each at least 1).
     */
    Residuals checkedConeStep() {
        int half = n * p;
        double[] sign = prog.signs();
        double gwSq = 0;
        double sSq = 0;
        for (int h = 0; h < 2; h++) {
            int off = h * half;
            for (int k = 0; k < half; k++) {
                int i = off + k;
                double sg = sign[k];
                double gw = sg * xw[i];
                double gh = alpha * gw + (1 - alpha) * s[i];
                double sNew = Math.max(gh + l2[i], 0.0);
                buf[i] = (sNew - s[i]) * sg;
                l2[i] += gh - sNew;
                priSq += (gw - sNew) * (gw - sNew);
                gwSq += gw * gw;
                sSq += sNew * sNew;
                s[i] = sNew;
            }
        }
        double dualSq = sumOfSquaresWithGTranspose(dz);
        for (int i = 0; i < half; i++) {
            buf[i] = l2[i] * sign[i];
            buf[i + half] = l2[i + half] * sign[i];
        }
        double yScaleSq = sumOfSquaresWithGTranspose(l1);
        double primalScale = Math.max(1.0, Math.max(Math.sqrt(wSq + gwSq), Math.sqrt(zSq + sSq)));
        return new Residuals(Math.sqrt(priSq), rho * Math.sqrt(dualSq), primalScale,
                Math.max(1.0, rho * Math.sqrt(yScaleSq)));
    }

    /** ‖v + Xᵀbuf‖² over the d × 2P blocks, buf holding the n × 2P cone part (already signed). */
    private double sumOfSquaresWithGTranspose(double[] v) {
        prog.timesXTranspose(buf, 2 * p, gtds);
        double sq = 0;
        for (int i = 0; i < gtds.length; i++) {
            double e = v[i] + gtds[i];
            sq += e * e;
        }
        return sq;
    }

    /**
     * ρ doubled when the primal residual is more than 10× the dual (relative to their scales), halved
     * in the opposite case; the scaled duals are rescaled and S_ρ refactored.
     */
    void adaptRho(Residuals res) {
        double factor = 1.0;
        if (res.primal() / res.primalScale() > 10 * res.dual() / res.dualScale()) {
            factor = 2.0;
        } else if (res.dual() / res.dualScale() > 10 * res.primal() / res.primalScale()) {
            factor = 0.5;
        }
        if (factor == 1.0) {
            return;
        }
        rho *= factor;
        for (int i = 0; i < l1.length; i++) {
            l1[i] /= factor;
        }
        for (int i = 0; i < l2.length; i++) {
            l2[i] /= factor;
        }
        chol = prog.woodburyFactor(rho);
    }
}

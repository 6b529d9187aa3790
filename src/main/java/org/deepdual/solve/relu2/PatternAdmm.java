package org.deepdual.solve.relu2;

import java.util.Optional;
import org.deepdual.linalg.CholeskyFactor;

/**
 * Scaled ADMM for the group-lasso convex program with cone constraints (docs/theory.md §9):
 * {@code min ½‖Aw − y‖² + β Σ_b ‖z_b‖ + 1[s ≥ 0]} subject to w = z and Gw = s.
 *
 * <p>Each iteration: the w-step through Woodbury ({@link PatternConeProgram}), the group
 * soft-threshold z-step at β/ρ, the projection s = max(Gw + λ2, 0), and the scaled dual updates,
 * with over-relaxation of w. Every {@code adaptEvery} iterations ρ is doubled or halved when the
 * residuals differ by more than 10× (the scaled duals are rescaled and S_ρ refactored).
 *
 * <p>Every 10 iterations the residuals and a duality gap are checked ({@link PatternConeProgram.Bound}:
 * for enumerated patterns the exact certificate of the recovered network, otherwise the program's own
 * dual). The iteration stops when the primal residual ‖(w − z, Gw − s)‖ and the dual residual
 * ρ‖(z − z⁻) + Gᵀ(s − s⁻)‖ are both below the tolerance relative to their scales, or when the gap is
 * below the gap tolerance. ADMM's tail is slow, so once the active set has settled (and at least every
 * 200 iterations) the iterate is finished by {@link ActiveSetPolish}; the polished point is taken only
 * when its own gap meets the tolerance. The cap is a failure unless a last polish certifies.
 */
final class PatternAdmm {
    private static final int CHECK_EVERY = 10;
    private static final int POLISH_AFTER_STABLE_CHECKS = 2;
    private static final int POLISH_AT_LEAST_EVERY = 200;
    /** Blocks below this fraction of the largest are dropped in the second polishing attempt. */
    private static final double NEGLIGIBLE_BLOCK = 1e-6;

    /** The iterate a warm start resumes from: z, s, the scaled duals λ1, λ2, and ρ. */
    record State(double[] z, double[] s, double[] l1, double[] l2, double rho) {
    }

    /** The final iterate, iteration count, convergence flag and the last residuals. */
    record Result(State state, int iterations, boolean converged, double primalResidual, double dualResidual,
            boolean polished, PatternConeProgram.Bound bound) {
    }

    private PatternAdmm() {
    }

    static Result run(PatternConeProgram prog, double beta, Optional<State> warm, AdmmSettings settings) {
        return run(prog, beta, warm, settings, true);
    }

    /** As above; without {@code polish} the plain ADMM (a reference for the polished value). */
    static Result run(PatternConeProgram prog, double beta, Optional<State> warm, AdmmSettings settings,
            boolean polish) {
        return run(prog, beta, warm, settings, polish, false);
    }

    /**
     * As above; with {@code polishFirst} the start is polished before the first iteration (for a start
     * that is already an exact optimum of a neighbouring program: a smaller working set, another β),
     * and taken when its gap meets the tolerance, after 0 iterations.
     */
    static Result run(PatternConeProgram prog, double beta, Optional<State> warm, AdmmSettings settings,
            boolean polish, boolean polishFirst) {
        int n = prog.n;
        int d = prog.d;
        int p = prog.p;
        int nb = 2 * p;
        int dn = d * nb;
        int nn = n * nb;
        double[] z = warm.map(s -> s.z().clone()).orElseGet(() -> new double[dn]);
        double[] s = warm.map(st -> st.s().clone()).orElseGet(() -> new double[nn]);
        double[] l1 = warm.map(st -> st.l1().clone()).orElseGet(() -> new double[dn]);
        double[] l2 = warm.map(st -> st.l2().clone()).orElseGet(() -> new double[nn]);
        double rho = warm.map(State::rho).orElse(beta);
        double alpha = settings.relaxation();

        double[] w = new double[dn];
        double[] r = new double[dn];
        double[] t = new double[dn];
        double[] dz = new double[dn];
        double[] gtds = new double[dn];
        double[] tdiff = new double[d * p];
        double[] qx = new double[d * p];
        double[] kq = new double[d * p];
        double[] xw = new double[nn];
        double[] buf = new double[nn];
        double[] np = new double[n * p];
        double[] aty = prog.aty();
        double[] masks = prog.masks();
        double[] sign = prog.signs();
        CholeskyFactor chol = prog.woodburyFactor(rho);
        double rPri = Double.NaN;
        double rDual = Double.NaN;
        long lastSignature = 0;
        long failedSignature = 0;
        int stableChecks = 0;
        int lastAttempt = 0;
        if (polish && polishFirst) {
            Optional<Result> polished = polishOnly(prog, beta, new State(z, s, l1, l2, rho), settings);
            if (polished.isPresent()) {
                return polished.get();
            }
            failedSignature = ActiveSetPolish.signature(prog, z, s);
        }

        for (int it = 1; it <= settings.maxIterations(); it++) {
            boolean check = it % CHECK_EVERY == 0 || it == settings.maxIterations();
            // w-step right-hand side: Aᵀy + ρ(z − λ1) + ρGᵀ(s − λ2)
            int half = n * p;
            for (int i = 0; i < half; i++) {
                buf[i] = (s[i] - l2[i]) * sign[i];
                buf[i + half] = (s[i + half] - l2[i + half]) * sign[i];
            }
            prog.timesXTranspose(buf, nb, r);
            for (int i = 0; i < dn; i++) {
                r[i] = aty[i] + rho * (r[i] + z[i] - l1[i]);
            }
            // Woodbury: w = t/ρ − K⁻¹Aᵀ S_ρ⁻¹ (A t)/ρ² with t = blkdiag(K⁻¹) r
            prog.applyKInverse(r, nb, t);
            for (int i = 0; i < d * p; i++) {
                tdiff[i] = t[i] - t[i + d * p];
            }
            prog.timesX(tdiff, p, np);
            double[] at = prog.maskedRowSums(np);
            double[] q = chol.solve(at);
            double scale = 1.0 / (rho * rho);
            for (int i = 0; i < p; i++) {
                int off = i * n;
                for (int k = 0; k < n; k++) {
                    np[off + k] = masks[off + k] * q[k] * scale;
                }
            }
            prog.timesXTranspose(np, p, qx);
            prog.applyKInverse(qx, p, kq);
            for (int i = 0; i < d * p; i++) {
                w[i] = t[i] / rho - kq[i];
                w[i + d * p] = t[i + d * p] / rho + kq[i];
            }
            prog.timesX(w, nb, xw);

            // z-step (group soft-threshold) and λ1 update, on the relaxed w
            double thr = beta / rho;
            double priSq = 0;
            double wSq = 0;
            double zSq = 0;
            for (int b = 0; b < nb; b++) {
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
            // s-step (projection on s ≥ 0) and λ2 update
            if (!check) {
                coneStep(xw, s, l2, sign, half, alpha);
                continue;
            }
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
            prog.timesXTranspose(buf, nb, gtds);
            double dualSq = 0;
            for (int i = 0; i < dn; i++) {
                double v = dz[i] + gtds[i];
                dualSq += v * v;
            }
            for (int i = 0; i < half; i++) {
                buf[i] = l2[i] * sign[i];
                buf[i + half] = l2[i + half] * sign[i];
            }
            prog.timesXTranspose(buf, nb, gtds);
            double yScaleSq = 0;
            for (int i = 0; i < dn; i++) {
                double v = l1[i] + gtds[i];
                yScaleSq += v * v;
            }
            rPri = Math.sqrt(priSq);
            rDual = rho * Math.sqrt(dualSq);
            double priScale = Math.max(1.0, Math.max(Math.sqrt(wSq + gwSq), Math.sqrt(zSq + sSq)));
            double dualScale = Math.max(1.0, rho * Math.sqrt(yScaleSq));
            boolean small = rPri <= settings.tolerance() * priScale && rDual <= settings.tolerance() * dualScale;
            PatternConeProgram.Bound bound = prog.bound(z, l2, rho, beta);
            boolean certified = bound.relativeGap() <= settings.gapTolerance();
            if (small || certified) {
                return new Result(new State(z, s, l1, l2, rho), it, true, rPri, rDual, false, bound);
            }
            long signature = ActiveSetPolish.signature(prog, z, s);
            stableChecks = signature == lastSignature ? stableChecks + 1 : 0;
            lastSignature = signature;
            boolean stable = stableChecks >= POLISH_AFTER_STABLE_CHECKS && signature != failedSignature;
            boolean periodic = it - lastAttempt >= POLISH_AT_LEAST_EVERY;
            if (polish && (stable || periodic)) {
                Optional<Polish> polished = tryPolish(prog, z, s, l2, rho, beta, settings);
                if (polished.isPresent()) {
                    return new Result(new State(polished.get().z(), s, l1, l2, rho), it, true, rPri, rDual, true,
                            polished.get().bound());
                }
                failedSignature = signature;
                lastAttempt = it;
            }
            if (it % settings.adaptEvery() == 0) {
                double factor = 1.0;
                if (rPri / priScale > 10 * rDual / dualScale) {
                    factor = 2.0;
                } else if (rDual / dualScale > 10 * rPri / priScale) {
                    factor = 0.5;
                }
                if (factor != 1.0) {
                    rho *= factor;
                    for (int i = 0; i < dn; i++) {
                        l1[i] /= factor;
                    }
                    for (int i = 0; i < nn; i++) {
                        l2[i] /= factor;
                    }
                    chol = prog.woodburyFactor(rho);
                }
            }
        }
        if (polish && ActiveSetPolish.signature(prog, z, s) != failedSignature) {
            Optional<Polish> polished = tryPolish(prog, z, s, l2, rho, beta, settings);
            if (polished.isPresent()) {
                return new Result(new State(polished.get().z(), s, l1, l2, rho), settings.maxIterations(), true, rPri,
                        rDual, true, polished.get().bound());
            }
        }
        return new Result(new State(z, s, l1, l2, rho), settings.maxIterations(), false, rPri, rDual, false,
                prog.bound(z, l2, rho, beta));
    }

    /**
     * The polished start alone, after 0 iterations, when its gap meets the tolerance: for a start that
     * is the exact optimum of a neighbouring program.
     */
    static Optional<Result> polishOnly(PatternConeProgram prog, double beta, State start, AdmmSettings settings) {
        return tryPolish(prog, start.z(), start.s(), start.l2(), start.rho(), beta, settings)
                .map(p -> new Result(new State(p.z(), start.s(), start.l1(), start.l2(), start.rho()), 0, true, 0.0,
                        0.0, true, p.bound()));
    }

    /** The polished blocks when their gap meets the tolerance. */
    private record Polish(double[] z, PatternConeProgram.Bound bound) {
    }

    private static Optional<Polish> tryPolish(PatternConeProgram prog, double[] z, double[] s, double[] l2,
            double rho, double beta, AdmmSettings settings) {
        for (double drop : new double[] {0.0, NEGLIGIBLE_BLOCK}) {
            // the second attempt differs from the first only when it drops a block
            if (drop > 0 && !ActiveSetPolish.dropsAny(prog, z, drop)) {
                break;
            }
            Optional<ActiveSetPolish.Polished> polished = ActiveSetPolish.polish(prog, z, s, beta, drop);
            if (polished.isEmpty()) {
                continue;
            }
            PatternConeProgram.Bound bound = prog.bound(polished.get().z(), l2, rho, beta,
                    polished.get().multipliers(), true);
            if (bound.relativeGap() <= settings.gapTolerance()) {
                return Optional.of(new Polish(polished.get().z(), bound));
            }
        }
        return Optional.empty();
    }

    /** The s-step s = max(Ĝw + λ2, 0) and the λ2 update, without residual bookkeeping. */
    private static void coneStep(double[] xw, double[] s, double[] l2, double[] sign, int half, double alpha) {
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
}

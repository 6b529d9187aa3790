package org.deepdual.solve.relu2;

import java.util.Optional;

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

    /**
     * When the iterate is handed to {@link ActiveSetPolish} (docs/theory.md §9). A polished point is
     * taken only when its own gap meets the gap tolerance.
     */
    enum Polishing {
        /** Plain ADMM: a reference for the polished value. */
        NEVER,
        /**
         * Once the face (nonzero blocks and zero slacks) is the same at {@code POLISH_AFTER_STABLE_CHECKS}
         * checks in a row and is not the face of a failed polish, at least every
         * {@code POLISH_AT_LEAST_EVERY} iterations, and at the iteration cap.
         */
        WHEN_SETTLED,
        /**
         * As {@link #WHEN_SETTLED}, after polishing the start before the first iteration: for a start
         * that is already an exact optimum of a neighbouring program (a smaller working set, another
         * β), taken after 0 iterations when it certifies.
         */
        START_THEN_WHEN_SETTLED
    }

    private PatternAdmm() {
    }

    /** The run with {@link Polishing#WHEN_SETTLED}. */
    static Result run(PatternConeProgram prog, double beta, Optional<State> warm, AdmmSettings settings) {
        return run(prog, beta, warm, settings, Polishing.WHEN_SETTLED);
    }

    static Result run(PatternConeProgram prog, double beta, Optional<State> warm, AdmmSettings settings,
            Polishing polishing) {
        AdmmIterate iterate = new AdmmIterate(prog, beta, warm, settings.relaxation());
        PolishSchedule schedule = new PolishSchedule(prog, beta, settings);
        if (polishing == Polishing.START_THEN_WHEN_SETTLED) {
            Optional<Result> polished = polishOnly(prog, beta, iterate.state(), settings);
            if (polished.isPresent()) {
                return polished.get();
            }
            schedule.failedAt(iterate);
        }
        AdmmIterate.Residuals residuals = AdmmIterate.Residuals.NONE;
        for (int it = 1; it <= settings.maxIterations(); it++) {
            iterate.wStep();
            iterate.zStep();
            if (it % CHECK_EVERY != 0 && it != settings.maxIterations()) {
                iterate.coneStep();
                continue;
            }
            residuals = iterate.checkedConeStep();
            PatternConeProgram.Bound bound = prog.bound(iterate.z(), iterate.l2(), iterate.rho(), beta);
            if (residuals.small(settings.tolerance()) || bound.relativeGap() <= settings.gapTolerance()) {
                return new Result(iterate.state(), it, true, residuals.primal(), residuals.dual(), false, bound);
            }
            if (polishing != Polishing.NEVER) {
                Optional<Polish> polished = schedule.atCheck(iterate, it);
                if (polished.isPresent()) {
                    return polished.get().result(iterate, it, residuals);
                }
            }
            if (it % settings.adaptEvery() == 0) {
                iterate.adaptRho(residuals);
            }
        }
        if (polishing != Polishing.NEVER) {
            Optional<Polish> polished = schedule.atCap(iterate);
            if (polished.isPresent()) {
                return polished.get().result(iterate, settings.maxIterations(), residuals);
            }
        }
        return new Result(iterate.state(), settings.maxIterations(), false, residuals.primal(), residuals.dual(),
                false, prog.bound(iterate.z(), iterate.l2(), iterate.rho(), beta));
    }

    /**
     * Decides when a run polishes ({@link Polishing#WHEN_SETTLED}) from the faces of its check
     * iterations: a face seen at enough checks in a row has settled, and a face whose polish failed
     * is not polished again until it changes.
     */
    private static final class PolishSchedule {
        private final PatternConeProgram prog;
        private final double beta;
        private final AdmmSettings settings;
        /** The face of the last check, and the face whose polish last failed; null before any. */
        private FaceIdentity lastFace;
        private FaceIdentity failedFace;
        private int stableChecks;
        private int lastAttempt;

        PolishSchedule(PatternConeProgram prog, double beta, AdmmSettings settings) {
            this.prog = prog;
            this.beta = beta;
            this.settings = settings;
        }

        /** The iterate's face failed to polish (the start's, before any iteration). */
        void failedAt(AdmmIterate iterate) {
            failedFace = FaceIdentity.ofIterate(prog, iterate.z(), iterate.s());
        }

        /** At check iteration {@code it}: the polished point when the face settled or is due, and certifies. */
        Optional<Polish> atCheck(AdmmIterate iterate, int it) {
            FaceIdentity face = FaceIdentity.ofIterate(prog, iterate.z(), iterate.s());
            stableChecks = face.equals(lastFace) ? stableChecks + 1 : 0;
            lastFace = face;
            boolean stable = stableChecks >= POLISH_AFTER_STABLE_CHECKS && !face.equals(failedFace);
            boolean periodic = it - lastAttempt >= POLISH_AT_LEAST_EVERY;
            if (!stable && !periodic) {
                return Optional.empty();
            }
            Optional<Polish> polished = tryPolish(prog, iterate.z(), iterate.s(), iterate.l2(), iterate.rho(), beta,
                    settings);
            if (polished.isEmpty()) {
                failedFace = face;
                lastAttempt = it;
            }
            return polished;
        }

        /** At the iteration cap: a last polish, unless the face is the one that just failed. */
        Optional<Polish> atCap(AdmmIterate iterate) {
            if (FaceIdentity.ofIterate(prog, iterate.z(), iterate.s()).equals(failedFace)) {
                return Optional.empty();
            }
            return tryPolish(prog, iterate.z(), iterate.s(), iterate.l2(), iterate.rho(), beta, settings);
        }
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
        /** The run's result: the iterate with these blocks, converged and polished. */
        Result result(AdmmIterate iterate, int iterations, AdmmIterate.Residuals residuals) {
            return new Result(iterate.withBlocks(z), iterations, true, residuals.primal(), residuals.dual(), true,
                    bound);
        }
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
}

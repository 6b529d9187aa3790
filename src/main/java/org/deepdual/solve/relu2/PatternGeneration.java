package org.deepdual.solve.relu2;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepdual.linalg.Gemm;
import org.deepdual.linalg.Matrix;

/**
 * Column generation of activation patterns for the convex program of docs/theory.md §9. The program
 * over a pattern set S is solved on a small working set W ⊂ S' (S' = S plus searched patterns) by
 * {@link PatternAdmm}; at its solution λ = y − Az, the dual constraint of every pattern outside W is
 * priced, {@code max_{u ∈ C_i, ‖u‖ ≤ 1} ±λᵀD_iXu ≤ β}, and the violators join W, until none is left.
 * Then the working-set optimum is the optimum of the program over S ∪ W: its λ is dual feasible for
 * every block of S (the missing blocks are zero in an optimal solution).
 *
 * <p>Pricing has two stages. A cheap search first: from every candidate generator and every
 * working-set generator, both output signs, the fixed-point ascent u ← ±XᵀD(u)λ/‖·‖ (a fixed point is
 * the exact maximum over its pattern's cone) proposes the patterns of the best directions it visits,
 * which need not be in S — this is how patterns of good networks that sampling missed are found.
 * When the search finds nothing, every pattern of S with ‖XᵀD_iλ‖ above β is checked exactly by
 * {@link ConeDualNorm} (any truncated value is an upper bound, so a pass is a proof). A pattern
 * violates when its value exceeds β(1 + {@link #VIOLATION}).
 */
final class PatternGeneration {
    /** Relative violation of a dual constraint that brings a pattern into the working set. */
    static final double VIOLATION = 1e-7;
    /** Candidate patterns with the largest ‖XᵀD_iy‖ in the first working set. */
    private static final int INITIAL = 8;
    /** Patterns added per round at most (the largest violations first). */
    private static final int ADD_PER_ROUND = 12;
    private static final int MAX_ROUNDS = 60;
    private static final int ASCENT_STEPS = 10;

    /** Random ascent starts per pricing: enough to cover the sphere's directions coarsely in low d. */
    static int randomStarts(int d) {
        return Math.max(64, 8 * d);
    }
    /** Rounds before the last price from an iterate of this relative gap (or this many iterations). */
    private static final double LOOSE_GAP = 1e-4;
    private static final int LOOSE_ITERATIONS = 500;

    private PatternGeneration() {
    }

    /**
     * A working set: its directions (one generator per pattern, in order), the blocks z
     * (d × 2P over {@code ActivationPatterns.ofDirections(x, directions)}), and whether z is a
     * polished (exact) optimum.
     */
    record WorkingSet(List<double[]> directions, double[] z, boolean polished) {
        /** The patterns with a nonzero block, with their blocks: where the next cell of a path starts. */
        WorkingSet pruned(int d) {
            int p = directions.size();
            List<double[]> kept = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                if (norm(z, i, d) > 0 || norm(z, p + i, d) > 0) {
                    kept.add(directions.get(i));
                    index.add(i);
                }
            }
            int q = kept.size();
            double[] out = new double[d * 2 * q];
            for (int j = 0; j < q; j++) {
                int i = index.get(j);
                System.arraycopy(z, i * d, out, j * d, d);
                System.arraycopy(z, (p + i) * d, out, (q + j) * d, d);
            }
            return new WorkingSet(kept, out, polished);
        }
    }

    /**
     * The solve: the last restricted program and its ADMM result, the rounds, the ADMM iterations of
     * all rounds, the largest relative violation the last pricing saw (≤ {@link #VIOLATION} when
     * {@code complete}), and the working set a warm start resumes from.
     */
    record Result(PatternConeProgram program, PatternAdmm.Result run, int rounds, int iterations,
            double worstViolation, boolean complete, WorkingSet workingSet) {
    }

    static Result solve(Matrix x, double[] y, ActivationPatterns candidates, List<double[]> seeds,
            Optional<WorkingSet> warm, double beta, AdmmSettings settings) {
        if (warm.isPresent() && !warm.get().directions().isEmpty() && warm.get().polished()) {
            Optional<Result> continued = solve(x, y, candidates, seeds, warm, beta, settings, FirstRound.POLISH_ONLY);
            if (continued.isPresent()) {
                return continued.get();
            }
            // the previous cell's optimum did not polish into this cell's: the cell is solved cold, since
            // ADMM from the previous working set was measured slower than cold at n = 1000 (its working
            // set carries every earlier cell's neurons)
            return solve(x, y, candidates, seeds, Optional.empty(), beta, settings, FirstRound.ADMM).orElseThrow();
        }
        return solve(x, y, candidates, seeds, warm, beta, settings, FirstRound.ADMM).orElseThrow();
    }

    /** What the first round of a column generation does with its start. */
    private enum FirstRound {
        /** ADMM from the warm start (or cold), polished once its face settles. */
        ADMM,
        /**
         * Only the polish of the warm start, an exact optimum of the previous cell, with no ADMM step; a
         * polish that does not certify ends the solve (empty).
         */
        POLISH_ONLY
    }

    /** The column generation, each round a restricted solve and a pricing of its λ. */
    private static Optional<Result> solve(Matrix x, double[] y, ActivationPatterns candidates, List<double[]> seeds,
            Optional<WorkingSet> warm, double beta, AdmmSettings settings, FirstRound first) {
        double[] z0 = warm.filter(w -> !w.directions().isEmpty()).map(WorkingSet::z).orElse(null);
        List<double[]> dirs = new ArrayList<>();
        if (z0 != null) {
            dirs.addAll(warm.get().directions());
        }
        dirs.addAll(seeds);
        dirs.addAll(largestCorrelations(x, y, candidates, INITIAL));
        PatternConeProgram program = null;
        PatternAdmm.Result run = null;
        int iterations = 0;
        double worst = Double.NaN;
        AdmmSettings loose = settings.withGapTolerance(Math.max(settings.gapTolerance(), LOOSE_GAP))
                .withMaxIterations(Math.min(settings.maxIterations(), LOOSE_ITERATIONS));
        boolean tight = false;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            ActivationPatterns ws = ActivationPatterns.ofDirections(x, dirs);
            PatternConeProgram next = ws.count() == (program == null ? -1 : program.p) ? program
                    : new PatternConeProgram(x, y, ws);
            Start start = run != null ? Start.after(run, program.p, next, x.cols(), x.rows())
                    : Start.warm(z0, first == FirstRound.POLISH_ONLY, next, beta, x.cols(), x.rows());
            program = next;
            // every round may polish: at n = 1000 a loose ADMM round of 500 iterations can end far from the
            // working set's optimum (relative gap 0.8), and pricing from its λ then adds patterns without end
            if (round == 1 && first == FirstRound.POLISH_ONLY) {
                Optional<PatternAdmm.Result> polished = PatternAdmm.polishOnly(program, beta,
                        start.state().orElseThrow(), settings);
                if (polished.isEmpty()) {
                    return Optional.empty();
                }
                run = polished.get();
            } else {
                run = PatternAdmm.run(program, beta, start.state(), tight ? settings : loose, start.polishing());
            }
            // a polished point meeting the tight tolerance is the working set's optimum: no tight round needed
            tight |= run.polished() && run.bound().relativeGap() <= settings.gapTolerance();
            iterations += run.iterations();
            List<double[]> canonical = columns(ws.generators());
            WorkingSet current = new WorkingSet(canonical, run.state().z(), run.polished());
            if (tight && !run.converged()) {
                // priced out at the loose tolerance but not solved to the tight one: the caller reports the gap
                return Optional.of(new Result(program, run, round, iterations, worst, true, current));
            }
            Pricing pricing = price(x, residual(program, run.state().z()), candidates, ws, beta);
            worst = pricing.worst();
            if (pricing.violators().isEmpty()) {
                if (tight) {
                    return Optional.of(new Result(program, run, round, iterations, worst, true, current));
                }
                // the loose solve's λ prices nothing out: finish this working set to the tolerance
                tight = true;
                continue;
            }
            dirs = new ArrayList<>(canonical);
            dirs.addAll(pricing.violators());
            tight = false;
        }
        return Optional.of(new Result(program, run, MAX_ROUNDS, iterations, worst, false,
                new WorkingSet(columns(program.patterns.generators()), run.state().z(), run.polished())));
    }

    /**
     * The ADMM start of a round on the working set {@code next} (its first patterns the old ones) and
     * how it is polished. A start that is an exact optimum (the last round's polished point, or the
     * previous cell's) is polished before any ADMM step, its slacks recomputed so that its zero slacks
     * mark its face: the new blocks enter the face through their dual constraints.
     */
    private record Start(Optional<PatternAdmm.State> state, PatternAdmm.Polishing polishing) {
        /** After a round: its iterate, with zeros for the new blocks. */
        static Start after(PatternAdmm.Result last, int p0, PatternConeProgram next, int d, int n) {
            PatternAdmm.State st = extend(last.state(), p0, next.p, d, n);
            return last.polished() ? exact(st, next) : new Start(Optional.of(st), PatternAdmm.Polishing.WHEN_SETTLED);
        }

        /** The first round: the warm blocks z0 (or none: a cold start) with zero slacks and duals, ρ = β. */
        static Start warm(double[] z0, boolean isExact, PatternConeProgram next, double beta, int d, int n) {
            if (z0 == null) {
                return new Start(Optional.empty(), PatternAdmm.Polishing.WHEN_SETTLED);
            }
            int p0 = z0.length / (2 * d);
            PatternAdmm.State st = extend(new PatternAdmm.State(z0, new double[n * 2 * p0], new double[z0.length],
                    new double[n * 2 * p0], beta), p0, next.p, d, n);
            return isExact ? exact(st, next) : new Start(Optional.of(st), PatternAdmm.Polishing.WHEN_SETTLED);
        }

        private static Start exact(PatternAdmm.State st, PatternConeProgram next) {
            return new Start(Optional.of(new PatternAdmm.State(st.z(), next.slack(st.z()), st.l1(), st.l2(), st.rho())),
                    PatternAdmm.Polishing.START_THEN_WHEN_SETTLED);
        }
    }

    /** The directions of violating patterns (largest violation first) and the largest relative violation. */
    record Pricing(List<double[]> violators, double worst) {
    }

    static Pricing price(Matrix x, double[] lambda, ActivationPatterns candidates, ActivationPatterns ws,
            double beta) {
        Set<BitSet> inWs = new HashSet<>();
        for (int i = 0; i < ws.count(); i++) {
            inWs.add(bits(ws.mask(i)));
        }
        double limit = beta * (1 + VIOLATION);
        Map<BitSet, double[]> found = new LinkedHashMap<>();
        Map<BitSet, Double> value = new LinkedHashMap<>();
        double worst = search(x, lambda, starts(candidates, ws, x, lambda), inWs, limit, found, value);
        if (found.isEmpty()) {
            worst = Math.max(worst, exactCheck(x, lambda, candidates, inWs, limit, limit, found, value));
        }
        List<BitSet> order = new ArrayList<>(found.keySet());
        order.sort(Comparator.comparingDouble((BitSet b) -> -value.get(b)));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(ADD_PER_ROUND, order.size()); i++) {
            out.add(found.get(order.get(i)));
        }
        return new Pricing(out, worst / beta - 1);
    }

    /**
     * The ascent starts: candidate and working-set generators, XᵀD_iλ of every candidate, and
     * {@link #randomStarts} random directions (seeded by the shape of X, so a cell's result depends on
     * its data and problem only): the candidates alone can leave the pattern of a better network
     * unpriced, and then the program stops above what local training reaches.
     */
    private static Matrix starts(ActivationPatterns candidates, ActivationPatterns ws, Matrix x, double[] lambda) {
        int d = candidates.generators().rows();
        int n = x.rows();
        int pc = candidates.count();
        int r = randomStarts(d);
        int m = 2 * pc + ws.count() + r;
        double[] u = new double[d * m];
        java.util.Random rnd = new java.util.Random(31L * n + d);
        for (int i = d * (m - r); i < d * m; i++) {
            u[i] = rnd.nextGaussian();
        }
        System.arraycopy(candidates.generators().toColumnMajor(), 0, u, 0, d * pc);
        System.arraycopy(ws.generators().toColumnMajor(), 0, u, d * pc, d * ws.count());
        double[] masked = new double[n * pc];
        double[] masks = candidates.masksColumnMajor();
        for (int i = 0; i < n * pc; i++) {
            masked[i] = masks[i] * lambda[i % n];
        }
        double[] grads = new double[d * pc];
        Gemm.multiply(true, false, d, pc, n, 1.0, x.toColumnMajor(), masked, 0.0, grads);
        System.arraycopy(grads, 0, u, d * (pc + ws.count()), d * pc);
        return Matrix.ofColumnMajor(d, m, u);
    }

    /**
     * The batched fixed-point ascent from every start with both signs; records the best direction of
     * every run whose pattern is outside the working set and whose value exceeds the limit. Returns
     * the largest value seen outside the working set.
     */
    private static double search(Matrix x, double[] lambda, Matrix startDirs, Set<BitSet> inWs, double limit,
            Map<BitSet, double[]> found, Map<BitSet, Double> value) {
        int n = x.rows();
        int d = x.cols();
        int m0 = startDirs.cols();
        int m = 2 * m0;
        double[] xa = x.toColumnMajor();
        double[] u = new double[d * m];
        double[] s0 = startDirs.toColumnMajor();
        System.arraycopy(s0, 0, u, 0, d * m0);
        System.arraycopy(s0, 0, u, d * m0, d * m0);
        double[] best = new double[m];
        double[] bestDir = new double[d * m];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        double[] xu = new double[n * m];
        double[] masked = new double[n * m];
        for (int step = 0; step <= ASCENT_STEPS; step++) {
            normalize(u, d, m);
            Gemm.multiply(false, false, n, m, d, 1.0, xa, u, 0.0, xu);
            for (int c = 0; c < m; c++) {
                double sign = c < m0 ? 1.0 : -1.0;
                double v = 0;
                int off = c * n;
                for (int k = 0; k < n; k++) {
                    boolean on = xu[off + k] >= 0;
                    v += on ? lambda[k] * xu[off + k] : 0.0;
                    masked[off + k] = on ? sign * lambda[k] : 0.0;
                }
                v *= sign;
                if (v > best[c]) {
                    best[c] = v;
                    System.arraycopy(u, c * d, bestDir, c * d, d);
                }
            }
            if (step < ASCENT_STEPS) {
                Gemm.multiply(true, false, d, m, n, 1.0, xa, masked, 0.0, u);
            }
        }
        double worst = 0;
        for (int c = 0; c < m; c++) {
            if (best[c] <= 0) {
                continue;
            }
            double[] dir = java.util.Arrays.copyOfRange(bestDir, c * d, (c + 1) * d);
            BitSet key = patternOf(x, dir);
            if (inWs.contains(key)) {
                continue;
            }
            worst = Math.max(worst, best[c]);
            if (best[c] > limit && (!value.containsKey(key) || value.get(key) < best[c])) {
                found.put(key, dir);
                value.put(key, best[c]);
            }
        }
        return worst;
    }

    /** Exact check of every candidate pattern outside the working set; returns the largest value. */
    private static double exactCheck(Matrix x, double[] lambda, ActivationPatterns candidates, Set<BitSet> inWs,
            double screen, double limit, Map<BitSet, double[]> found, Map<BitSet, Double> value) {
        int n = x.rows();
        int d = x.cols();
        int p = candidates.count();
        double[] grads = new double[d * p];
        double[] masked = new double[n * p];
        double[] masks = candidates.masksColumnMajor();
        for (int i = 0; i < n * p; i++) {
            masked[i] = masks[i] * lambda[i % n];
        }
        Gemm.multiply(true, false, d, p, n, 1.0, x.toColumnMajor(), masked, 0.0, grads);
        double[] gens = candidates.generators().toColumnMajor();
        double worst = 0;
        for (int i = 0; i < p; i++) {
            double[] a = java.util.Arrays.copyOfRange(grads, i * d, (i + 1) * d);
            double na = 0;
            for (double v : a) {
                na += v * v;
            }
            // the cone-constrained maximum is at most ‖a‖
            if (Math.sqrt(na) <= screen) {
                continue;
            }
            BitSet key = bits(candidates.mask(i));
            if (inWs.contains(key)) {
                continue;
            }
            double[] signs = new double[n];
            for (int k = 0; k < n; k++) {
                signs[k] = 2 * masks[i * n + k] - 1;
            }
            double[] neg = new double[d];
            for (int j = 0; j < d; j++) {
                neg[j] = -a[j];
            }
            double v = Math.max(ConeDualNorm.of(x, signs, a, 4 * d + 10), ConeDualNorm.of(x, signs, neg, 4 * d + 10));
            worst = Math.max(worst, v);
            if (v > limit) {
                found.put(key, java.util.Arrays.copyOfRange(gens, i * d, (i + 1) * d));
                value.put(key, v);
            }
        }
        return worst;
    }

    /** The largest relative violation max_i max_± (cone-constrained |λᵀD_iXu|)/β − 1 over the candidates. */
    static double worstViolation(Matrix x, double[] lambda, ActivationPatterns candidates, double beta) {
        return exactCheck(x, lambda, candidates, Set.of(), 0.0, Double.POSITIVE_INFINITY, new LinkedHashMap<>(),
                new LinkedHashMap<>()) / beta - 1;
    }

    /** The initial candidates: the patterns with the largest ‖XᵀD_iy‖ (the first to enter as β falls). */
    private static List<double[]> largestCorrelations(Matrix x, double[] y, ActivationPatterns candidates, int k) {
        int n = x.rows();
        int d = x.cols();
        int p = candidates.count();
        double[] masked = new double[n * p];
        double[] masks = candidates.masksColumnMajor();
        for (int i = 0; i < n * p; i++) {
            masked[i] = masks[i] * y[i % n];
        }
        double[] grads = new double[d * p];
        Gemm.multiply(true, false, d, p, n, 1.0, x.toColumnMajor(), masked, 0.0, grads);
        Integer[] order = new Integer[p];
        double[] norms = new double[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
            norms[i] = norm(grads, i, d);
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(norms[b], norms[a]));
        List<double[]> out = new ArrayList<>();
        double[] g = candidates.generators().toColumnMajor();
        for (int i = 0; i < Math.min(k, p); i++) {
            out.add(java.util.Arrays.copyOfRange(g, order[i] * d, (order[i] + 1) * d));
        }
        return out;
    }

    /**
     * The ADMM start on a working set whose first p0 patterns are the old ones: the old iterate and
     * scaled duals with zeros for the new blocks, and the old ρ.
     */
    private static PatternAdmm.State extend(PatternAdmm.State st, int p0, int p1, int d, int n) {
        return new PatternAdmm.State(spread(st.z(), p0, p1, d), spread(st.s(), p0, p1, n), spread(st.l1(), p0, p1, d),
                spread(st.l2(), p0, p1, n), st.rho());
    }

    private static double[] spread(double[] a, int p0, int p1, int size) {
        if (p0 == p1) {
            return a.clone();
        }
        double[] out = new double[size * 2 * p1];
        System.arraycopy(a, 0, out, 0, size * p0);
        System.arraycopy(a, size * p0, out, size * p1, size * p0);
        return out;
    }

    private static double[] residual(PatternConeProgram program, double[] z) {
        double[] az = program.applyA(z, new double[program.n * program.p]);
        double[] y = program.y();
        double[] lambda = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            lambda[k] = y[k] - az[k];
        }
        return lambda;
    }

    private static List<double[]> columns(Matrix m) {
        List<double[]> out = new ArrayList<>(m.cols());
        for (int c = 0; c < m.cols(); c++) {
            out.add(m.column(c));
        }
        return out;
    }

    private static BitSet patternOf(Matrix x, double[] u) {
        double[] xu = x.times(u);
        BitSet b = new BitSet(xu.length);
        for (int k = 0; k < xu.length; k++) {
            if (xu[k] >= 0) {
                b.set(k);
            }
        }
        return b;
    }

    private static BitSet bits(double[] mask) {
        BitSet b = new BitSet(mask.length);
        for (int k = 0; k < mask.length; k++) {
            if (mask[k] != 0) {
                b.set(k);
            }
        }
        return b;
    }

    private static void normalize(double[] u, int d, int m) {
        for (int c = 0; c < m; c++) {
            double s = norm(u, c, d);
            for (int j = 0; j < d; j++) {
                u[c * d + j] = s > 0 ? u[c * d + j] / s : 0.0;
            }
        }
    }

    private static double norm(double[] z, int b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += z[b * d + j] * z[b * d + j];
        }
        return Math.sqrt(s);
    }
}

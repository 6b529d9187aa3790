package org.deepdual.solve.relu2;

import org.deepdual.model.Activation;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Loss;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.solve.core.PreparedData;
import static org.deepdual.linalg.Vectors.norm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;

/**
 * Setting {@code relu2} (docs/theory.md §9): the two-layer ReLU network
 * {@code min ½‖relu(XW_1)w_2 − y‖² + β/2(‖W_1‖_F² + ‖w_2‖²)} on arbitrary data, solved through its
 * exact convex reformulation over activation patterns,
 * {@code min ½‖Σ_i D_iX(v_i − u_i) − y‖² + β Σ_i(‖v_i‖ + ‖u_i‖)} subject to
 * {@code (2D_i − I)Xv_i ≥ 0, (2D_i − I)Xu_i ≥ 0}, by the scaled ADMM of {@link PatternAdmm} with
 * active-set polishing.
 *
 * <p>Which patterns: by default ({@link PatternSearch#GENERATED}) the {@code patterns} sampled
 * directions (all patterns for d ≤ 2) are the candidates of a column generation
 * ({@link PatternGeneration}) that also searches for patterns sampling missed, and the program is
 * solved on a small working set, so a cell's cost scales with the working set, not with P; its
 * value is at most the value over the sampled set alone. {@link PatternSearch#SAMPLED} solves the
 * program over the sampled set at once (the n × n Woodbury system, 2P blocks per iteration).
 * {@link #solveCell(Prepared, Problem, List)} adds the neurons of given networks (e.g. a baseline
 * training run) to the first working set.
 *
 * <p>Each nonzero block becomes a neuron v/√‖v‖ with output weight ±√‖v‖ (parallel blocks of one sign
 * merged); {@code primal} is the forward objective of that network (docs/theory.md §1; a bias
 * column of X is an ordinary input column). {@code dual} is the certificate {@code D(λ/max(1, ρ))} of
 * {@link ReluDualCertificate} at λ = y − f(X), exact for d ≤ 2. With every pattern enumerated
 * (d ≤ 2) the result is {@code OPTIMAL} and certified when the gap is at most 1e-6·max(1, |primal|);
 * with sampled patterns the program's value is only an upper bound and the status is {@code BOUNDS}
 * ({@code OPTIMAL}, not certified, when sampling provably found every pattern). A β path is solved
 * warm: each cell starts from the previous cell's primal iterate, so a cell's result depends on the
 * path it belongs to and on nothing else. With column generation a cell first polishes the previous
 * cell's optimum (its working set pruned to its nonzero blocks) with no ADMM step; when that does not
 * certify, the cell is solved as a cold one. Last, every cell of a path takes the best bounds the
 * path vouches for ({@link PathBest}): the best of the path's networks and seed networks at its β,
 * the best proven dual of the path at β no larger than its own.
 */
public final class TwoLayerReluSolver implements DualSolver<TwoLayerReluSolver.Prepared> {
    /** docs/theory.md §3: relu2 gap tolerance, relative to max(1, |primal|). */
    public static final double GAP_TOLERANCE = 1e-6;
    /**
     * With column generation on enumerated patterns (d ≤ 2), a last restricted solve that hits the
     * iteration cap still gives a network (its objective is the primal, the exact certificate its
     * dual) when the program's gap is below this; the status is then decided by the certificate.
     * With sampled candidates an unfinished solve is always reported as BOUNDS with its program gap.
     */
    static final double UNCONVERGED_GAP = 1e-4;
    /** Blocks whose directions agree to 1 − cos ≤ this are one neuron. */
    private static final double PARALLEL = 1e-12;

    /** How the pattern set of a cell is chosen (docs/theory.md §9). */
    public enum PatternSearch {
        /** The program over the {@code patterns} sampled (or, for d ≤ 2, enumerated) patterns, all at once. */
        SAMPLED,
        /**
         * Column generation ({@link PatternGeneration}): the program over the sampled (or enumerated)
         * patterns plus the patterns a search for violated dual constraints finds, solved on a small
         * working set. Never above the SAMPLED value (up to the solve tolerance), exact for d ≤ 2.
         */
        GENERATED
    }

    private final AdmmSettings settings;
    private final PatternSearch search;

    public TwoLayerReluSolver() {
        this(AdmmSettings.DEFAULT);
    }

    public TwoLayerReluSolver(AdmmSettings settings) {
        this(settings, PatternSearch.GENERATED);
    }

    public TwoLayerReluSolver(AdmmSettings settings, PatternSearch search) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.search = Objects.requireNonNull(search, "search");
    }

    /** The data (scalar targets) and, per pattern set, the precomputed convex program. */
    public static final class Prepared implements PreparedData {
        private final Dataset data;
        private final double[] y;
        private final Map<String, PatternConeProgram> programs = new ConcurrentHashMap<>();
        private final Map<String, ActivationPatterns> candidates = new ConcurrentHashMap<>();

        private Prepared(Dataset data) {
            this.data = data;
            this.y = data.y().column(0);
        }

        @Override
        public Dataset data() {
            return data;
        }

        /** The activation patterns a problem samples: enumerated for d ≤ 2, else sampled from its seed. */
        public ActivationPatterns patterns(Problem problem) {
            return candidates.computeIfAbsent(key(problem),
                    k -> ActivationPatterns.of(data.x(), problem.patterns(), problem.seed()));
        }

        private String key(Problem problem) {
            return enumerates() ? "enumerated" : problem.patterns() + "@" + problem.seed();
        }

        /**
         * Whether every activation pattern is enumerated (d ≤ 2) rather than sampled: then the program
         * is the exact reformulation and seeding its working set cannot lower the value.
         */
        public boolean enumerates() {
            return data.d() <= 2;
        }

        PatternConeProgram program(Problem problem) {
            return programs.computeIfAbsent(key(problem), k -> new PatternConeProgram(data.x(), y, patterns(problem)));
        }

        PatternConeProgram program(ActivationPatterns patterns) {
            return new PatternConeProgram(data.x(), y, patterns);
        }

        double[] y() {
            return y.clone();
        }
    }

    /**
     * One solved cell with the pattern program's own certificate: {@code convexValue} is the convex
     * objective at the solution and {@code programLowerBound} a dual bound on the program over the
     * patterns used (docs/theory.md §9; with sampled patterns the program's optimum is only an upper
     * bound on the network's). Both are NaN for a FAILED cell.
     */
    public record Cell(Solution solution, double convexValue, double programLowerBound) {
        /** (convexValue − programLowerBound)/max(1, |convexValue|): how well the program was solved. */
        public double relativeProgramGap() {
            return (convexValue - programLowerBound) / Math.max(1.0, Math.abs(convexValue));
        }
    }

    /**
     * One solved cell with what the next cell of its path resumes from: {@code W} is an ADMM iterate
     * ({@link PatternSearch#SAMPLED}) or a working set ({@link PatternSearch#GENERATED}).
     */
    record Fit<W>(Cell cell, Optional<W> resume) {
        Solution solution() {
            return cell.solution();
        }

        double convexValue() {
            return cell.convexValue();
        }
    }

    @Override
    public Setting setting() {
        return Setting.RELU2;
    }

    @Override
    public Prepared prepare(Dataset data) {
        if (data.y().cols() != 1) {
            throw new IllegalArgumentException("relu2 needs a single output column: Y of data set '" + data.name()
                    + "' is " + data.y().shape());
        }
        return new Prepared(data);
    }

    @Override
    public Solution solve(Prepared prepared, Problem problem) {
        return solveCell(prepared, problem).solution();
    }

    /** Warm-starts each cell from the previous one of the same path when both use the same patterns. */
    @Override
    public List<Solution> solvePath(Prepared prepared, List<Problem> path) {
        return solvePathCells(prepared, path).stream().map(Cell::solution).toList();
    }

    /**
     * {@link #solvePath(Prepared, List)} with the first-layer neurons of {@code seeds.get(c)}
     * (e.g. a baseline training run of cell c) added to cell c's first working set, next to the
     * previous cell's working set ({@link PatternSearch#SAMPLED} ignores them there); every cell's
     * primal is at most the objective of every seed network of the path ({@link PathBest}).
     *
     * @throws IllegalArgumentException when {@code seeds} does not have one list per cell, or a seed
     *     network's input dimension is not the data's d
     */
    public List<Solution> solvePath(Prepared prepared, List<Problem> path, List<List<Network>> seeds) {
        return solvePathCells(prepared, path, seeds).stream().map(Cell::solution).toList();
    }

    /** One cell, cold, with the pattern program's certificate. */
    public Cell solveCell(Prepared prepared, Problem problem) {
        return solveCell(prepared, problem, List.of());
    }

    /**
     * One cell, cold, with the first-layer neurons of {@code seeds} (e.g. a baseline training run of
     * the same problem) in the first working set: each neuron's
     * block lies in its own pattern's cone with penalty β|w2|‖w1‖ ≤ β/2(‖w1‖² + w2²), and the cell's
     * primal is at most the objective of each seed network ({@link PathBest}).
     */
    public Cell solveCell(Prepared prepared, Problem problem, List<Network> seeds) {
        return solvePathCells(prepared, List.of(problem), List.of(seeds)).get(0);
    }

    /** The first-layer neurons of {@code seeds}, checked against the data's d. */
    private static List<double[]> directions(Prepared prepared, List<Network> seeds) {
        List<double[]> directions = new ArrayList<>();
        for (Network net : seeds) {
            Matrix w1 = net.layer(1);
            if (w1.rows() != prepared.data().d()) {
                throw new IllegalArgumentException("seed network has " + w1.rows() + " inputs, data set '"
                        + prepared.data().name() + "' has d = " + prepared.data().d());
            }
            for (int j = 0; j < w1.cols(); j++) {
                directions.add(w1.column(j));
            }
        }
        return directions;
    }

    /** {@link #solvePath} with the pattern program's certificate of every cell. */
    public List<Cell> solvePathCells(Prepared prepared, List<Problem> path) {
        return solvePathCells(prepared, path, java.util.Collections.nCopies(path.size(), List.of()));
    }

    /**
     * {@link #solvePath(Prepared, List, List)} with the pattern program's certificate of every cell.
     */
    public List<Cell> solvePathCells(Prepared prepared, List<Problem> path, List<List<Network>> seeds) {
        if (seeds.size() != path.size()) {
            throw new IllegalArgumentException("seeds: one list per cell of the path needed, got " + seeds.size()
                    + " for " + path.size() + " cells");
        }
        if (path.stream().anyMatch(q -> q.loss() != Loss.SQUARED)) {
            // the classification losses (docs/theory.md §14.3) solve their own program; seeds are not used
            return ClassificationPath.solve(prepared, path);
        }
        WarmPath walk = newPath(prepared);
        List<Cell> solved = new ArrayList<>(path.size());
        for (int c = 0; c < path.size(); c++) {
            solved.add(walk.next(path.get(c), seeds.get(c)));
        }
        List<Solution> best = PathBest.apply(prepared.data(), solved.stream().map(Cell::solution).toList(), seeds);
        List<Cell> out = new ArrayList<>(path.size());
        for (int c = 0; c < path.size(); c++) {
            Cell cell = solved.get(c);
            out.add(new Cell(best.get(c), cell.convexValue(), cell.programLowerBound()));
        }
        return out;
    }

    /**
     * A β path being solved in order by one pattern search: each cell starts from what the previous
     * solved cell of the same pattern set left, the first one cold.
     */
    private interface WarmPath {
        /** The next cell of the path, with the first-layer neurons of {@code seeds} where the search uses them. */
        Cell next(Problem problem, List<Network> seeds);
    }

    private WarmPath newPath(Prepared prepared) {
        return switch (search) {
            case SAMPLED -> new WholeSetPath(prepared);
            case GENERATED -> new GeneratedPath(prepared);
        };
    }

    /**
     * {@link PatternSearch#SAMPLED}: a cell on the program of the previous cell starts from its ADMM
     * iterate ({@link #warmStart}); seeds are ignored.
     */
    private final class WholeSetPath implements WarmPath {
        private final Prepared prepared;
        private Optional<PatternAdmm.State> warm = Optional.empty();
        private PatternConeProgram previous;

        WholeSetPath(Prepared prepared) {
            this.prepared = prepared;
        }

        @Override
        public Cell next(Problem problem, List<Network> seeds) {
            Optional<Cell> refused = refused(problem);
            if (refused.isPresent()) {
                return refused.get();
            }
            PatternConeProgram program = prepared.program(problem);
            Optional<PatternAdmm.State> start = program == previous
                    ? warm.map(st -> warmStart(st, problem.beta())) : Optional.empty();
            Fit<PatternAdmm.State> f = fit(prepared, problem, q -> program, start);
            if (f.resume().isPresent()) {
                warm = f.resume();
                previous = program;
            }
            return f.cell();
        }
    }

    /**
     * {@link PatternSearch#GENERATED}: a cell on the pattern set of the previous cell starts from its
     * working set pruned to the nonzero blocks ({@link PatternGeneration}).
     */
    private final class GeneratedPath implements WarmPath {
        private final Prepared prepared;
        private Optional<PatternGeneration.WorkingSet> warm = Optional.empty();
        private String previous;

        GeneratedPath(Prepared prepared) {
            this.prepared = prepared;
        }

        @Override
        public Cell next(Problem problem, List<Network> seeds) {
            String key = prepared.key(problem);
            Fit<PatternGeneration.WorkingSet> f = generate(prepared, problem, directions(prepared, seeds),
                    key.equals(previous) ? warm : Optional.empty());
            if (f.resume().isPresent()) {
                warm = f.resume().map(ws -> ws.pruned(prepared.data().d()));
                previous = key;
            }
            return f.cell();
        }
    }

    /**
     * The start of the next cell of a path: the previous primal iterate (z, s) with the duals reset
     * and ρ = β. Carrying the scaled duals and ρ over was measured to slow the next cell down (the
     * cone multipliers of one β are far from those of the next), the primal iterate alone speeds it up.
     */
    static PatternAdmm.State warmStart(PatternAdmm.State previous, double beta) {
        return new PatternAdmm.State(previous.z(), previous.s(), new double[previous.l1().length],
                new double[previous.l2().length], beta);
    }

    /**
     * One cell, cold, solved over the given pattern set {@code patterns} all at once, in place of the
     * problem's sampled or enumerated patterns and whatever the pattern search: for tests that compare
     * enumerated with sampled patterns.
     */
    Fit<PatternAdmm.State> fitWith(Prepared prepared, Problem problem, ActivationPatterns patterns) {
        return fit(prepared, problem, q -> prepared.program(patterns), Optional.empty());
    }

    /** A cell by column generation over the problem's sampled (or enumerated) patterns. */
    Fit<PatternGeneration.WorkingSet> generate(Prepared prepared, Problem problem, List<double[]> seeds,
            Optional<PatternGeneration.WorkingSet> warm) {
        Optional<Cell> refused = refused(problem);
        if (refused.isPresent()) {
            return new Fit<>(refused.get(), Optional.empty());
        }
        long start = System.nanoTime();
        ActivationPatterns candidates = prepared.patterns(problem);
        if (candidates.count() == 0 && seeds.isEmpty() && warm.isEmpty()) {
            // no pattern reaches a nonzero row (X = 0): the program over the empty set is the zero network
            return new Fit<>(fit(prepared, problem, prepared::program, Optional.empty()).cell(), Optional.empty());
        }
        PatternGeneration.Result gen = PatternGeneration.solve(prepared.data().x(), prepared.y, candidates, seeds,
                warm, problem.beta(), settings);
        PatternAdmm.Result run = gen.run();
        // with sampled candidates the status is BOUNDS anyway: an unfinished solve still gives a network
        // (primal) and the searched dual, and the reason reports how far the program got
        boolean solved = run.converged() || run.bound().relativeGap() <= UNCONVERGED_GAP
                || !candidates.enumerated();
        if (!solved || (!gen.complete() && candidates.enumerated())) {
            String reason = run.converged() ? String.format(Locale.ROOT, "pattern generation stopped after %d rounds"
                    + " with a dual constraint violated by %.3e", gen.rounds(), gen.worstViolation())
                    : notConverged(run, gen.iterations());
            return new Fit<>(failed(problem, reason, gen.iterations(), start), Optional.empty());
        }
        Solution solution = assemble(prepared, problem, gen.program(), run, start, candidates, gen.iterations(),
                columnGenerationNote(gen, candidates.count(), seeds.size()));
        return new Fit<>(solved(solution, gen.program(), run, problem.beta()), Optional.of(gen.workingSet()));
    }

    /** How the column generation went, for the reason of a cell. */
    private static String columnGenerationNote(PatternGeneration.Result gen, int candidates, int seeds) {
        PatternAdmm.Result run = gen.run();
        return String.format(Locale.ROOT, "column generation: %d rounds, %d of %d+ patterns in the working"
                + " set, program gap %.2e%s%s", gen.rounds(), gen.program().p, candidates, run.bound().relativeGap(),
                run.converged() ? "" : " (iteration cap)", gen.complete() ? "" : String.format(Locale.ROOT,
                " (round cap; a dual constraint violated by %.2e)", gen.worstViolation()))
                + (seeds == 0 ? "" : "; first working set seeded with " + seeds + " neurons");
    }

    /** A FAILED cell for β ≤ 0 (the program needs β > 0); a problem of another setting is a caller's error. */
    private static Optional<Cell> refused(Problem problem) {
        if (problem.setting() != Setting.RELU2) {
            throw new IllegalArgumentException("setting must be relu2 for TwoLayerReluSolver, got "
                    + problem.setting());
        }
        if (problem.beta() <= 0) {
            return Optional.of(new Cell(Solution.failed(problem, "beta must be > 0 for relu2"), Double.NaN,
                    Double.NaN));
        }
        return Optional.empty();
    }

    /** A cell by ADMM over the program {@code programs} gives for the problem, from {@code warm}. */
    Fit<PatternAdmm.State> fit(Prepared prepared, Problem problem,
            java.util.function.Function<Problem, PatternConeProgram> programs, Optional<PatternAdmm.State> warm) {
        Optional<Cell> refused = refused(problem);
        if (refused.isPresent()) {
            return new Fit<>(refused.get(), Optional.empty());
        }
        long start = System.nanoTime();
        PatternConeProgram program = programs.apply(problem);
        PatternAdmm.Result run = PatternAdmm.run(program, problem.beta(), warm, settings);
        if (!run.converged()) {
            // the unfinished iterate still warm-starts the next cell of the path
            return new Fit<>(failed(problem, notConverged(run, run.iterations()), run.iterations(), start),
                    Optional.of(run.state()));
        }
        Solution solution = assemble(prepared, problem, program, run, start, program.patterns, run.iterations(), "");
        return new Fit<>(solved(solution, program, run, problem.beta()), Optional.of(run.state()));
    }

    /** The cell of a solved program: its solution, the convex objective and the program's lower bound. */
    private static Cell solved(Solution solution, PatternConeProgram program, PatternAdmm.Result run, double beta) {
        return new Cell(solution, convexValue(program, run.state().z(), beta), run.bound().programLowerBound());
    }

    /** A FAILED cell: the solve stopped before its program was solved. */
    private static Cell failed(Problem problem, String reason, int iterations, long start) {
        Solution failed = Solution.builder(problem).status(Status.FAILED).reason(reason)
                .iterations(iterations).timeNanos(System.nanoTime() - start).build();
        return new Cell(failed, Double.NaN, Double.NaN);
    }

    /** The reason of a solve that reached its iteration cap. */
    private static String notConverged(PatternAdmm.Result run, int iterations) {
        return String.format(Locale.ROOT, "not converged: primal residual %.3e, dual residual %.3e after %d"
                + " iterations", run.primalResidual(), run.dualResidual(), iterations);
    }

    /**
     * The solution from the program's blocks; {@code patterns} is the set whose completeness decides
     * the status and whose generators the certificate searches from.
     */
    private Solution assemble(Prepared prepared, Problem problem, PatternConeProgram program,
            PatternAdmm.Result run, long start, ActivationPatterns patterns, int iterations, String how) {
        Dataset data = prepared.data();
        double beta = problem.beta();
        Network net = recover(run.state().z(), program);
        ForwardObjective fo = ForwardObjective.evaluate(net, data.x(), data.y(), problem);
        double primal = fo.value();
        double[] y = prepared.y();
        double[] f = net.forward(data.x()).column(0);
        double[] lambda = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            lambda[k] = y[k] - f[k];
        }
        ReluDualCertificate cert = ReluDualCertificate.of(data.x(), lambda, patterns, net.layer(1));
        double[] searched = cert.scaledDual(lambda, beta);
        double searchedDual = ReluDualCertificate.dualValue(searched, y);
        String note = how.isEmpty() ? "" : "; " + how;
        Solution.Builder b = Solution.builder(problem).primal(primal).network(net).neededWidth(net.maxHiddenWidth())
                .iterations(iterations);
        if (cert.exact()) {
            double gap = primal - searchedDual;
            double tol = GAP_TOLERANCE * Math.max(1.0, Math.abs(primal));
            b.dual(searchedDual).dualVariable(Matrix.column(searched));
            if (!patterns.exhaustive()) {
                b.status(Status.BOUNDS).reason(patterns.count() + " of the patterns: primal is an upper bound" + note);
            } else if (gap <= tol) {
                b.status(Status.OPTIMAL).certified(true);
            } else {
                b.status(Status.BOUNDS).reason(String.format(Locale.ROOT,
                        "certificate gap %.3e exceeds %.3e (rho %.9f)", gap, tol, cert.rho(beta)) + note);
            }
            return b.timeNanos(System.nanoTime() - start).build();
        }
        // d > 2: the searched maximum is only an estimate; the dual reported is the proven bound
        ReluDualCertificate.ProvenBound proven = ReluDualCertificate.proven(data.x(), lambda, y, beta);
        double[] feasible = lambda.clone();
        for (int k = 0; k < feasible.length; k++) {
            feasible[k] *= proven.scale();
        }
        b.dual(proven.value()).dualEstimate(searchedDual).dualVariable(Matrix.column(feasible));
        String bound = String.format(Locale.ROOT, "dual is a proven sign-split bound (rho <= %.4g); dual_estimate"
                + " searches directions (rho >= %.4g), not a bound", proven.maxCorrelation() / beta, cert.rho(beta));
        if (patterns.exhaustive()) {
            b.status(Status.OPTIMAL).reason("all " + patterns.count() + " patterns found by sampling, so the value is"
                    + " the optimum; " + bound + note);
        } else {
            b.status(Status.BOUNDS).reason(patterns.count() + " distinct patterns from " + problem.patterns()
                    + " sampled directions (seed " + problem.seed() + "): primal is an upper bound; " + bound + note);
        }
        return b.timeNanos(System.nanoTime() - start).build();
    }

    /**
     * Neuron z_b/√‖z_b‖ with output weight ±√‖z_b‖ per nonzero block (at least one, possibly zero).
     * Blocks of adjacent patterns often hold the same neuron split in two (its hyperplane passes
     * through a data point on their common boundary); parallel blocks of one output sign are merged,
     * which leaves relu(Xz) and the penalty unchanged.
     */
    static Network recover(double[] z, PatternConeProgram program) {
        return recover(z, program.d, program.p);
    }

    /** {@link #recover(double[], PatternConeProgram)} for 2P blocks of R^d: v_1..v_P, then u_1..u_P. */
    static Network recover(double[] z, int d, int p) {
        List<double[]> blocks = new ArrayList<>();
        List<Boolean> positive = new ArrayList<>();
        for (int b = 0; b < 2 * p; b++) {
            double[] zb = java.util.Arrays.copyOfRange(z, b * d, (b + 1) * d);
            if (norm(zb) == 0) {
                continue;
            }
            boolean pos = b < p;
            boolean merged = false;
            for (int j = 0; j < blocks.size() && !merged; j++) {
                double[] other = blocks.get(j);
                if (positive.get(j) == pos && cosine(other, zb) >= 1 - PARALLEL) {
                    for (int c = 0; c < d; c++) {
                        other[c] += zb[c];
                    }
                    merged = true;
                }
            }
            if (!merged) {
                blocks.add(zb);
                positive.add(pos);
            }
        }
        int m = Math.max(1, blocks.size());
        double[] w1 = new double[d * m];
        double[] w2 = new double[m];
        for (int j = 0; j < blocks.size(); j++) {
            double[] zb = blocks.get(j);
            double root = Math.sqrt(norm(zb));
            for (int c = 0; c < d; c++) {
                w1[j * d + c] = zb[c] / root;
            }
            w2[j] = positive.get(j) ? root : -root;
        }
        return Network.chain(Activation.RELU,
                List.of(Matrix.ofColumnMajor(d, m, w1), Matrix.ofColumnMajor(m, 1, w2)));
    }


    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    /** ½‖Az − y‖² + β Σ_b ‖z_b‖, the convex objective at z. */
    static double convexValue(PatternConeProgram program, double[] z, double beta) {
        double[] az = program.applyA(z, new double[program.n * program.p]);
        double[] y = program.y();
        double v = 0;
        for (int k = 0; k < y.length; k++) {
            v += 0.5 * (az[k] - y[k]) * (az[k] - y[k]);
        }
        int d = program.d;
        for (int b = 0; b < program.blocks(); b++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += z[b * d + j] * z[b * d + j];
            }
            v += beta * Math.sqrt(norm);
        }
        return v;
    }
}

package org.deepdual.bench.solve;

import org.deepdual.solve.core.Reconstruction;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.solve.batchnorm.BatchNormSolver;
import org.deepdual.model.BnVariant;
import org.deepdual.solve.linear.DeepLinearSolver;
import org.deepdual.solve.core.DualSolver;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.solve.rankone.RankOneReluSolver;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.model.Status;
import org.deepdual.solve.whitened.WhitenedReluSolver;
import org.deepdual.stats.AlignmentStats;
import org.deepdual.stats.Balance;
import org.deepdual.stats.LayerStats;
import org.deepdual.stats.NetworkStats;
import org.deepdual.stats.RankTolerance;

/**
 * Part 1 of the benchmark (issues "solvers" and "benchmarks"): cells per second on one core after
 * the per-data-set preparation of docs/theory.md §12, for each setting, depth L ∈ {2, 4, 8} and
 * width 32. A cell is one (β, L) of a 100-point log-spaced β grid; the cells are cycled so every
 * β regime (all paths on, the jumps, the zero network) is in the mix. Three modes: values only (the
 * closed forms' mode without weights), the solve with the explicit optimal weights padded to the
 * width, and the solve followed by the per-layer statistics of docs/theory.md §10 (rank, norms, stable rank,
 * alignment of each consecutive pair, balance). Preparation (SVD, whitening, path targets) is timed
 * separately. A solver that warm-starts along β (relu-1d) is measured as a sweep runs it, on the whole
 * grid as one path per call.
 */
public final class CellThroughput {
    static final int GRID = 100;
    /** Above this time per cell (an iterative solver) the rate is measured from a few single calls. */
    static final double SLOW_CELL_SECONDS = 0.02;

    /** One measured setting: a base problem (width, objective, variant, t) on a data set, over a β range. */
    public record Case(String name, String data, Problem base, double betaMin, double betaMax, List<Integer> depths) {
        public Case {
            depths = List.copyOf(depths);
        }
    }

    private CellThroughput() {
    }

    /** The settings of issue "solvers", width 32; depth 2 only for the two-layer settings. */
    public static List<Case> cases() {
        List<Integer> depths = List.of(2, 4, 8);
        List<Case> out = new ArrayList<>();
        out.add(new Case("linear-wd", BenchmarkData.GAUSS, base(Setting.LINEAR, Objective.WD), 1e-2, 1e3, depths));
        out.add(new Case("linear-tc", BenchmarkData.GAUSS, base(Setting.LINEAR, Objective.TC), 1e-2, 1e3, depths));
        out.add(new Case("linear-vector-wd", BenchmarkData.FMNIST, base(Setting.LINEAR, Objective.WD), 1e-2, 1e2,
                depths));
        out.add(new Case("relu-whitened-wd", BenchmarkData.FMNIST, base(Setting.RELU_WHITENED, Objective.WD), 1e-2,
                1e2, depths));
        out.add(new Case("relu-whitened-tc", BenchmarkData.FMNIST, base(Setting.RELU_WHITENED, Objective.TC), 1e-2,
                1e2, depths));
        out.add(new Case("bn-relu", BenchmarkData.FMNIST, base(Setting.BN, Objective.WD).withVariant(BnVariant.RELU),
                1e-2, 1e2, depths));
        out.add(new Case("bn-linear", BenchmarkData.FMNIST,
                base(Setting.BN, Objective.WD).withVariant(BnVariant.LINEAR), 1e-2, 1e2, depths));
        out.add(new Case("relu-rank1-wd", BenchmarkData.RANK_ONE, base(Setting.RELU_RANK1, Objective.WD), 1e-2, 1e3,
                depths));
        out.add(new Case("relu-1d-wd", BenchmarkData.ONE_D, base(Setting.RELU_1D, Objective.WD), 1e-4, 1e1,
                List.of(2)));
        return out;
    }

    private static Problem base(Setting s, Objective o) {
        Problem p = o == Objective.WD ? Problem.wd(s, 1.0, 2) : Problem.tc(s, 1.0, 2, 1.0);
        return p.withWidth(32);
    }

    /** The columns of {@link #run}'s table. */
    public static List<String> columns() {
        return List.of("case", "data", "depth", "width", "prepare_ms", "values_cells_per_s", "values_cpu_cells_per_s",
                "cells_per_s", "spread_pct", "cpu_cells_per_s",
                "stats_cells_per_s", "stats_spread_pct", "stats_cpu_cells_per_s", "optimal_bounds_failed", "note");
    }

    /**
     * Measures every case whose name is in {@code only} (all when empty); a case whose setting has no
     * solver in this build, or whose data the solver refuses, becomes a row with the reason in
     * {@code note}.
     */
    public static ResultTable run(BenchmarkData data, RepeatedMeasurement m, List<String> only, PrintStream log) {
        ResultTable t = new ResultTable("solve throughput per core after preparation (cells/s, median and quartiles)",
                columns());
        for (Case c : cases()) {
            if (!only.isEmpty() && !only.contains(c.name())) {
                continue;
            }
            measure(c, data, m, t, log);
        }
        t.note("spread_pct = half the interquartile range of the iterations' rates, in % of the median;"
                + " optimal_bounds_failed = statuses over the grid at that depth");
        t.note("cpu_cells_per_s: the same cells per second of this thread's CPU time (what an idle core would"
                + " give; time spent waiting for a core on the shared machine is not counted)");
        t.note("one thread; a cell = one (beta, L) of a " + GRID + "-point log grid; 'stats' adds per-layer rank,"
                + " norms, stable rank, alignment and balance (docs/theory.md §10)");
        t.note("values_*: the solver's values-only mode (value, dual, certificate; no weights); cells_per_s: with the"
                + " explicit weights padded to the width; stats_*: weights plus the per-layer statistics");
        if (!data.fashionMnistNote().isEmpty()) {
            t.note(data.fashionMnistNote());
        }
        return t;
    }

    private static void measure(Case c, BenchmarkData benchData, RepeatedMeasurement m, ResultTable t,
            PrintStream log) {
        Dataset data = benchData.get(c.data());
        PreparedData prepared;
        double prepareMs;
        try {
            Solvers.forSetting(c.base().setting());
            RepeatedMeasurement prep = new RepeatedMeasurement(0, Math.min(3, m.iterations()), m.iterationSeconds());
            prepareMs = 1e3 * prep.secondsPerCall(i -> Solvers.prepare(c.base().setting(), data).hashCode()).median();
            prepared = Solvers.prepare(c.base().setting(), data);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            for (int depth : c.depths()) {
                t.add(c.name(), shape(c.data(), data), depth, 32, null, null, null, null, null, null, null, null, null,
                        null, "not run: " + e.getMessage());
            }
            log.printf(Locale.ROOT, "  %-18s not run: %s%n", c.name(), e.getMessage());
            return;
        }
        for (int depth : c.depths()) {
            List<Problem> full = grid(c, depth);
            if (Solvers.warmStartsAlongBeta(c.base().setting())) {
                addWarmPath(t, c, data, prepared, full, prepareMs, m, log);
                continue;
            }
            long probe0 = System.nanoTime();
            Solvers.solve(prepared, full.get(GRID / 2));
            double probeSeconds = (System.nanoTime() - probe0) / 1e9;
            if (probeSeconds < 1) {
                // the first call also pays for compilation and the prepared data's lazy caches
                probe0 = System.nanoTime();
                Solvers.solve(prepared, full.get(GRID / 2));
                probeSeconds = Math.min(probeSeconds, (System.nanoTime() - probe0) / 1e9);
            }
            boolean slow = probeSeconds > SLOW_CELL_SECONDS;
            // an iterative solver (one cell well above a millisecond) is measured on every 20th cell, once each
            List<Problem> cells = slow ? everyNth(full, 20) : full;
            int[] counts = new int[3];
            String firstFailure = slow ? "iterative: " + cells.size() + " cells of the grid, one call each" : "";
            for (Problem p : cells) {
                Solution s = Solvers.solve(prepared, p);
                counts[s.status().ordinal()]++;
                if (s.status() == Status.FAILED && !firstFailure.startsWith("FAILED")) {
                    firstFailure = "FAILED at beta " + p.beta() + ": " + s.reason().orElse("");
                }
            }
            RepeatedMeasurement mm = slow ? new RepeatedMeasurement(0, cells.size(), 1e-9) : m;
            Optional<RepeatedMeasurement.Rates> valueRates = valuesOnly(c.base().setting()).filter(v -> !slow).map(solver -> mm.opsPerSecond(
                    i -> primal(solveUnchecked(solver, prepared, cells.get(i % cells.size())))));
            RepeatedMeasurement.Rates solveRates = mm.opsPerSecond(
                    i -> primal(Solvers.solve(prepared, cells.get(i % cells.size()))));
            RepeatedMeasurement.Rates statsRates = mm.opsPerSecond(
                    i -> withLayerStats(Solvers.solve(prepared, cells.get(i % cells.size()))));
            SampleSummary solve = solveRates.wall();
            SampleSummary stats = statsRates.wall();
            t.add(c.name(), shape(c.data(), data), depth, 32, prepareMs,
                    valueRates.map(r -> (Object) r.wall().median()).orElse(null),
                    valueRates.map(r -> (Object) r.cpu().median()).orElse(null), solve.median(), 100 * solve.relativeSpread(),
                    solveRates.cpu().median(), stats.median(), 100 * stats.relativeSpread(), statsRates.cpu().median(),
                    counts[Status.OPTIMAL.ordinal()] + "/"
                    + counts[Status.BOUNDS.ordinal()] + "/" + counts[Status.FAILED.ordinal()], firstFailure);
            log.printf(Locale.ROOT, "  %-18s L=%d  %9.0f cells/s (cpu %9.0f)  +stats %8.0f (cpu %8.0f)  prepare %.1f ms%n",
                    c.name(), depth, solve.median(), solveRates.cpu().median(), stats.median(),
                    statsRates.cpu().median(), prepareMs);
        }
    }

    /**
     * An iterative solver that warm-starts along β, measured as a sweep runs it: the whole grid as one
     * path per call (a sweep solves a setting's β path in one task), cells per second = grid size ×
     * paths per second; the statuses are those of the path.
     */
    private static void addWarmPath(ResultTable t, Case c, Dataset data, PreparedData prepared, List<Problem> full,
            double prepareMs, RepeatedMeasurement m, PrintStream log) {
        int[] counts = new int[3];
        String firstFailure = "warm beta path of " + full.size() + " cells per call, as a sweep solves it";
        for (Solution s : Solvers.solvePath(prepared, full)) {
            counts[s.status().ordinal()]++;
            if (s.status() == Status.FAILED && !firstFailure.contains("FAILED")) {
                firstFailure += "; FAILED at beta " + s.problem().beta() + ": " + s.reason().orElse("");
            }
        }
        RepeatedMeasurement paths = new RepeatedMeasurement(0, Math.max(3, m.iterations()), 1e-9);
        RepeatedMeasurement.Rates solveRates = pathRates(paths, prepared, full, CellThroughput::primal);
        RepeatedMeasurement.Rates statsRates = pathRates(paths, prepared, full, CellThroughput::withLayerStats);
        SampleSummary solve = solveRates.wall();
        SampleSummary stats = statsRates.wall();
        int depth = full.get(0).depth();
        t.add(c.name(), shape(c.data(), data), depth, 32, prepareMs, null, null, solve.median(),
                100 * solve.relativeSpread(), solveRates.cpu().median(), stats.median(), 100 * stats.relativeSpread(),
                statsRates.cpu().median(), counts[Status.OPTIMAL.ordinal()] + "/" + counts[Status.BOUNDS.ordinal()]
                + "/" + counts[Status.FAILED.ordinal()], firstFailure);
        log.printf(Locale.ROOT, "  %-18s L=%d  %9.0f cells/s (cpu %9.0f)  +stats %8.0f (cpu %8.0f)  prepare %.1f ms"
                + " (warm beta paths)%n", c.name(), depth, solve.median(), solveRates.cpu().median(), stats.median(),
                statsRates.cpu().median(), prepareMs);
    }

    /**
     * The solver of {@code setting} in its values-only mode (value, dual and certificate, no weights),
     * where it has one: the closed forms.
     */
    static Optional<DualSolver<? extends PreparedData>> valuesOnly(Setting setting) {
        return switch (setting) {
            case LINEAR -> Optional.of(new DeepLinearSolver(Reconstruction.CERTIFICATE_ONLY));
            case RELU_WHITENED -> Optional.of(new WhitenedReluSolver(Reconstruction.CERTIFICATE_ONLY));
            case BN -> Optional.of(new BatchNormSolver(Reconstruction.CERTIFICATE_ONLY));
            case RELU_RANK1 -> Optional.of(new RankOneReluSolver(Reconstruction.CERTIFICATE_ONLY));
            default -> Optional.empty();
        };
    }

    @SuppressWarnings("unchecked")
    private static <P extends PreparedData> Solution solveUnchecked(DualSolver<P> solver, PreparedData prepared,
            Problem p) {
        return solver.solve((P) prepared, p);
    }

    private static List<Problem> everyNth(List<Problem> all, int step) {
        List<Problem> out = new ArrayList<>();
        for (int i = step / 2; i < all.size(); i += step) {
            out.add(all.get(i));
        }
        return out;
    }

    /** "name n x d x k" of a data set, for the table. */
    static String shape(String name, Dataset d) {
        return name + " " + d.n() + "x" + d.d() + "x" + d.outputs();
    }

    /** The β grid of a case at one depth: {@value #GRID} log-spaced values from betaMin to betaMax. */
    static List<Problem> grid(Case c, int depth) {
        List<Problem> out = new ArrayList<>(GRID);
        double lo = Math.log(c.betaMin());
        double hi = Math.log(c.betaMax());
        for (int i = 0; i < GRID; i++) {
            double beta = Math.exp(lo + (hi - lo) * i / (GRID - 1));
            out.add(c.base().withDepth(depth).withBeta(beta));
        }
        return out;
    }

    /** Cells per second of whole warm paths, each cell's solution consumed by {@code use}. */
    private static RepeatedMeasurement.Rates pathRates(RepeatedMeasurement paths, PreparedData prepared,
            List<Problem> full, java.util.function.ToDoubleFunction<Solution> use) {
        return paths.opsPerSecond(i -> {
            double acc = 0;
            for (Solution s : Solvers.solvePath(prepared, full)) {
                acc += use.applyAsDouble(s);
            }
            return acc;
        }).times(full.size());
    }

    private static double primal(Solution s) {
        return s.primal().orElse(0.0) + s.network().map(n -> n.layer(1).get(0, 0)).orElse(0.0);
    }

    /** The per-layer statistics of docs/theory.md §10 that a sweep row carries. */
    static double withLayerStats(Solution s) {
        double acc = primal(s);
        if (s.network().isEmpty()) {
            return acc;
        }
        Network net = s.network().get();
        NetworkStats stats = NetworkStats.ofWeights(net, RankTolerance.SOLVED);
        for (LayerStats layer : stats.layers()) {
            acc += layer.stableRank();
        }
        for (AlignmentStats a : stats.alignment()) {
            acc += Double.isNaN(a.top1()) ? 0 : a.top1();
        }
        double b = stats.balance();
        return acc + (Double.isNaN(b) ? 0 : b);
    }
}

package org.deepdual.bench.solve;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.ForwardObjective;
import org.deepdual.stats.MarginStats;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.stats.LayerStats;
import org.deepdual.solve.linear.PreparedLinearData;
import org.deepdual.stats.NetworkStats;
import org.deepdual.stats.RankTolerance;
import org.deepdual.sweep.SettingGrid;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepSpec;

/**
 * Part {@code general-vector} of the benchmark (issue 19: "its general-X vector cells alone need ≥ 100
 * cells/s per core"): the deep linear cells of {@code jobs/large.yaml} whose data have vector output on
 * general X (gauss-k5: 200 × 40, K = 5), every depth, wd and tc at each t of the spec, one whole 200-point β
 * path per (objective, t, depth) as a sweep task solves it ({@link Solvers#solvePath}, weights reconstructed),
 * then each cell's row work as the sweep does it (one forward pass for the objective and the statistics,
 * {@link NetworkStats}, {@link MarginStats}). One thread; rates are cells per CPU-second of the measuring
 * thread, medians over the repetitions after one warm-up pass over every path. The seed does not enter a
 * linear cell, so one seed stands for all of the spec's; each path is solved on freshly prepared data, so
 * the solver's memory of solved paths (which serves a sweep's other seeds) does not enter the rates.
 */
public final class GeneralVectorThroughput {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GeneralVectorThroughput() {
    }

    /** One β path of the spec: its label and problems (increasing β). */
    record PathCase(String objective, int depth, List<Problem> problems) {
    }

    public static ResultTable run(Path spec, int reps, PrintStream log) {
        SweepSpec s = SpecReader.read(spec);
        ResultTable t = new ResultTable("general-X vector-output linear cells of " + spec.getFileName()
                + " (cells per CPU-second, one thread, median of " + reps + ")", List.of("data", "objective", "depth",
                        "cells", "optimal", "bounds", "failed", "solve_cells_per_s", "stats_cells_per_s",
                        "cell_cells_per_s", "cell_ms", "solve_min_cells_per_s", "solve_max_cells_per_s"));
        for (SettingGrid g : s.settings()) {
            if (g.setting() != Setting.LINEAR) {
                continue;
            }
            for (String dataName : g.data()) {
                Dataset data = DatasetFactory.build(s.dataset(dataName));
                PreparedData prepared = Solvers.prepare(Setting.LINEAR, data);
                List<PathCase> cases = cases(g, prepared, data);
                if (cases.isEmpty()) {
                    continue;
                }
                log.printf(Locale.ROOT, "  %s: %d paths, warm-up pass%n", dataName, cases.size());
                for (PathCase c : cases) {
                    measure(c, prepared, data);
                }
                double[][] solve = new double[cases.size()][reps];
                double[][] stats = new double[cases.size()][reps];
                int[][] counts = new int[cases.size()][];
                double[] allSolve = new double[reps];
                double[] allStats = new double[reps];
                int allCells = 0;
                for (int r = 0; r < reps; r++) {
                    log.printf(Locale.ROOT, "  %s: repetition %d of %d%n", dataName, r + 1, reps);
                    // each repetition visits every path once, so a change of the machine's load hits all paths
                    for (int i = 0; i < cases.size(); i++) {
                        Measured m = measure(cases.get(i), prepared, data);
                        solve[i][r] = m.solveSeconds();
                        stats[i][r] = m.statsSeconds();
                        counts[i] = m.counts();
                        allSolve[r] += m.solveSeconds();
                        allStats[r] += m.statsSeconds();
                    }
                }
                for (int i = 0; i < cases.size(); i++) {
                    PathCase c = cases.get(i);
                    int n = c.problems().size();
                    allCells += n;
                    add(t, dataName, c.objective(), String.valueOf(c.depth()), n, counts[i], solve[i], stats[i]);
                }
                int[] total = new int[3];
                for (int[] cnt : counts) {
                    for (int k = 0; k < 3; k++) {
                        total[k] += cnt[k];
                    }
                }
                add(t, dataName, "all", "all", allCells, total, allSolve, allStats);
            }
        }
        t.note("solve = the path's solve with weights (GeneralVectorPath); stats = per cell one forward pass, the"
                + " forward objective, NetworkStats and MarginStats, as a sweep row computes them; cell = both;"
                + " cell_ms = 1000 / cell_cells_per_s; min/max = the spread of the solve rate over the repetitions");
        return t;
    }

    private static void add(ResultTable t, String data, String objective, String depth, int cells, int[] counts,
            double[] solveSeconds, double[] statsSeconds) {
        int reps = solveSeconds.length;
        double[] solveRate = new double[reps];
        double[] statsRate = new double[reps];
        double[] cellRate = new double[reps];
        for (int r = 0; r < reps; r++) {
            solveRate[r] = cells / solveSeconds[r];
            statsRate[r] = cells / statsSeconds[r];
            cellRate[r] = cells / (solveSeconds[r] + statsSeconds[r]);
        }
        SampleSummary solve = SampleSummary.of(solveRate);
        double cell = SampleSummary.of(cellRate).median();
        t.add(data, objective, depth, cells, counts[0], counts[1], counts[2], solve.median(),
                SampleSummary.of(statsRate).median(), cell, 1000 / cell, solve.min(), solve.max());
    }

    /** The general-vector paths of one settings entry on one data set (none for scalar or whitened data). */
    private static List<PathCase> cases(SettingGrid g, PreparedData prepared, Dataset data) {
        List<PathCase> out = new ArrayList<>();
        if (data.outputs() < 2 || ((PreparedLinearData) prepared).whitened()) {
            return out;
        }
        for (Objective o : g.objectives()) {
            List<Double> ts = o == Objective.WD ? List.of(Double.NaN) : g.ts();
            for (double tValue : ts) {
                for (int depth : g.depths()) {
                    List<Problem> path = new ArrayList<>();
                    for (double beta : g.betas()) {
                        Problem p = o == Objective.WD ? Problem.wd(Setting.LINEAR, beta, depth)
                                : Problem.tc(Setting.LINEAR, beta, depth, tValue);
                        path.add(p.withSeed(g.seeds().get(0)));
                    }
                    String label = o == Objective.WD ? "wd" : String.format(Locale.ROOT, "tc t=%s", tValue);
                    out.add(new PathCase(label, depth, path));
                }
            }
        }
        return out;
    }

    /** CPU seconds of the path's solve and of its rows' statistics, and its status counts. */
    private record Measured(double solveSeconds, double statsSeconds, int[] counts) {
    }

    private static Measured measure(PathCase c, PreparedData once, Dataset data) {
        // prepared afresh (outside the timing): the solver keeps the paths it solved per prepared data set,
        // and each measurement is of a solve (a sweep's other seeds of a path are the ones that hit)
        PreparedData prepared = Solvers.prepare(Setting.LINEAR, data);
        long t0 = THREADS.getCurrentThreadCpuTime();
        List<Solution> solved = Solvers.solvePath(prepared, c.problems());
        long t1 = THREADS.getCurrentThreadCpuTime();
        double sink = 0;
        int[] counts = new int[3];
        for (Solution s : solved) {
            counts[s.status().ordinal()]++;
            if (s.network().isPresent()) {
                sink += row(s, data);
            }
        }
        long t2 = THREADS.getCurrentThreadCpuTime();
        if (Double.isNaN(sink)) {
            counts[2] += 0;
        }
        return new Measured((t1 - t0) / 1e9, (t2 - t1) / 1e9, counts);
    }

    /** What a sweep row computes after the solve: one forward pass for the objective and the statistics. */
    private static double row(Solution s, Dataset data) {
        Network net = s.network().get();
        Matrix features = net.features(data.x());
        double v = ForwardObjective.fromFeatures(net, features, data.y(), s.problem()).value();
        NetworkStats st = NetworkStats.of(net, data, RankTolerance.SOLVED, features);
        double acc = v + st.balance();
        for (LayerStats l : st.layers()) {
            acc += l.stableRank() + l.rank();
        }
        acc += MarginStats.of(net, data.x(), data.y(), s.problem().loss()).map(m -> m.meanMargin()).orElse(0.0);
        return Double.isFinite(acc) ? acc : 0;
    }

    /** {@code GeneralVectorThroughput [spec] [reps]}: the table on stdout. */
    public static void main(String[] args) {
        Path spec = Path.of(args.length > 0 ? args[0] : "jobs/large.yaml");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run(spec, reps, System.err).print(System.out);
    }
}

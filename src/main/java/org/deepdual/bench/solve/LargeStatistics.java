package org.deepdual.bench.solve;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.BnVariant;
import org.deepdual.model.ForwardObjective;
import org.deepdual.model.Network;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.stats.CollapseStats;
import org.deepdual.stats.LayerStats;
import org.deepdual.stats.NetworkStats;
import org.deepdual.stats.RankTolerance;
import org.deepdual.sweep.SettingGrid;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepSpec;

/**
 * Part {@code large-stats} of the benchmark (issue 19, "statistics at the speed of the closed forms"): for
 * every closed-form setting of {@code jobs/large.yaml} at its sizes (all its depths, its 200-point β grid, seed
 * 0, t = 1 for tc), the per-cell statistics a sweep row carries ({@link NetworkStats#of} with the collapse
 * statistics where the data have labels) computed twice in the same process, alternately: from the explicit
 * weights by one SVD per layer and from the
 * solution's factored form ({@link Network#factors()}) and forward prefix ({@link Network#forwardPrefix()}; the
 * same call on the network without both is the former path). Also the solve with weights, and the whole cell as a sweep row computes it (solve, forward
 * objective, statistics) before (two forward passes, dense statistics) and after (one shared forward pass,
 * factored statistics). Rates are cells per CPU-second of the measuring thread, medians
 * of short rounds in which the measurements alternate.
 */
public final class LargeStatistics {
    private static final java.util.Set<Setting> CLOSED_FORMS = java.util.EnumSet.of(Setting.LINEAR,
            Setting.RELU_WHITENED, Setting.RELU_RANK1, Setting.BN);

    private LargeStatistics() {
    }

    /** The closed-form cells of one settings entry of the spec: data, variant, objective, every depth and β. */
    record Case(String name, Dataset data, PreparedData prepared, List<Solution> solutions) {
    }

    public static ResultTable run(Path spec, RepeatedMeasurement m, PrintStream log) {
        SweepSpec s = SpecReader.read(spec);
        List<Case> cases = cases(s, log);
        ResultTable t = new ResultTable("statistics of the closed-form cells of " + spec.getFileName()
                + " (cells per CPU-second, one thread)", List.of("case", "data", "cells", "factored_share",
                        "solve_cells_per_s", "stats_dense_cells_per_s", "stats_factored_cells_per_s", "stats_speedup",
                        "cell_before_cells_per_s", "cell_after_cells_per_s", "cell_speedup"));
        for (Case c : cases) {
            log.printf(Locale.ROOT, "  %s: %d cells%n", c.name(), c.solutions().size());
            List<Solution> sol = c.solutions();
            int n = sol.size();
            double solve = m.opsPerSecond(i -> primal(Solvers.solve(c.prepared(), sol.get(i % n).problem())))
                    .cpu().median();
            // the four measurements alternate in short rounds, so a change of the machine's load hits all of them
            java.util.function.IntToDoubleFunction[] ops = {
                i -> checksum(sol.get(i % n), c.data(), false),
                i -> checksum(sol.get(i % n), c.data(), true),
                i -> formerRow(sol.get(i % n), c.data()),
                i -> row(sol.get(i % n), c.data())};
            RepeatedMeasurement warm = new RepeatedMeasurement(m.warmupSeconds(), 1, m.iterationSeconds());
            for (var op : ops) {
                warm.opsPerSecond(op);
            }
            RepeatedMeasurement round = new RepeatedMeasurement(0, 1, m.iterationSeconds());
            int rounds = 2 * m.iterations() + 1;
            double[][] rates = new double[ops.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int o = 0; o < ops.length; o++) {
                    rates[o][r] = round.opsPerSecond(ops[o]).cpu().median();
                }
            }
            double d = SampleSummary.of(rates[0]).median();
            double f = SampleSummary.of(rates[1]).median();
            double cellBefore = 1 / (1 / solve + 1 / SampleSummary.of(rates[2]).median());
            double cellAfter = 1 / (1 / solve + 1 / SampleSummary.of(rates[3]).median());
            long factored = sol.stream().filter(x -> !x.network().get().factors().isEmpty()).count();
            t.add(c.name(), c.data().name() + " " + c.data().n() + "x" + c.data().d() + "x" + c.data().outputs(), n,
                    (double) factored / n, solve, d, f, f / d, cellBefore, cellAfter, cellAfter / cellBefore);
        }
        t.note("dense: one SVD per layer of the explicit weights; factored: from the singular factors the solver"
                + " built the layers from, verified against the weights by random probes (docs/performance.md)");
        t.note("the rates after the solve are medians of 2k+1 short rounds (k timed iterations) in which the four"
                + " measurements alternate; cell = solve with weights +"
                + " forward objective + statistics, as a sweep row: before = two forward passes and dense statistics,"
                + " after = one forward pass shared by both (from the solver's forward prefix where there is one) and"
                + " factored statistics");
        return t;
    }

    private static List<Case> cases(SweepSpec s, PrintStream log) {
        List<Case> out = new ArrayList<>();
        for (SettingGrid g : s.settings()) {
            if (!CLOSED_FORMS.contains(g.setting())) {
                continue;
            }
            for (String dataName : g.data()) {
                Dataset data = DatasetFactory.build(s.dataset(dataName));
                if (g.setting() == Setting.LINEAR && data.outputs() > 1) {
                    log.println("  " + dataName + ": vector output (general X in this spec) has no closed form, skipped");
                    continue;
                }
                PreparedData prepared = Solvers.prepare(g.setting(), data);
                for (Optional<BnVariant> v : g.variants()) {
                    for (Objective o : g.objectives()) {
                        List<Solution> solutions = new ArrayList<>();
                        for (int depth : g.depths()) {
                            List<Problem> path = new ArrayList<>();
                            for (double beta : g.betas()) {
                                Problem p = o == Objective.WD ? Problem.wd(g.setting(), beta, depth)
                                        : Problem.tc(g.setting(), beta, depth, 1.0);
                                p = v.map(p::withVariant).orElse(p).withSeed(g.seeds().get(0));
                                path.add(p);
                            }
                            for (Solution x : Solvers.solvePath(prepared, path)) {
                                if (x.status() != Status.FAILED && x.network().isPresent()) {
                                    solutions.add(x);
                                }
                            }
                        }
                        String name = g.setting().cliName() + v.map(b -> "-" + b.name().toLowerCase(Locale.ROOT))
                                .orElse("") + "-" + o.name().toLowerCase(Locale.ROOT);
                        if (solutions.isEmpty()) {
                            log.println("  " + name + ": no cell with weights, skipped");
                            continue;
                        }
                        out.add(new Case(name, data, prepared, solutions));
                    }
                }
            }
        }
        return out;
    }

    private static double primal(Solution s) {
        return s.primal().orElse(0.0);
    }

    /** What a sweep row computed after the solve: the forward objective, then the statistics from the weights. */
    private static double formerRow(Solution s, Dataset data) {
        Network net = s.network().get().withoutFactors().withoutForwardPrefix();
        double v = ForwardObjective.evaluate(net, data.x(), data.y(), s.problem()).value();
        return v + sum(NetworkStats.of(net, data, RankTolerance.SOLVED));
    }

    /**
     * What it computes now: one forward pass for both (starting from the solver's forward prefix where the network
     * has one), statistics from the factored form.
     */
    private static double row(Solution s, Dataset data) {
        Network net = s.network().get();
        Matrix features = net.features(data.x());
        double v = ForwardObjective.fromFeatures(net, features, data.y(), s.problem()).value();
        return v + sum(NetworkStats.of(net, data, RankTolerance.SOLVED, features));
    }

    private static double checksum(Solution s, Dataset data, boolean factored) {
        Network net = s.network().get();
        return sum(NetworkStats.of(factored ? net : net.withoutFactors().withoutForwardPrefix(), data,
                RankTolerance.SOLVED));
    }

    private static double sum(NetworkStats st) {
        double acc = st.balance();
        for (LayerStats l : st.layers()) {
            acc += l.stableRank() + l.rank();
        }
        for (var a : st.alignment()) {
            acc += Double.isNaN(a.top1()) ? 0 : a.top1();
        }
        acc += st.collapse().map(CollapseStats::nc1).filter(Double::isFinite).orElse(0.0);
        return Double.isFinite(acc) ? acc : 0;
    }

    /** {@code LargeStatistics [spec] [quick]}: the table on stdout. */
    public static void main(String[] args) {
        Path spec = Path.of(args.length > 0 ? args[0] : "jobs/large.yaml");
        RepeatedMeasurement m = args.length > 1 && args[1].equals("quick") ? RepeatedMeasurement.quick()
                : RepeatedMeasurement.standard();
        run(spec, m, System.err).print(System.out);
    }
}

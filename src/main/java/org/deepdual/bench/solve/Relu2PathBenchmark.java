package org.deepdual.bench.solve;

import org.deepdual.data.PlantedReluData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deepdual.data.Dataset;
import org.deepdual.model.Network;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.relu2.TwoLayerReluSolver;
import org.deepdual.train.BaselineSeeding;
import org.deepdual.train.TrainingRun;

/**
 * The relu2 benchmark at the size of its issue (docs/theory.md §9): planted two-layer ReLU data
 * n × d ({@link PlantedReluData#generate}, seed 2 as in the convex-vs-training comparison), P
 * sampled patterns and a log-spaced β path, every cell seeded as a sweep seeds it by default
 * ({@link BaselineSeeding}: the cell's own L-BFGS run). Each cell is solved cold (alone) and the path
 * warm (in order, each cell starting from the previous cell's working set and optimum), both to the
 * pattern program's relative gap 1e-6, on the same seed networks. Reported per cell and in total: ADMM
 * iterations, seconds, the value and the program gap; the seed runs' time is reported apart, since
 * cold and warm share it.
 */
public final class Relu2PathBenchmark {

    /** The size: n × d planted data, P patterns, {@code cells} β values from betaHigh down to betaLow. */
    public record Options(int n, int d, int patterns, int cells, double betaHigh, double betaLow) {
        public Options {
            if (n < 2 || d < 3) {
                throw new IllegalArgumentException("relu2 path benchmark: n must be >= 2 and d >= 3 (sampled"
                        + " patterns), got n = " + n + ", d = " + d);
            }
            if (patterns < 1 || cells < 1) {
                throw new IllegalArgumentException("relu2 path benchmark: patterns and cells must be >= 1, got "
                        + patterns + " and " + cells);
            }
            if (!(betaLow > 0) || !(betaHigh >= betaLow)) {
                throw new IllegalArgumentException("relu2 path benchmark: need 0 < betaLow <= betaHigh, got "
                        + betaLow + " and " + betaHigh);
            }
        }

        /** The issue's case: n = 1000, d = 20, P = 500, 50 β values from 40 down to 10 (around β = 20). */
        public static Options issue() {
            return new Options(1000, 20, 500, 50, 40.0, 10.0);
        }

        /** A small case for a quick run. */
        public static Options quick() {
            return new Options(200, 10, 200, 5, 10.0, 1.0);
        }

        List<Double> betas() {
            List<Double> out = new ArrayList<>(cells);
            for (int c = 0; c < cells; c++) {
                double frac = cells == 1 ? 0 : (double) c / (cells - 1);
                out.add(betaHigh * Math.pow(betaLow / betaHigh, frac));
            }
            return out;
        }
    }

    /** The per-cell table and the one-row summary. */
    public record Report(ResultTable cells, ResultTable summary) {
    }

    private Relu2PathBenchmark() {
    }

    public static Report run(Options o, PrintStream log) {
        Dataset data = PlantedReluData.generate(o.n(), o.d(), 2);
        TwoLayerReluSolver solver = new TwoLayerReluSolver();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(data);
        List<Problem> path = new ArrayList<>();
        for (double beta : o.betas()) {
            path.add(Problem.wd(Setting.RELU2, beta, 2).withPatterns(o.patterns()).withSeed(2));
        }
        List<List<Network>> seeds = new ArrayList<>();
        double[] seedS = new double[o.cells()];
        double[] seedObjective = new double[o.cells()];
        for (int c = 0; c < o.cells(); c++) {
            long t0 = System.nanoTime();
            List<TrainingRun> runs = BaselineSeeding.trainAll(data, path.get(c));
            seedS[c] = (System.nanoTime() - t0) / 1e9;
            seedObjective[c] = runs.stream().mapToDouble(TrainingRun::objective).min().orElseThrow();
            seeds.add(runs.stream().map(TrainingRun::network).toList());
        }
        log.printf(Locale.ROOT, "  relu2 path %d x %d, P = %d, %d cells, beta %.3g..%.3g: seed runs %.1f s%n", o.n(),
                o.d(), o.patterns(), o.cells(), o.betaHigh(), o.betaLow(), Arrays.stream(seedS).sum());
        List<TwoLayerReluSolver.Cell> cold = new ArrayList<>();
        double[] coldS = new double[o.cells()];
        for (int c = 0; c < o.cells(); c++) {
            long t0 = System.nanoTime();
            cold.add(solver.solvePathCells(prepared, List.of(path.get(c)), List.of(seeds.get(c))).get(0));
            coldS[c] = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "    cold beta %.4g: %s, %d iterations, %.2f s%n", path.get(c).beta(),
                    cold.get(c).solution().status(), cold.get(c).solution().iterations(), coldS[c]);
        }
        long w0 = System.nanoTime();
        List<TwoLayerReluSolver.Cell> warm = solver.solvePathCells(prepared, path, seeds);
        double warmTotal = (System.nanoTime() - w0) / 1e9;

        ResultTable table = new ResultTable("relu2_path", List.of("beta", "seed_s", "seed_objective",
                "cold_iterations", "cold_s", "cold_primal", "cold_program_gap", "warm_iterations", "warm_s",
                "warm_primal", "warm_program_gap", "status"));
        long coldIt = 0;
        long warmIt = 0;
        double largestGap = 0;
        double largestDifference = 0;
        int solvedCold = 0;
        int solvedWarm = 0;
        double[] warmS = new double[o.cells()];
        for (int c = 0; c < o.cells(); c++) {
            Solution sc = cold.get(c).solution();
            Solution sw = warm.get(c).solution();
            warmS[c] = sw.timeNanos() / 1e9;
            coldIt += sc.iterations();
            warmIt += sw.iterations();
            double gc = cold.get(c).relativeProgramGap();
            double gw = warm.get(c).relativeProgramGap();
            largestGap = Math.max(largestGap, Math.max(gc, gw));
            solvedCold += gc <= TwoLayerReluSolver.GAP_TOLERANCE ? 1 : 0;
            solvedWarm += gw <= TwoLayerReluSolver.GAP_TOLERANCE ? 1 : 0;
            double pc = sc.primal().orElse(Double.NaN);
            double pw = sw.primal().orElse(Double.NaN);
            largestDifference = Math.max(largestDifference, Math.abs(pw - pc) / Math.max(1, Math.abs(pc)));
            table.add(path.get(c).beta(), seedS[c], seedObjective[c], sc.iterations(), coldS[c], pc, gc,
                    sw.iterations(), warmS[c], pw, gw, sw.status().name());
        }
        double coldTotal = Arrays.stream(coldS).sum();
        table.note("each cell seeded by its own " + BaselineSeeding.SEED_RUNS + " L-BFGS runs (width " + BaselineSeeding.SEED_WIDTH + ", "
                + BaselineSeeding.SEED_ITERATIONS + " iterations), shared by cold and warm; seconds exclude it");
        table.note("values are upper bounds (BOUNDS): sampled patterns; cold and warm can end on different"
                + " working sets, hence different values");

        ResultTable summary = new ResultTable("relu2_path_summary", List.of("n", "d", "patterns", "cells",
                "beta_high", "beta_low", "cold_iterations", "warm_iterations", "iteration_ratio", "cold_s",
                "warm_s", "time_ratio", "median_cold_cell_s", "median_warm_cell_s", "median_seed_s",
                "solved_cold", "solved_warm", "largest_program_gap", "largest_warm_cold_difference",
                "program_mb_per_cell"));
        long distinct = prepared.patterns(path.get(0)).count();
        summary.add(o.n(), o.d(), o.patterns(), o.cells(), o.betaHigh(), o.betaLow(), coldIt, warmIt,
                (double) coldIt / Math.max(1, warmIt), coldTotal, warmTotal, coldTotal / warmTotal,
                SampleSummary.of(coldS).median(), SampleSummary.of(warmS).median(),
                SampleSummary.of(seedS).median(), solvedCold,
                solvedWarm, largestGap, largestDifference,
                Relu2Benchmark.programBytes(o.n(), o.d(), (int) distinct) / 1e6);
        summary.note("solved: cells whose pattern program reached relative gap "
                + TwoLayerReluSolver.GAP_TOLERANCE + "; program_mb_per_cell: the n x n Woodbury system and the"
                + " masks of all sampled patterns (a working set holds fewer)");
        log.printf(Locale.ROOT, "  iterations cold %d, warm %d (%.2fx); time cold %.1f s, warm %.1f s (%.2fx)%n",
                coldIt, warmIt, (double) coldIt / Math.max(1, warmIt), coldTotal, warmTotal, coldTotal / warmTotal);
        return new Report(table, summary);
    }
}

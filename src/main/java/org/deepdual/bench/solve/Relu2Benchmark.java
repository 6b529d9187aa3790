package org.deepdual.bench.solve;

import org.deepdual.data.PlantedReluData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.LinalgBackend;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Vectors;
import org.deepdual.solve.relu2.AdmmSettings;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.relu2.TwoLayerReluSolver;

/**
 * Benchmark of the relu2 ADMM (docs/theory.md §9), not a unit test: Gaussian X (n × d) with targets
 * from a planted two-layer ReLU network plus noise, P sampled patterns, and a β path of
 * {@code cells} log-spaced values from βmax down over {@code -Ddecades} decades (βmax estimated as
 * max_i ‖XᵀD_i y‖ over the sampled patterns). Each cell is solved to a relative duality gap of the
 * pattern program of 1e-6 (what "solved" means with sampled patterns; {@link TwoLayerReluSolver.Cell}).
 * It reports per cell the time, iterations, gap and status of a cold solve, then the iterations of
 * the warm-started path, and the memory of one cell.
 *
 * <p>Arguments (all optional): {@code n d patterns cells seed maxIterations}; defaults 1000 20 500 50
 * 1 20000. {@code -Ddecades=D} sets the span of the β path (default 2). Two other modes:
 * {@code cell n d patterns beta seed} (one cell by column generation, cold and seeded with Adam and
 * L-BFGS runs of width 100 and {@code -Dbudget} seconds, against those runs' values; {@code -Dreps},
 * {@code -Dsampled=true} adds the solve over the sampled set alone) and {@code spline n cells betaMin}
 * (relu-1d cells/s, cold and along a warm-started β path from 10 down to betaMin, default 1e-3;
 * {@code -Ddata=one-d-200} uses the benchmark's 1-D data set instead of n samples of a smooth function).
 */
public final class Relu2Benchmark {
    private static final double DECADES = Double.parseDouble(System.getProperty("decades", "2"));
    private Relu2Benchmark() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("spline")) {
            spline(args.length > 1 ? Integer.parseInt(args[1]) : 200, args.length > 2 ? Integer.parseInt(args[2]) : 50,
                    args.length > 3 ? Double.parseDouble(args[3]) : 1e-3);
            return;
        }
        if (args.length > 0 && args[0].equals("cell")) {
            cell(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int patterns = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int cells = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1L;
        Dataset data = PlantedReluData.generate(n, d, seed);
        int cap = args.length > 5 ? Integer.parseInt(args[5]) : AdmmSettings.DEFAULT.maxIterations();
        AdmmSettings settings = AdmmSettings.DEFAULT.withGapTolerance(TwoLayerReluSolver.GAP_TOLERANCE)
                .withMaxIterations(cap);
        TwoLayerReluSolver solver = new TwoLayerReluSolver(settings);
        System.out.printf(Locale.ROOT, "relu2 benchmark: n=%d d=%d P=%d cells=%d (beta over %.1f decades) seed=%d"
                + " %s, %d cores, load %.1f%n%s%n", n, d, patterns, cells, DECADES, seed, LinalgBackend.describe(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), settings);

        long t0 = System.nanoTime();
        TwoLayerReluSolver.Prepared prepared = solver.prepare(data);
        Problem base = Problem.wd(Setting.RELU2, 1.0, 2).withPatterns(patterns).withSeed(seed);
        int distinct = prepared.patterns(base).count();
        double prepareS = (System.nanoTime() - t0) / 1e9;
        double betaMax = betaMax(data, prepared, base);
        System.out.printf(Locale.ROOT, "prepare (patterns, K^-1, (XK^-1X^T) o C): %.2f s, %d distinct patterns,"
                + " beta_max ~ %.4g%n", prepareS, distinct, betaMax);

        List<Problem> path = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            double frac = cells == 1 ? 0 : (double) c / (cells - 1);
            path.add(base.withBeta(betaMax * Math.pow(10, -DECADES * frac)));
        }

        System.out.println("cold: beta, status, iterations, time_s, primal (network), program gap (rel),"
                + " searched-dual gap (rel), width");
        long coldIt = 0;
        double coldTime = 0;
        double worstGap = 0;
        int certifiedCells = 0;
        List<Solution> cold = new ArrayList<>();
        for (Problem p : path) {
            long s0 = System.nanoTime();
            TwoLayerReluSolver.Cell cell = solver.solveCell(prepared, p);
            double sec = (System.nanoTime() - s0) / 1e9;
            Solution s = cell.solution();
            cold.add(s);
            coldIt += s.iterations();
            coldTime += sec;
            double gap = cell.relativeProgramGap();
            worstGap = Math.max(worstGap, gap);
            certifiedCells += gap <= TwoLayerReluSolver.GAP_TOLERANCE ? 1 : 0;
            System.out.printf(Locale.ROOT, "  %.5g, %s, %d, %.2f, %.10f, %.2e, %.2e, %d%n", p.beta(), s.status(),
                    s.iterations(), sec, s.primal().orElse(Double.NaN), gap, relGap(s), s.neededWidth());
        }
        long w0 = System.nanoTime();
        List<TwoLayerReluSolver.Cell> warm = solver.solvePathCells(prepared, path);
        double warmTime = (System.nanoTime() - w0) / 1e9;
        long warmIt = 0;
        double maxDiff = 0;
        System.out.println("warm: beta, status, iterations, primal, program gap (rel),"
                + " |primal - cold primal|/max(1,|cold|)");
        for (int c = 0; c < cells; c++) {
            Solution s = warm.get(c).solution();
            warmIt += s.iterations();
            double diff = Math.abs(s.primal().orElse(Double.NaN) - cold.get(c).primal().orElse(Double.NaN))
                    / Math.max(1, Math.abs(cold.get(c).primal().orElse(Double.NaN)));
            maxDiff = Math.max(maxDiff, diff);
            System.out.printf(Locale.ROOT, "  %.5g, %s, %d, %.10f, %.2e, %.2e%n", path.get(c).beta(), s.status(),
                    s.iterations(), s.primal().orElse(Double.NaN), warm.get(c).relativeProgramGap(), diff);
        }
        System.out.printf(Locale.ROOT, "cells with program gap <= %.0e: %d of %d%n", TwoLayerReluSolver.GAP_TOLERANCE,
                certifiedCells, cells);
        System.out.printf(Locale.ROOT, "total iterations: cold %d, warm %d, ratio %.2f%n", coldIt, warmIt,
                (double) coldIt / Math.max(1, warmIt));
        System.out.printf(Locale.ROOT, "total time: cold %.1f s (%.2f s/cell), warm %.1f s (%.2f s/cell); load %.1f%n",
                coldTime, coldTime / cells, warmTime, warmTime / cells,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "time per iteration: %.2f ms; largest program gap (cold) %.2e;"
                + " largest warm-cold difference %.2e%n", 1e3 * coldTime / Math.max(1, coldIt), worstGap, maxDiff);
        System.out.printf(Locale.ROOT, "memory per cell: ADMM state %.1f MB, program %.1f MB (analytic);"
                + " peak heap %.1f MB%n", stateBytes(n, d, distinct) / 1e6, programBytes(n, d, distinct) / 1e6,
                peakHeapBytes() / 1e6);
    }

    /**
     * One cell (arguments {@code n d patterns beta seed}, defaults 500 20 500 20 2, the issue-9 case):
     * the column-generation solve, cold and seeded with an L-BFGS run, the full sampled-set ADMM
     * ({@code -Dsampled=true}), and the Adam and L-BFGS baselines (width 100) with their time to
     * within 1e-4 relative of the convex value.
     */
    static void cell(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int patterns = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        double beta = args.length > 3 ? Double.parseDouble(args[3]) : 20.0;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 2L;
        Dataset data = PlantedReluData.generate(n, d, seed);
        Problem problem = Problem.wd(Setting.RELU2, beta, 2).withPatterns(patterns).withSeed(seed);
        AdmmSettings settings = AdmmSettings.DEFAULT.withGapTolerance(TwoLayerReluSolver.GAP_TOLERANCE);
        System.out.printf(Locale.ROOT, "relu2 cell: n=%d d=%d P=%d beta=%g seed=%d, %s, load %.1f%n", n, d, patterns,
                beta, seed, LinalgBackend.describe(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        TwoLayerReluSolver gen = new TwoLayerReluSolver(settings, TwoLayerReluSolver.PatternSearch.GENERATED);
        for (int rep = 0; rep < Integer.getInteger("reps", 3); rep++) {
            long t0 = System.nanoTime();
            TwoLayerReluSolver.Prepared prepared = gen.prepare(data);
            TwoLayerReluSolver.Cell c = gen.solveCell(prepared, problem);
            double sec = (System.nanoTime() - t0) / 1e9;
            Solution s = c.solution();
            System.out.printf(Locale.ROOT, "generated (rep %d): %.3f s, %s, primal %.8f, dual %.8f, searched gap %.2e,"
                    + " program gap %.2e, %d iterations, width %d, %s%n", rep, sec, s.status(),
                    s.primal().orElse(Double.NaN), s.dual().orElse(Double.NaN), relGap(s), c.relativeProgramGap(),
                    s.iterations(), s.neededWidth(), s.reason().orElse(""));
        }
        double convex = Double.NaN;
        if (Boolean.parseBoolean(System.getProperty("baselines", "true"))) {
            TwoLayerReluSolver.Cell c = gen.solveCell(gen.prepare(data), problem);
            convex = c.solution().primal().orElse(Double.NaN);
        }
        // -Dbaselines=false skips the baselines (and the solve they are compared with)
        for (org.deepdual.train.Optimizer opt : Double.isNaN(convex) ? new org.deepdual.train.Optimizer[0]
                : new org.deepdual.train.Optimizer[] {org.deepdual.train.Optimizer.LBFGS,
                        org.deepdual.train.Optimizer.ADAM}) {
            org.deepdual.train.TrainOptions opts = new org.deepdual.train.TrainOptions(opt, Integer.MAX_VALUE, Double.parseDouble(System.getProperty("budget", "20")), 0L,
                    100, 5, 1e-12);
            org.deepdual.train.TrainingRun run = org.deepdual.train.BaselineTrainer.train(data, problem, opts);
            double reach = Double.NaN;
            for (org.deepdual.train.TrajectoryPoint tp : run.trajectory()) {
                if (Double.isNaN(reach) && tp.objective() <= convex + 1e-4 * Math.abs(convex)) {
                    reach = tp.elapsedNanos() / 1e9;
                }
            }
            System.out.printf(Locale.ROOT, "%s width 100: %.8f after %d iterations, %.3f s; within 1e-4 of convex"
                    + " %.8f at %s s%n", opt, run.objective(), run.iterations(), run.timeNanos() / 1e9, convex,
                    Double.isNaN(reach) ? "never" : String.format(Locale.ROOT, "%.3f", reach));
            long t0 = System.nanoTime();
            TwoLayerReluSolver.Cell c = gen.solveCell(gen.prepare(data), problem, List.of(run.network()));
            Solution s = c.solution();
            System.out.printf(Locale.ROOT, "  generated seeded with it: %.3f s, primal %.8f, searched gap %.2e,"
                    + " %d iterations, width %d%n", (System.nanoTime() - t0) / 1e9, s.primal().orElse(Double.NaN),
                    relGap(s), s.iterations(), s.neededWidth());
        }
        if (Boolean.getBoolean("sampled")) {
            TwoLayerReluSolver full = new TwoLayerReluSolver(settings, TwoLayerReluSolver.PatternSearch.SAMPLED);
            long t0 = System.nanoTime();
            TwoLayerReluSolver.Cell c = full.solveCell(full.prepare(data), problem);
            Solution s = c.solution();
            System.out.printf(Locale.ROOT, "sampled only: %.3f s, %s, primal %.8f, searched gap %.2e, %d iterations%n",
                    (System.nanoTime() - t0) / 1e9, s.status(), s.primal().orElse(Double.NaN), relGap(s),
                    s.iterations());
        }
    }

    /**
     * relu-1d (docs/theory.md §7.2): {@code cells} β values log-spaced from 10 down to {@code betaMin}
     * on n noisy samples of a smooth function (or on {@code -Ddata=one-d-200}); cells/s solved cold
     * (each cell alone) and along the path (warm), four repetitions after nothing but class loading,
     * with the largest relative gap, and the median and largest cold time of the cells with
     * β ≤ 3e-4 (near interpolation, where the Lasso's support is largest).
     */
    static void spline(int n, int cells, double betaMin) {
        Dataset data;
        if (BenchmarkData.ONE_D.equals(System.getProperty("data"))) {
            data = new BenchmarkData(1).get(BenchmarkData.ONE_D);
        } else {
            Random r = new Random(3);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = -2 + 4 * r.nextDouble();
                y[i] = Math.sin(2 * x[i]) + 0.5 * Math.abs(x[i]) + 0.3 * r.nextGaussian();
            }
            data = new Dataset("spline-" + n, Matrix.column(x), Matrix.column(y), Optional.empty(), "spline-" + n);
        }
        org.deepdual.solve.spline.OneDimensionalSplineSolver solver = new org.deepdual.solve.spline.OneDimensionalSplineSolver();
        var prepared = solver.prepare(data);
        List<Problem> path = new ArrayList<>();
        double decades = Math.log10(10 / betaMin);
        for (int c = 0; c < cells; c++) {
            path.add(Problem.wd(Setting.RELU_1D, 10 * Math.pow(10, -decades * c / Math.max(1, cells - 1)), 2));
        }
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            double worst = 0;
            int certified = 0;
            List<Double> small = new ArrayList<>();
            for (Problem p : path) {
                long c0 = System.nanoTime();
                Solution s = solver.solve(prepared, p);
                if (p.beta() <= 3e-4) {
                    small.add((System.nanoTime() - c0) / 1e9);
                }
                worst = Math.max(worst, relGap(s));
                certified += s.certified() ? 1 : 0;
            }
            double cold = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            List<Solution> warm = solver.solvePath(prepared, path);
            double warmS = (System.nanoTime() - t0) / 1e9;
            long steps = warm.stream().mapToLong(Solution::iterations).sum();
            int warmCertified = (int) warm.stream().filter(Solution::certified).count();
            double warmWorst = warm.stream().mapToDouble(Relu2Benchmark::relGap).max().orElse(Double.NaN);
            java.util.Collections.sort(small);
            String smallCells = small.isEmpty() ? "" : String.format(Locale.ROOT, "; cold cells with beta <= 3e-4: %d,"
                    + " median %.4f s, max %.4f s", small.size(), small.get(small.size() / 2), small.get(small.size() - 1));
            System.out.printf(Locale.ROOT, "relu-1d %s, %d cells, beta %.0e..10 (rep %d): cold %.1f cells/s, warm path"
                    + " %.1f cells/s (%d active-set steps), certified cold %d warm %d, largest gap cold %.2e warm %.2e%s,"
                    + " load %.1f%n", data.name(), cells, betaMin, rep, cells / cold, cells / warmS, steps, certified,
                    warmCertified, worst, warmWorst, smallCells,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The arrays one ADMM run holds: d × 2P (w, z, λ1, r, t, Δz, Gᵀ·) and n × 2P (s, λ2, Gw, work). */
    static long stateBytes(int n, int d, int p) {
        long dn = (long) d * 2 * p;
        long nn = (long) n * 2 * p;
        return 8 * (7 * dn + 4 * nn + (long) n * p + 3L * d * p);
    }

    /** The per-pattern-set arrays: masks and signs (n × P), (XK⁻¹Xᵀ) ∘ C and the factor of S_ρ (n × n). */
    static long programBytes(int n, int d, int p) {
        return 8 * (2L * n * p + 2L * n * n + (long) n * d + (long) d * d + 2L * d * p + n);
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static double relGap(Solution s) {
        if (s.gap().isEmpty()) {
            return Double.NaN;
        }
        return s.gap().getAsDouble() / Math.max(1, Math.abs(s.primal().getAsDouble()));
    }

    /** max_i ‖XᵀD_i y‖ over the sampled patterns: the β above which the convex solution is zero. */
    private static double betaMax(Dataset data, TwoLayerReluSolver.Prepared prepared, Problem base) {
        Matrix x = data.x();
        double[] y = data.y().column(0);
        var patterns = prepared.patterns(base);
        double best = 0;
        for (int i = 0; i < patterns.count(); i++) {
            double[] m = patterns.mask(i);
            double[] my = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                my[k] = m[k] * y[k];
            }
            best = Math.max(best, Vectors.norm(x.transposeTimes(my)));
        }
        return best;
    }

}

package org.deepdual.bench.solve;

import org.deepdual.solve.core.Reconstruction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.model.Objective;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.solve.linear.DeepLinearSolver;
import org.deepdual.model.Network;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.solve.linear.PreparedLinearData;
import org.deepdual.solve.whitened.PreparedWhitenedReluData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.model.Status;
import org.deepdual.solve.whitened.WhitenedReluSolver;

/**
 * Throughput of the local solves after preparation (issue 3's performance target), single-threaded,
 * so the figures are cells per second per core: for each setting, a 100-point β sweep (log-spaced)
 * at L ∈ {2, 4, 8} with width 32, in three modes — values and dual only, with the weights
 * reconstructed (network padded to the width, Λ*), and with weights plus per-layer singular values
 * (what the per-cell statistics cost at least). One warm-up pass, then several timed repetitions
 * measured in the thread's CPU time; the median and the min–max spread are printed.
 *
 * <p>Run: {@code java -cp target/classes:<deps> org.deepdual.bench.solve.SolverThroughput [reps]}
 * with OPENBLAS_NUM_THREADS=1. Not a unit test: timings depend on the machine and its load.
 *
 * <p>{@code SolverThroughput general-paths [reps] [every]}: the general-X vector-output cells of
 * jobs/large.yaml (gaussian n = 200, d = 40, K = 5, seed 2; L ∈ {2, 3, 4, 5, 6, 8, 10, 12}; wd and tc at
 * t ∈ {0.5, 1, 2}; 200 β log-spaced in [1e-4, 1e2]) solved as a sweep solves them, one whole β path per
 * call ({@link Solvers#solvePath}); with {@code every} &gt; 1, every that-many-th cell solved alone
 * instead (for solvers whose cells do not depend on their path, so a subsample gives the same rate).
 * Cells per second of thread CPU time, median over the repetitions, per path and over all paths.
 */
public final class SolverThroughput {
    private static final int BETAS = 100;
    private static final int WIDTH = 32;
    private static final int[] DEPTHS = {2, 4, 8};
    /** β values per path of the general-paths mode, as in jobs/large.yaml. */
    private static final int GENERAL_BETAS = 200;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SolverThroughput() {
    }

    private enum Mode {
        VALUES("values"), WEIGHTS("weights"), WEIGHTS_AND_SVD("weights+svd");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private record Bench(String name, Dataset data, Setting setting, boolean tc, int betas) {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("general-paths")) {
            generalPaths(args.length > 1 ? Integer.parseInt(args[1]) : 3, args.length > 2 ? Integer.parseInt(args[2]) : 1);
            return;
        }
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Bench> benches = new ArrayList<>();
        Dataset gauss = data("gauss-1000x100-scalar", gaussian(1000, 100, 1), gaussian(1000, 1, 2));
        Dataset whitenedVector = data("whitened-1000x100-K10", orthonormalColumns(1000, 100, 3), gaussian(1000, 10, 4));
        Dataset generalVector = data("gauss-1000x100-K10", gaussian(1000, 100, 5), gaussian(1000, 10, 6));
        Dataset reluScalar = data("whitened-100x784-scalar", orthonormalRows(100, 784, 7), gaussian(100, 1, 8));
        Dataset reluOneHot = data("whitened-100x784-onehot10", orthonormalRows(100, 784, 9), oneHot(100, 10));
        for (boolean tc : new boolean[] {false, true}) {
            benches.add(new Bench("linear scalar", gauss, Setting.LINEAR, tc, BETAS));
            benches.add(new Bench("linear vector whitened", whitenedVector, Setting.LINEAR, tc, BETAS));
            benches.add(new Bench("relu-whitened scalar", reluScalar, Setting.RELU_WHITENED, tc, BETAS));
            benches.add(new Bench("relu-whitened one-hot", reluOneHot, Setting.RELU_WHITENED, tc, BETAS));
        }
        benches.add(new Bench("linear vector general (BOUNDS)", generalVector, Setting.LINEAR, false, 4));
        System.out.printf(Locale.ROOT, "# deepdual solver throughput, single thread (CPU time), width %d, %d reps"
                + " (median and min-max), %d betas logspaced in [1e-3, 1e2] per L%n", WIDTH, reps, BETAS);
        System.out.printf(Locale.ROOT, "%-32s %-3s %-3s %-12s %12s %22s %10s%n", "setting", "obj", "L", "mode",
                "cells/s", "spread", "prep ms");
        for (Bench b : benches) {
            long t0 = System.nanoTime();
            PreparedData prepared = Solvers.prepare(b.setting(), b.data());
            double prepMs = (System.nanoTime() - t0) / 1e6;
            for (int depth : DEPTHS) {
                List<Problem> cells = cells(b, depth);
                for (Mode mode : Mode.values()) {
                    if (b.betas() < BETAS && mode == Mode.WEIGHTS_AND_SVD) {
                        continue;
                    }
                    int modeReps = b.betas() < BETAS ? 1 : reps;
                    double[] rates = measure(prepared, cells, mode, modeReps);
                    double[] sorted = rates.clone();
                    Arrays.sort(sorted);
                    System.out.printf(Locale.ROOT, "%-32s %-3s %-3d %-12s %12.0f %10.0f - %-9.0f %10.1f%n", b.name(),
                            b.tc() ? "tc" : "wd", depth, mode.label, sorted[sorted.length / 2], sorted[0],
                            sorted[sorted.length - 1], prepMs);
                }
            }
        }
    }

    /** The {@code general-paths} mode of the class comment. */
    private static void generalPaths(int reps, int every) {
        Dataset data = DatasetFactory.build(DatasetSpec.generated("gauss-k5", "gaussian", 200, 40, 5, 2));
        PreparedData prepared = Solvers.prepare(Setting.LINEAR, data);
        System.out.printf(Locale.ROOT, "# general-X vector paths of jobs/large.yaml (gauss-k5, 200 x 40, K = 5), %d"
                + " betas in [1e-4, 1e2], %s, %d reps: cells/s of thread CPU time (median, min-max)%n", GENERAL_BETAS,
                every > 1 ? "every " + every + "th cell solved alone" : "whole paths", reps);
        System.out.printf(Locale.ROOT, "%-4s %-3s %10s %22s %s%n", "obj", "L", "cells/s", "spread", "OPTIMAL/BOUNDS/FAILED");
        long warm = THREADS.getCurrentThreadCpuTime();
        solveGeneral(prepared, generalPath(Problem.wd(Setting.LINEAR, 1.0, 3)), every);
        warm = THREADS.getCurrentThreadCpuTime() - warm;
        double[] totalSeconds = new double[reps];
        int totalCells = 0;
        for (int depth : new int[] {2, 3, 4, 5, 6, 8, 10, 12}) {
            List<Problem> bases = new ArrayList<>();
            bases.add(Problem.wd(Setting.LINEAR, 1.0, depth));
            for (double t : new double[] {0.5, 1.0, 2.0}) {
                bases.add(Problem.tc(Setting.LINEAR, 1.0, depth, t));
            }
            for (Problem base : bases) {
                List<Problem> path = generalPath(base);
                double[] rates = new double[reps];
                int[] counts = new int[3];
                int cells = 0;
                for (int r = 0; r < reps; r++) {
                    long t0 = THREADS.getCurrentThreadCpuTime();
                    List<Solution> solved = solveGeneral(prepared, path, every);
                    double seconds = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
                    rates[r] = solved.size() / seconds;
                    totalSeconds[r] += seconds;
                    cells = solved.size();
                    if (r == 0) {
                        for (Solution s : solved) {
                            counts[s.status().ordinal()]++;
                        }
                    }
                }
                totalCells += cells;
                double[] sorted = rates.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-4s %-3d %10.1f %10.1f - %-9.1f %d/%d/%d%n",
                        base.objective() == Objective.WD ? "wd" : "tc" + base.tValue(), depth, sorted[sorted.length / 2],
                        sorted[0], sorted[sorted.length - 1], counts[0], counts[1], counts[2]);
            }
        }
        double[] overall = new double[reps];
        for (int r = 0; r < reps; r++) {
            overall[r] = totalCells / totalSeconds[r];
        }
        Arrays.sort(overall);
        System.out.printf(Locale.ROOT, "# all %d cells: %.1f cells/s (min-max %.1f - %.1f); warm-up path %.1f s%n",
                totalCells, overall[reps / 2], overall[0], overall[reps - 1], warm / 1e9);
    }

    private static List<Problem> generalPath(Problem base) {
        List<Problem> out = new ArrayList<>(GENERAL_BETAS);
        for (int i = 0; i < GENERAL_BETAS; i++) {
            out.add(base.withBeta(1e-4 * Math.pow(1e6, i / (GENERAL_BETAS - 1.0))));
        }
        return out;
    }

    private static List<Solution> solveGeneral(PreparedData prepared, List<Problem> path, int every) {
        if (every <= 1) {
            return Solvers.solvePath(prepared, path);
        }
        List<Solution> out = new ArrayList<>();
        for (int i = every / 2; i < path.size(); i += every) {
            out.add(Solvers.solve(prepared, path.get(i)));
        }
        return out;
    }

    private static List<Problem> cells(Bench b, int depth) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < b.betas(); i++) {
            double beta = 1e-3 * Math.pow(1e5, i / (double) Math.max(1, b.betas() - 1));
            Problem p = b.tc() ? Problem.tc(b.setting(), beta, depth, 1.0) : Problem.wd(b.setting(), beta, depth);
            out.add(p.withWidth(WIDTH));
        }
        return out;
    }

    /**
     * Cells per second of each timed repetition, after one untimed warm-up pass, by the thread's CPU
     * time: the machine is shared, and CPU time is what one core spends.
     */
    private static double[] measure(PreparedData prepared, List<Problem> cells, Mode mode, int reps) {
        BiFunction<PreparedData, Problem, Solution> solve = solver(prepared, mode);
        double sink = run(prepared, cells, solve, mode);
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            sink += run(prepared, cells, solve, mode);
            rates[r] = cells.size() / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        if (Double.isNaN(sink)) {
            System.out.println("# (NaN in results)");
        }
        return rates;
    }

    private static BiFunction<PreparedData, Problem, Solution> solver(PreparedData prepared, Mode mode) {
        if (mode != Mode.VALUES) {
            return Solvers::solve;
        }
        if (prepared instanceof PreparedLinearData lin) {
            DeepLinearSolver s = new DeepLinearSolver(Reconstruction.CERTIFICATE_ONLY);
            return (d, p) -> s.solve(lin, p);
        }
        PreparedWhitenedReluData relu = (PreparedWhitenedReluData) prepared;
        WhitenedReluSolver s = new WhitenedReluSolver(Reconstruction.CERTIFICATE_ONLY);
        return (d, p) -> s.solve(relu, p);
    }

    private static double run(PreparedData prepared, List<Problem> cells, BiFunction<PreparedData, Problem, Solution> solve,
            Mode mode) {
        double sink = 0;
        for (Problem p : cells) {
            Solution s = solve.apply(prepared, p);
            if (s.status() == Status.FAILED) {
                throw new IllegalStateException("cell failed: " + s.reason().orElse("") + " for " + p);
            }
            sink += s.primal().orElse(0) + s.dual().orElse(0);
            if (mode == Mode.WEIGHTS_AND_SVD) {
                Network net = s.network().orElseThrow();
                for (Matrix w : net.weights()) {
                    double[] sv = Decompositions.singularValues(w);
                    sink += sv.length > 0 ? sv[0] : 0;
                }
            }
        }
        return sink;
    }

    private static Dataset data(String name, Matrix x, Matrix y) {
        return new Dataset(name, x, y, Optional.empty(), name);
    }

    private static Matrix gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return Matrix.ofColumnMajor(rows, cols, a);
    }

    private static Matrix orthonormalRows(int n, int d, long seed) {
        Svd svd = Decompositions.thinSvd(gaussian(n, d, seed));
        return svd.u().times(svd.v().transpose());
    }

    private static Matrix orthonormalColumns(int n, int d, long seed) {
        return orthonormalRows(d, n, seed).transpose();
    }

    private static Matrix oneHot(int n, int k) {
        double[] y = new double[n * k];
        for (int i = 0; i < n; i++) {
            y[i + (i % k) * n] = 1;
        }
        return Matrix.ofColumnMajor(n, k, y);
    }
}

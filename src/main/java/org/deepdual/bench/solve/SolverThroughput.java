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
 */
public final class SolverThroughput {
    private static final int BETAS = 100;
    private static final int WIDTH = 32;
    private static final int[] DEPTHS = {2, 4, 8};
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

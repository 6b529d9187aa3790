package org.deepdual.solve.whitened;

import org.deepdual.solve.core.PreparedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;

/**
 * The per-data-set precomputation of the deep ReLU network on whitened data (docs/theory.md §6):
 * the check XXᵀ = I (‖XXᵀ − I‖_F ≤ 1e-8·n), and the paths — for scalar y the sign split
 * {@code y = a₊ẑ₊ − a₋ẑ₋} (ẑ_± = y_±/‖y_±‖), for one-hot Y one path per class with
 * {@code a_k = √n_k} and {@code ẑ_k = 1_{class k}/√n_k}. Each path carries its unit nonnegative
 * direction ẑ_p, its target a_p > 0, the output column it feeds and the sign it is fed with.
 */
public final class PreparedWhitenedReluData implements PreparedData {
    /** docs/cli.md: relu-whitened accepts ‖XXᵀ − I‖ ≤ 1e-8·n. */
    public static final double WHITENED_TOL = 1e-8;

    /**
     * One path of docs/theory.md §6.
     *
     * @param target a_p = the norm of the part of Y the path fits
     * @param direction ẑ_p ≥ 0 with ‖ẑ_p‖ = 1 (length n)
     * @param column the output column
     * @param sign +1, or −1 for the negative part of a scalar y
     */
    public record Path(double target, double[] direction, int column, double sign) {
        public Path {
            direction = direction.clone();
        }

        @Override
        public double[] direction() {
            return direction.clone();
        }
    }

    private final Dataset data;
    private final List<Path> paths;
    private final double targetSquares;
    private final boolean oneHot;

    private PreparedWhitenedReluData(Dataset data) {
        this.data = Objects.requireNonNull(data, "data");
        Matrix x = data.x();
        int n = data.n();
        if (n > data.d()) {
            throw new IllegalArgumentException("--x: data set '" + data.name() + "' has n = " + n + " > d = " + data.d()
                    + ", so X X^T = I is impossible; relu-whitened needs orthonormal rows (whiten the data first,"
                    + " keeping n <= d)");
        }
        double deviation = x.times(x.transpose()).minus(Matrix.identity(n)).frobeniusNorm();
        if (!(deviation <= WHITENED_TOL * n)) {
            throw new IllegalArgumentException(String.format("--x: data set '%s' is not whitened: ||X X^T - I|| ="
                    + " %.3e > 1e-8 n = %.1e; relu-whitened needs orthonormal rows, whiten the data first (the data"
                    + " layer and the sweep spec's 'whiten: true' do it)", data.name(), deviation, WHITENED_TOL * n));
        }
        this.targetSquares = data.y().frobeniusNormSquared();
        this.oneHot = data.outputs() > 1;
        this.paths = oneHot ? classPaths(data) : signPaths(data);
    }

    /** Checks XXᵀ = I and splits Y into paths; bad input throws naming the field. */
    public static PreparedWhitenedReluData of(Dataset data) {
        return new PreparedWhitenedReluData(data);
    }

    private static List<Path> signPaths(Dataset data) {
        double[] y = data.y().column(0);
        List<Path> out = new ArrayList<>(2);
        for (double sign : new double[] {1, -1}) {
            double[] part = new double[y.length];
            double sq = 0;
            for (int i = 0; i < y.length; i++) {
                part[i] = Math.max(sign * y[i], 0.0);
                sq += part[i] * part[i];
            }
            if (sq > 0) {
                double a = Math.sqrt(sq);
                for (int i = 0; i < part.length; i++) {
                    part[i] /= a;
                }
                out.add(new Path(a, part, 0, sign));
            }
        }
        return out;
    }

    private static List<Path> classPaths(Dataset data) {
        Matrix y = data.y();
        int n = y.rows();
        for (int i = 0; i < n; i++) {
            int ones = 0;
            for (int k = 0; k < y.cols(); k++) {
                double v = y.get(i, k);
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    throw new IllegalArgumentException("--y: data set '" + data.name() + "' has Y[" + i + "][" + k
                            + "] = " + v + "; relu-whitened needs a scalar y or one-hot Y (give --labels)");
                }
            }
            if (ones != 1) {
                throw new IllegalArgumentException("--y: data set '" + data.name() + "' row " + i + " of Y has " + ones
                        + " ones; relu-whitened needs a scalar y or one-hot Y (give --labels)");
            }
        }
        List<Path> out = new ArrayList<>(y.cols());
        for (int k = 0; k < y.cols(); k++) {
            double[] col = y.column(k);
            double count = 0;
            for (double v : col) {
                count += v;
            }
            if (count > 0) {
                double a = Math.sqrt(count);
                for (int i = 0; i < n; i++) {
                    col[i] /= a;
                }
                out.add(new Path(a, col, k, 1.0));
            }
        }
        return out;
    }

    @Override
    public Dataset data() {
        return data;
    }

    /** The paths with a_p > 0, in the order +, − (scalar) or by class. */
    public List<Path> paths() {
        return paths;
    }

    /** The targets a_p. */
    public double[] targets() {
        return paths.stream().mapToDouble(Path::target).toArray();
    }

    /** ‖Y‖² (= Σ a_p²: whitened data fits every target exactly at β = 0). */
    public double targetSquares() {
        return targetSquares;
    }

    /** Whether Y is one-hot (K ≥ 2 columns) rather than a scalar y. */
    public boolean oneHot() {
        return oneHot;
    }
}

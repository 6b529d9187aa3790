package org.deepdual.solve.batchnorm;

import org.deepdual.model.BnVariant;
import org.deepdual.solve.core.PreparedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.Svd;
import org.deepdual.linalg.Vectors;

/**
 * The per-data-set work of the batch-norm setting (docs/theory.md §8 and §12): the atoms of Y for
 * each variant (the SVD of Y for variant linear; the sign split of scalar y or the class indicators
 * of one-hot Y for variant relu), whether X has full row rank (then {@code W_1 = X⁺(Z + 2)} reaches
 * any pre-BN columns; X⁺ = Xᵀ for whitened X), and, for other X, the centred ReLU features of a
 * random first layer with their SVD, computed once per (seed, width) and kept for every β and L.
 */
public final class PreparedBatchNorm implements PreparedData {

    /** What Y is: one column, one-hot rows, or anything else (which variant relu refuses). */
    public enum TargetKind {
        SCALAR,
        ONE_HOT,
        GENERAL
    }

    /** Singular values below this fraction of σ_1 count as zero (docs/theory.md §4). */
    static final double RANK_RTOL = 1e-10;
    /** A pre-BN column is reached when its centred part is matched to this relative accuracy. */
    static final double REACH_RTOL = 1e-9;

    private final Dataset data;
    private final TargetKind kind;
    private final TargetAtoms linearAtoms;
    private final Optional<TargetAtoms> reluAtoms;
    private final boolean whitened;
    private final Optional<Matrix> rowInverse;
    private final double yNormSquared;
    private final ConcurrentHashMap<FeatureKey, FeatureBasis> features = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ReachKey, AtomReach> reach = new ConcurrentHashMap<>();

    PreparedBatchNorm(Dataset data) {
        this.data = Objects.requireNonNull(data, "data");
        Matrix y = data.y();
        this.kind = kindOf(y);
        this.yNormSquared = y.frobeniusNormSquared();
        this.linearAtoms = singularAtoms(y, yNormSquared);
        this.reluAtoms = switch (kind) {
            case SCALAR -> Optional.of(signAtoms(y.column(0)));
            case ONE_HOT -> Optional.of(classAtoms(y));
            case GENERAL -> Optional.empty();
        };
        Matrix x = data.x();
        this.whitened = x.rows() <= x.cols() && isWhitened(x);
        this.rowInverse = whitened ? Optional.of(x.transpose()) : rowInverseOf(x);
    }

    @Override
    public Dataset data() {
        return data;
    }

    public TargetKind targetKind() {
        return kind;
    }

    /** XXᵀ = I_n up to 1e-8·n (orthonormal rows). */
    public boolean whitened() {
        return whitened;
    }

    /** rank X = n, so that the first layer alone reaches every pre-BN column. */
    public boolean fullRowRank() {
        return rowInverse.isPresent();
    }

    double yNormSquared() {
        return yNormSquared;
    }

    /** The atoms of the variant; variant relu on GENERAL targets is bad input. */
    TargetAtoms atoms(BnVariant variant) {
        if (variant == BnVariant.LINEAR) {
            return linearAtoms;
        }
        return reluAtoms.orElseThrow(() -> new IllegalArgumentException("bn variant relu needs scalar y or one-hot Y;"
                + " y is " + data.y().shape() + " with entries other than one 1 per row (use variant linear)"));
    }

    /**
     * How the layers before batch norm reach the pre-BN columns of the variant's atoms: for full
     * row rank X through X⁺ (no randomness); otherwise through X itself ({@code direct}: L = 2, BN
     * acts on X W_1) or the ReLU features of a random first layer drawn from {@code seed}.
     */
    AtomReach reach(BnVariant variant, boolean direct, long seed) {
        TargetAtoms atoms = atoms(variant);
        if (rowInverse.isPresent()) {
            return reach.computeIfAbsent(new ReachKey(variant, true, false, 0L),
                    k -> AtomReach.throughRowInverse(data.x(), rowInverse.get(), atoms));
        }
        ReachKey key = new ReachKey(variant, false, direct, direct ? 0L : seed);
        return reach.computeIfAbsent(key, k -> {
            FeatureBasis f = features.computeIfAbsent(new FeatureKey(direct, key.seed()),
                    fk -> direct ? FeatureBasis.ofData(data.x()) : FeatureBasis.ofRandomRelu(data.x(), seed));
            return AtomReach.throughFeatures(f, atoms);
        });
    }

    /**
     * {@link #reach} for atoms other than the targets' (the SVD of a classification loss's optimal output,
     * docs/theory.md §14.4): not cached, as they change with β; the feature bases are shared.
     */
    AtomReach reachOf(TargetAtoms atoms, boolean direct, long seed) {
        if (rowInverse.isPresent()) {
            return AtomReach.throughRowInverse(data.x(), rowInverse.get(), atoms);
        }
        FeatureBasis f = features.computeIfAbsent(new FeatureKey(direct, direct ? 0L : seed),
                fk -> direct ? FeatureBasis.ofData(data.x()) : FeatureBasis.ofRandomRelu(data.x(), seed));
        return AtomReach.throughFeatures(f, atoms);
    }

    private static TargetKind kindOf(Matrix y) {
        if (y.cols() == 1) {
            return TargetKind.SCALAR;
        }
        for (int i = 0; i < y.rows(); i++) {
            int ones = 0;
            for (double v : y.row(i)) {
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    return TargetKind.GENERAL;
                }
            }
            if (ones != 1) {
                return TargetKind.GENERAL;
            }
        }
        return TargetKind.ONE_HOT;
    }

    private static TargetAtoms singularAtoms(Matrix y, double yNormSquared) {
        Svd svd = Decompositions.thinSvd(y);
        double top = svd.s().length == 0 ? 0 : svd.s()[0];
        int r = 0;
        double kept = 0;
        while (r < svd.s().length && svd.s()[r] > 0 && svd.s()[r] > 1e-12 * top) {
            kept += svd.s()[r] * svd.s()[r];
            r++;
        }
        return new TargetAtoms(Arrays.copyOf(svd.s(), r), svd.u().columns(0, r), svd.v().columns(0, r),
                Math.max(0.0, yNormSquared - kept));
    }

    /** y = ‖y₊‖ ẑ₊ − ‖y₋‖ ẑ₋ with disjoint nonnegative ẑ_±. */
    private static TargetAtoms signAtoms(double[] y) {
        int n = y.length;
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int i = 0; i < n; i++) {
            plus[i] = Math.max(y[i], 0.0);
            minus[i] = Math.max(-y[i], 0.0);
        }
        List<double[]> parts = new ArrayList<>();
        addSignPart(parts, plus, 1.0);
        addSignPart(parts, minus, -1.0);
        parts.sort(Comparator.comparingDouble((double[] p) -> -p[n]));
        double[] amps = new double[parts.size()];
        double[] z = new double[n * parts.size()];
        double[] q = new double[parts.size()];
        for (int j = 0; j < parts.size(); j++) {
            double[] p = parts.get(j);
            amps[j] = p[n];
            q[j] = p[n + 1];
            for (int i = 0; i < n; i++) {
                z[i + j * n] = p[i] / p[n];
            }
        }
        return new TargetAtoms(amps, Matrix.ofColumnMajor(n, amps.length, z), Matrix.ofColumnMajor(1, amps.length, q),
                0.0);
    }

    private static void addSignPart(List<double[]> parts, double[] part, double sign) {
        double norm = Vectors.norm(part);
        if (norm > 0) {
            double[] p = Arrays.copyOf(part, part.length + 2);
            p[part.length] = norm;
            p[part.length + 1] = sign;
            parts.add(p);
        }
    }

    /** One-hot Y = Σ_k √n_k (1_k/√n_k) e_kᵀ, largest classes first. */
    private static TargetAtoms classAtoms(Matrix y) {
        int n = y.rows();
        int k = y.cols();
        int[] counts = new int[k];
        for (int c = 0; c < k; c++) {
            for (double v : y.column(c)) {
                counts[c] += v == 1.0 ? 1 : 0;
            }
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer c) -> -counts[c]));
        int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        double[] amps = new double[present];
        double[] z = new double[n * present];
        double[] q = new double[k * present];
        for (int j = 0; j < present; j++) {
            int c = order[j];
            amps[j] = Math.sqrt(counts[c]);
            double[] col = y.column(c);
            for (int i = 0; i < n; i++) {
                z[i + j * n] = col[i] / amps[j];
            }
            q[c + j * k] = 1.0;
        }
        return new TargetAtoms(amps, Matrix.ofColumnMajor(n, present, z), Matrix.ofColumnMajor(k, present, q), 0.0);
    }

    private static boolean isWhitened(Matrix x) {
        Matrix gram = x.times(x.transpose());
        return gram.minus(Matrix.identity(x.rows())).frobeniusNorm() <= 1e-8 * x.rows();
    }

    /** X⁺ = V S⁻¹ Uᵀ when rank X = n, else empty. */
    private static Optional<Matrix> rowInverseOf(Matrix x) {
        if (x.rows() > x.cols()) {
            return Optional.empty();
        }
        Svd svd = Decompositions.thinSvd(x);
        if (svd.rank(RANK_RTOL) < x.rows()) {
            return Optional.empty();
        }
        double[] inv = Arrays.stream(svd.s()).map(s -> 1.0 / s).toArray();
        return Optional.of(Decompositions.scaleColumns(svd.v(), inv).times(svd.u().transpose()));
    }

    private record FeatureKey(boolean direct, long seed) {
    }

    private record ReachKey(BnVariant variant, boolean rowInverse, boolean direct, long seed) {
    }
}

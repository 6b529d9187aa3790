package org.deepdual.report;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The predicted number of active paths (the rank of the optimal layers) of a weight-decay cell,
 * from the targets its setting thresholds (docs/theory.md §11, invariant 7):
 * <ul>
 * <li>{@code linear} on whitened X (common singular value c): #{z_i &gt; s*(L, β c^{−2/L})}, z_i the
 * singular values of U_rᵀY (docs/theory.md §5);</li>
 * <li>{@code relu-whitened}: #{a_p &gt; s*(L, β)}, a_p the path targets (docs/theory.md §6);</li>
 * <li>{@code bn}: #{σ_i(Y) &gt; β} for every L, singular-value soft-thresholding (docs/theory.md §8).</li>
 * </ul>
 * Other settings, {@code tc} cells and non-whitened linear data have no threshold prediction.
 *
 * @param targets the thresholded values, descending
 * @param c the common singular value of X (1 where the data is whitened to XXᵀ = I)
 * @param depthFree whether the threshold is β at every depth (bn)
 * @param source which {@code datasets/} column the targets came from
 */
public record RankPrediction(double[] targets, double c, boolean depthFree, String source) {

    static final List<String> LINEAR_TARGETS = List.of("linear_targets", "z", "z_singular_values",
            "projected_target_singular_values");
    static final List<String> RELU_TARGETS = List.of("path_targets", "relu_targets", "a");
    static final List<String> Y_SINGULAR_VALUES = List.of("y_singular_values", "target_singular_values");

    public RankPrediction {
        targets = Arrays.stream(targets).map(v -> -v).sorted().map(v -> -v).toArray();
    }

    @Override
    public double[] targets() {
        return targets.clone();
    }

    /** The prediction for cells of {@code panel} on {@code data}, when the theory gives one. */
    public static Optional<RankPrediction> forPanel(PanelKey panel, Optional<DatasetInfo> data) {
        if (!"wd".equals(panel.objective()) || data.isEmpty()) {
            return Optional.empty();
        }
        DatasetInfo info = data.get();
        switch (panel.setting()) {
            case "linear" -> {
                var c = info.commonSingularValue();
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                return pick(info, LINEAR_TARGETS).map(t -> new RankPrediction(t.values, c.getAsDouble(), false,
                        t.name));
            }
            case "relu-whitened" -> {
                return pick(info, RELU_TARGETS).map(t -> new RankPrediction(t.values, 1.0, false, t.name));
            }
            case "bn" -> {
                Optional<Named> sy = pick(info, Y_SINGULAR_VALUES);
                if (sy.isEmpty()) {
                    // one-hot Y has σ_k(Y) = √n_k
                    sy = pick(info, List.of("class_counts")).map(c -> new Named("√class_counts",
                            Arrays.stream(c.values).map(Math::sqrt).toArray()));
                }
                return sy.map(t -> new RankPrediction(t.values, 1.0, true, t.name));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private record Named(String name, double[] values) {
    }

    private static Optional<Named> pick(DatasetInfo info, List<String> names) {
        for (String n : names) {
            Optional<double[]> v = info.vector(List.of(n));
            if (v.isPresent() && v.get().length > 0) {
                return Optional.of(new Named(n, v.get()));
            }
        }
        return Optional.empty();
    }

    /** The threshold value s*(L, β c^{−2/L}) the targets are compared with. */
    public double threshold(int depth, double beta) {
        return depthFree ? beta : JumpThreshold.sStar(depth, beta * Math.pow(c, -2.0 / depth));
    }

    /** Predicted rank at (L, β). */
    public int predictedRank(int depth, double beta) {
        double s = threshold(depth, beta);
        return (int) Arrays.stream(targets).filter(a -> a > s).count();
    }

    /** The β at which each target switches off, one per target (descending targets, so ascending order reversed). */
    public double[] criticalBetas(int depth) {
        return Arrays.stream(targets).map(a -> depthFree ? a : JumpThreshold.criticalBeta(depth, a, c)).toArray();
    }

    /** Whether β is within a relative 1e-6 of a switching point (numerical ties there are not violations). */
    public boolean nearSwitch(int depth, double beta) {
        return Arrays.stream(criticalBetas(depth)).anyMatch(b -> Math.abs(b - beta) <= 1e-6 * Math.max(b, 1e-300));
    }

    /** A one-line description for captions. */
    public String describe() {
        String what = depthFree ? "σ_i(Y) > β" : c == 1.0 ? "a > s*(L, β)" : "a > s*(L, β·c^(−2/L)), c = "
                + Format.number(c);
        return "targets " + Arrays.toString(Arrays.stream(targets).mapToObj(Format::number).toArray())
                + " (datasets column " + source + "), on iff " + what;
    }
}

package org.deepdual.report;

import java.util.function.ToDoubleFunction;

/**
 * A quantity drawn as a heat map over (log β, L), with what the theory predicts for it (the
 * figure's caption). Quantities spanning decades (gap, NC metrics) are coloured by log₁₀, floored
 * at 1e−16.
 */
enum HeatMetric {
    OPTIMAL_VALUE("optimal value", "P = ½‖f(X)−Y‖² + regulariser (loss units)", false, GridPoint::primal),
    GAP("duality gap", "log₁₀ relative gap (P − D)/max(1, |P|)", true, GridPoint::relativeGap),
    RANK_W1("rank of W_1", "rank(W_1) (count, mean over seeds)", false, GridPoint::rankW1),
    STABLE_RANK("mean stable rank", "mean over layers of ‖W_l‖_F²/‖W_l‖_2²", false, GridPoint::meanStableRank),
    MIN_ALIGNMENT("minimum alignment", "min over l of subspace alignment(W_l, W_{l+1}) ∈ [0, 1]", false,
            GridPoint::minAlignment),
    NC1("NC1", "log₁₀ NC1 = tr(Σ_W Σ_B⁺)/K", true, GridPoint::nc1),
    NC2("NC2 (ETF deviation)", "log₁₀ ‖G/‖G‖_F − (I − 11ᵀ/K)/√(K−1)‖_F", true, GridPoint::nc2EtfDev);

    static final double LOG_FLOOR = 1e-16;

    private final String title;
    private final String scaleLabel;
    private final boolean logScale;
    private final ToDoubleFunction<GridPoint> value;

    HeatMetric(String title, String scaleLabel, boolean logScale, ToDoubleFunction<GridPoint> value) {
        this.title = title;
        this.scaleLabel = scaleLabel;
        this.logScale = logScale;
        this.value = value;
    }

    String title() {
        return title;
    }

    String scaleLabel() {
        return scaleLabel;
    }

    boolean logScale() {
        return logScale;
    }

    String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    boolean collapseOnly() {
        return this == NC1 || this == NC2;
    }

    /** The coloured value at a point (log₁₀ where the metric spans decades); NaN when unknown. */
    double colourValue(GridPoint p) {
        double v = value.applyAsDouble(p);
        if (Double.isNaN(v) || !logScale) {
            return v;
        }
        return Math.log10(Math.max(Math.abs(v), LOG_FLOOR));
    }

    /** What the theory predicts, for the caption. */
    String prediction(PanelKey panel) {
        String s = panel.setting();
        return switch (this) {
            case OPTIMAL_VALUE -> "Theory: P is nondecreasing in β at every depth (docs/theory.md §11.9) and continuous in β "
                    + "even where the optimal weights jump (L ≥ 3).";
            case GAP -> switch (s) {
                case "linear" -> "Theory (docs/theory.md §3): zero gap for scalar output at every L and for L = 2; for vector "
                        + "output and L ≥ 3 the standard architecture has a positive duality gap wherever the optimum has "
                        + "rank ≥ 2 (‖W‖_{S_2/L} > ‖W‖_*), and it can stay positive where the primal has rank 1 or 0 while "
                        + "the dual's nuclear-norm solution still uses several directions. That is the gap of an OPTIMAL "
                        + "cell; on general X with vector output the primal is a proximal-gradient stationary point, and "
                        + "a BOUNDS cell's gap also holds that point's distance from the optimum.";
                case "relu-whitened" -> "Theory (docs/theory.md §3, §6): zero gap for L = 2 or when one path is active; "
                        + "positive for L ≥ 3 with two or more active paths (the shared first L−2 layers split the "
                        + "Frobenius budget) — the paper's dual is not tight there.";
                case "bn" -> "Theory (docs/theory.md §8): zero gap at every L under the expressivity assumption (E).";
                case "relu2" -> "Theory (docs/theory.md §9): zero gap with all activation patterns (≤ 1e−6 relative for ADMM); "
                        + "sampled patterns give an upper bound.";
                case "relu-rank1" -> "No dual is reported for rank-one data (docs/cli.md §Statuses); the map is empty or NaN.";
                default -> "Theory: zero gap where the setting's dual is tight (docs/theory.md §3).";
            };
            case RANK_W1 -> switch (s) {
                case "linear" -> "Theory: rank one for scalar output (docs/theory.md §4); for whitened vector output "
                        + "rank = #{z_i > s*(L, β c^(−2/L))}, a staircase that drops to 0 at the critical β (§5, §11.7).";
                case "relu-whitened" -> "Theory: rank = number of active paths #{a_p > s*(L, β)} (§6, §11.7).";
                case "bn" -> "Theory: the last layer has rank #{σ_i(Y) > β} (soft-thresholding, §8).";
                default -> "Theory: the optimal layers are low-rank; rank falls as β grows.";
            };
            case STABLE_RANK -> "Theory: stable rank 1 exactly for rank-one layers (scalar linear, §11.5); it equals the "
                    + "rank when the surviving singular values tie (balanced one-hot).";
            case MIN_ALIGNMENT -> "Theory: 1 for every closed-form optimum — the right singular vectors of W_l are the "
                    + "left singular vectors of W_{l+1} (L4, §11.5). Grey: undefined (a zero layer).";
            case NC1 -> "Theory (§8, §11.8): NC1 = 0 (features depend only on the class) for balanced one-hot targets "
                    + "with β < √(n/K); grey where every path is off.";
            case NC2 -> "Theory (§8, §11.8): the centred class means form a simplex ETF, deviation 0, for balanced "
                    + "one-hot targets with β < √(n/K).";
        };
    }
}

package org.deepdual.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The settings of the paper that deepdual solves (docs/cli.md), with their CLI names. */
public enum Setting {
    /** Deep linear network (docs/theory.md §4 and §5). */
    LINEAR("linear"),
    /** Deep ReLU network on whitened data (docs/theory.md §6). */
    RELU_WHITENED("relu-whitened"),
    /** Deep ReLU network on rank-one data (docs/theory.md §7.1). */
    RELU_RANK1("relu-rank1"),
    /** Batch normalization before the last layer (docs/theory.md §8). */
    BN("bn"),
    /** Two-layer ReLU network, convex program over activation patterns (docs/theory.md §9). */
    RELU2("relu2"),
    /** Two-layer ReLU network with free biases on 1-D data: Lasso over ramps (docs/theory.md §7.2). */
    RELU_1D("relu-1d"),
    /**
     * Deep (L ≥ 3) ReLU network with free biases in every layer on 1-D data (docs/theory.md §7.3): no
     * convex program is known, so its cells are trained (multi-start L-BFGS) and reported as BOUNDS.
     */
    RELU_1D_DEEP("relu-1d-deep");

    private final String cliName;

    Setting(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Settings that accept depth 2 only. */
    public boolean twoLayerOnly() {
        return this == RELU2 || this == RELU_1D;
    }

    /** Whether the network has free (unpenalised) biases in every layer: relu-1d and relu-1d-deep. */
    public boolean freeBiases() {
        return this == RELU_1D || this == RELU_1D_DEEP;
    }

    /** The smallest depth the setting accepts: 3 for relu-1d-deep (depth 2 is relu-1d), else 2. */
    public int minDepth() {
        return this == RELU_1D_DEEP ? 3 : 2;
    }

    /**
     * Whether cells of this setting may use {@code loss} (docs/theory.md §14): the squared loss everywhere;
     * logistic and hinge for {@code relu-1d}, whose Lasso over ramps becomes an ℓ1-regularized GLM with the
     * dual from the loss's conjugate, and for {@code relu2}, whose pattern program keeps its cones and group
     * norms with the loss in place of the squared error; every classification loss for {@code linear}, whose
     * reduction to a nuclear-norm (or, for one output, ℓ2-norm) regularized GLM holds for any loss (§14.4;
     * {@link Problem} refuses the cases of it that are not implemented: wd at L ≥ 3, hinge at β = 0), and for
     * {@code bn}, whose linear variant under its expressivity condition reduces to a nuclear-norm GLM over the
     * outputs (Problem refuses the relu variant).
     */
    public boolean supports(Loss loss) {
        return loss == Loss.SQUARED || this == LINEAR || this == BN
                || ((this == RELU_1D || this == RELU2) && (loss == Loss.LOGISTIC || loss == Loss.HINGE));
    }

    /** Why {@code loss} is refused for this setting (docs/theory.md §14); empty text when it is supported. */
    public String lossRefusal(Loss loss) {
        if (supports(loss)) {
            return "";
        }
        return switch (this) {
            case RELU_1D -> "relu-1d has one output; cross-entropy needs K >= 2 outputs (use logistic for labels ±1)";
            case RELU2 -> "relu2 has one output; cross-entropy needs K >= 2 outputs (use logistic for labels ±1)";
            case LINEAR, BN -> "";
            case RELU_WHITENED -> "the closed form and its dual are derived for the squared loss only;"
                    + " with another loss the reduction holds but the gap is not closed in closed form"
                    + " (docs/theory.md §14)";
            case RELU_RANK1 -> "the rank-one reduction has no dual even for the squared loss";
            case RELU_1D_DEEP -> "relu-1d-deep is trained against the two-layer squared-loss optimum: its bound and"
                    + " spline measures are defined for the squared loss only";
        };
    }

    public static Setting fromCliName(String name) {
        for (Setting s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown setting '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Setting::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}

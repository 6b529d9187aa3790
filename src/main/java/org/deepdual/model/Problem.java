package org.deepdual.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One cell's parameters: setting (and BN variant), objective, β ≥ 0, depth L ≥ 2, t > 0 for
 * {@code tc}, one width for every hidden layer (empty: the smallest width the solution needs),
 * the seed (random first layers, sampled patterns) and the number of sampled activation patterns
 * for {@code relu2}, and the {@link Loss} (squared unless stated; the classification losses only where the
 * setting's convex dual extends through the loss's conjugate, docs/theory.md §14).
 */
public record Problem(Setting setting, Optional<BnVariant> variant, Objective objective, double beta, int depth,
        OptionalDouble t, OptionalInt width, long seed, int patterns, Loss loss) {

    public static final int MAX_DEPTH = 1000;
    public static final int DEFAULT_PATTERNS = 2000;
    /** Why relu-1d-deep refuses tc: the paper's 1-D claim is for weight decay (docs/theory.md §7.3). */
    public static final String RELU_1D_DEEP_OBJECTIVE = "setting relu-1d-deep trains weight decay on every layer"
            + " (objective wd) only";

    public Problem {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(loss, "loss");
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException("beta must be a finite number >= 0, got " + beta);
        }
        if (depth < 2 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be in 2.." + MAX_DEPTH + ", got " + depth);
        }
        if (setting.twoLayerOnly() && depth != 2) {
            throw new IllegalArgumentException("depth must be 2 for setting " + setting + ", got " + depth);
        }
        if (depth < setting.minDepth()) {
            throw new IllegalArgumentException("depth must be >= " + setting.minDepth() + " for setting " + setting
                    + " (depth 2 is setting relu-1d), got " + depth);
        }
        if (setting == Setting.RELU_1D_DEEP && objective != Objective.WD) {
            throw new IllegalArgumentException(RELU_1D_DEEP_OBJECTIVE + ", got objective " + objective.cliName());
        }
        if (objective == Objective.TC) {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("t is required for objective tc");
            }
            if (!Double.isFinite(t.getAsDouble()) || t.getAsDouble() <= 0) {
                throw new IllegalArgumentException("t must be a finite number > 0, got " + t.getAsDouble());
            }
        }
        if (width.isPresent() && width.getAsInt() < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width.getAsInt());
        }
        if (setting == Setting.BN && variant.isEmpty()) {
            variant = Optional.of(BnVariant.RELU);
        }
        if (setting != Setting.BN && variant.isPresent()) {
            throw new IllegalArgumentException("variant applies to setting bn only, got variant " + variant.get()
                    + " for setting " + setting);
        }
        if (patterns < 1) {
            throw new IllegalArgumentException("patterns must be >= 1, got " + patterns);
        }
        if (!setting.supports(loss)) {
            throw new IllegalArgumentException("loss " + loss + " is not available for setting " + setting + ": "
                    + setting.lossRefusal(loss));
        }
        if (loss.requiresPositiveBeta() && beta == 0) {
            throw new IllegalArgumentException("beta must be > 0 for loss " + loss
                    + ": at beta = 0 its optimum is not attained on separable data");
        }
        String refusal = lossCellRefusal(setting, variant, loss, objective, depth, beta);
        if (!refusal.isEmpty()) {
            throw new IllegalArgumentException(refusal);
        }
    }

    /**
     * Why a cell with a classification loss is refused although its setting supports the loss
     * (docs/theory.md §14.4), or empty text. {@code linear}: weight decay at L ≥ 3 penalises Σσ_i^{2/L}, not
     * convex, with no certified dual implemented; hinge at β = 0 is an unregularized linear program the
     * nuclear-norm GLM does not solve. {@code bn}: only the linear variant reduces to a nuclear-norm GLM, and
     * only for β > 0.
     */
    public static String lossCellRefusal(Setting setting, Optional<BnVariant> variant, Loss loss, Objective objective,
            int depth, double beta) {
        if (!loss.classification()) {
            return "";
        }
        if (setting == Setting.BN) {
            if (variant.orElse(BnVariant.RELU) != BnVariant.LINEAR) {
                return "setting bn with loss " + loss + " needs variant linear: the relu variant's reduction is"
                        + " derived for the squared loss only (docs/theory.md §14.4)";
            }
            return beta == 0 ? "setting bn with loss " + loss + " needs beta > 0 (docs/theory.md §14.4)" : "";
        }
        if (setting != Setting.LINEAR) {
            return "";
        }
        if (objective == Objective.WD && depth != 2) {
            return "setting linear with loss " + loss + " and objective wd needs depth 2, got " + depth + ": at L >= 3"
                    + " the weight-decay reduction penalises (L beta/2) sum_i sigma_i^(2/L), which is not convex, and"
                    + " no certified dual is implemented (docs/theory.md §14.4); use objective tc (exact for one"
                    + " output) or depth 2";
        }
        if (beta == 0) {
            return "setting linear with loss " + loss + " needs beta > 0: the unregularized fit is not solved by the"
                    + " nuclear-norm GLM (docs/theory.md §14.4)";
        }
        return "";
    }

    /** A squared-loss problem (the form every setting takes). */
    public Problem(Setting setting, Optional<BnVariant> variant, Objective objective, double beta, int depth,
            OptionalDouble t, OptionalInt width, long seed, int patterns) {
        this(setting, variant, objective, beta, depth, t, width, seed, patterns, Loss.SQUARED);
    }

    /** A {@code wd} problem with default width, seed 0 and default pattern count. */
    public static Problem wd(Setting setting, double beta, int depth) {
        return new Problem(setting, Optional.empty(), Objective.WD, beta, depth, OptionalDouble.empty(),
                OptionalInt.empty(), 0L, DEFAULT_PATTERNS);
    }

    /** A {@code tc} problem with default width, seed 0 and default pattern count. */
    public static Problem tc(Setting setting, double beta, int depth, double t) {
        return new Problem(setting, Optional.empty(), Objective.TC, beta, depth, OptionalDouble.of(t),
                OptionalInt.empty(), 0L, DEFAULT_PATTERNS);
    }

    public Problem withBeta(double newBeta) {
        return new Problem(setting, variant, objective, newBeta, depth, t, width, seed, patterns, loss);
    }

    public Problem withDepth(int newDepth) {
        return new Problem(setting, variant, objective, beta, newDepth, t, width, seed, patterns, loss);
    }

    public Problem withWidth(int newWidth) {
        return new Problem(setting, variant, objective, beta, depth, t, OptionalInt.of(newWidth), seed, patterns, loss);
    }

    public Problem withVariant(BnVariant v) {
        return new Problem(setting, Optional.of(v), objective, beta, depth, t, width, seed, patterns, loss);
    }

    public Problem withSeed(long newSeed) {
        return new Problem(setting, variant, objective, beta, depth, t, width, newSeed, patterns, loss);
    }

    public Problem withPatterns(int newPatterns) {
        return new Problem(setting, variant, objective, beta, depth, t, width, seed, newPatterns, loss);
    }

    public Problem withLoss(Loss newLoss) {
        return new Problem(setting, variant, objective, beta, depth, t, width, seed, patterns, newLoss);
    }

    /** t for {@code tc}; throws for {@code wd}. */
    public double tValue() {
        return t.orElseThrow(() -> new IllegalStateException("t is defined for objective tc only"));
    }
}

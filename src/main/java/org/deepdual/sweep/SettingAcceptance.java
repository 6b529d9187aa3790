package org.deepdual.sweep;

import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetSpec;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * Which data a setting accepts (docs/cli.md; docs/theory.md §6, §7 and §9), checked before
 * any Spark job: first from the spec alone, then on the built data set. {@code relu-whitened} needs
 * orthonormal rows XXᵀ = I (so n ≤ d and whitening), {@code relu-1d} and {@code relu-1d-deep} 1-D
 * inputs ({@code relu-1d-deep} also L ≥ 3 and objective wd). The solvers'
 * own preparation is the final judge ({@link DataCatalog#checkAcceptance}).
 */
final class SettingAcceptance {
    /** docs/cli.md: ‖XXᵀ − I‖ ≤ 1e-8·n. */
    static final double WHITENED_TOL = 1e-8;

    private SettingAcceptance() {
    }

    /** Why {@code setting} refuses {@code data}, judged from the spec alone; empty when it may accept it. */
    static Optional<String> refusal(Setting setting, DatasetSpec data) {
        switch (setting) {
            case RELU_WHITENED: {
                boolean generatedWhite = data.generator().equals("whitened");
                if (!generatedWhite && !data.whiten()) {
                    return Optional.of("setting relu-whitened needs whitened data (XXᵀ = I, docs/theory.md §6): data '"
                            + data.name() + "' has generator " + data.generator()
                            + " and no whitening; set whiten: true (with n <= d)");
                }
                if (data.n().isPresent() && data.d().isPresent() && data.n().getAsInt() > data.d().getAsInt()
                        && !data.biasColumn()) {
                    return Optional.of("setting relu-whitened needs n <= d (XXᵀ = I): data '" + data.name()
                            + "' has n = " + data.n().getAsInt() + " > d = " + data.d().getAsInt());
                }
                return Optional.empty();
            }
            case RELU_1D:
            case RELU_1D_DEEP:
                if (data.d().isPresent() && data.d().getAsInt() != 1) {
                    return Optional.of("setting " + setting + " needs 1-D data (d = 1, optionally with a bias column): data '"
                            + data.name() + "' has d = " + data.d().getAsInt());
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** Why {@code setting} refuses depth {@code depth} beyond the 2..1000 range; empty when accepted. */
    static Optional<String> depthRefusal(Setting setting, int depth) {
        if (depth < setting.minDepth()) {
            return Optional.of("setting " + setting + " needs depth L >= " + setting.minDepth()
                    + " (depth 2 is setting relu-1d)");
        }
        return Optional.empty();
    }

    /** Why {@code setting} refuses {@code objective}; empty when accepted. */
    static Optional<String> objectiveRefusal(Setting setting, Objective objective) {
        if (setting == Setting.RELU_1D_DEEP && objective != Objective.WD) {
            return Optional.of(Problem.RELU_1D_DEEP_OBJECTIVE);
        }
        return Optional.empty();
    }

    /** Why {@code setting} refuses the built data set; empty when accepted. */
    static Optional<String> refusal(Setting setting, Dataset data) {
        if (setting == Setting.RELU_WHITENED) {
            int n = data.n();
            if (n > data.d()) {
                return Optional.of("setting relu-whitened needs n <= d (XXᵀ = I): data '" + data.name() + "' has n = "
                        + n + " > d = " + data.d());
            }
            double dev = data.x().times(data.x().transpose()).minus(org.deepdual.linalg.Matrix.identity(n))
                    .frobeniusNorm();
            if (!(dev <= WHITENED_TOL * n)) {
                return Optional.of("setting relu-whitened needs orthonormal rows: data '" + data.name()
                        + "' has ‖XXᵀ − I‖_F = " + dev + " > 1e-8·n");
            }
        }
        return Optional.empty();
    }
}

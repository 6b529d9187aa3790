package org.deepdual.sweep;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.deepdual.model.BnVariant;
import org.deepdual.model.Loss;
import org.deepdual.model.Objective;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;

/**
 * One point of the sweep grid (docs/theory.md §12): a data set (by name and fingerprint) and the
 * parameters of one {@link Problem}. Its {@link CellId} is a hash of exactly these fields.
 *
 * @param patterns sampled activation patterns; enters the id only for {@code relu2}
 * @param loss enters the id only when it is not {@code squared}, so every squared-loss cell keeps its id
 */
public record Cell(String data, String dataFingerprint, Setting setting, Optional<BnVariant> variant,
        Objective objective, double beta, OptionalDouble t, OptionalInt width, int depth, long seed, int patterns,
        Loss loss) {

    public Cell {
        java.util.Objects.requireNonNull(loss, "loss");
    }

    /** A squared-loss cell. */
    public Cell(String data, String dataFingerprint, Setting setting, Optional<BnVariant> variant, Objective objective,
            double beta, OptionalDouble t, OptionalInt width, int depth, long seed, int patterns) {
        this(data, dataFingerprint, setting, variant, objective, beta, t, width, depth, seed, patterns, Loss.SQUARED);
    }

    /** The problem this cell solves. */
    public Problem problem() {
        return new Problem(setting, variant, objective, beta, depth, t, width, seed, patterns, loss);
    }

    /** The hex SHA-256 id of this cell (docs/output.md). */
    public String id() {
        return CellId.of(this);
    }
}

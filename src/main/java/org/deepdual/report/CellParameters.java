package org.deepdual.report;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parameters of one sweep cell as the report reads them back (docs/spec.md): the
 * data set's name, the setting and BN variant, the objective, the regularisation strength β (in
 * the units of the sum-of-squares loss, docs/theory.md §1), the depth L, the budget t ({@code tc}
 * only, NaN for {@code wd}), the hidden width (empty: the smallest width the solution needs) and
 * the seed, and the loss (docs/theory.md §14; {@value #SQUARED} for rows without one).
 */
public record CellParameters(String data, String setting, Optional<String> variant, String objective, double beta,
        int depth, double t, OptionalInt width, long seed, String loss) {

    /** The loss of rows written before cells/ had a {@code loss} column. */
    public static final String SQUARED = "squared";

    public CellParameters {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(width, "width");
    }

    /** A squared-loss cell. */
    public CellParameters(String data, String setting, Optional<String> variant, String objective, double beta,
            int depth, double t, OptionalInt width, long seed) {
        this(data, setting, variant, objective, beta, depth, t, width, seed, SQUARED);
    }

    /** The sub-grid this cell belongs to: everything but β, L and the seed. */
    public PanelKey panel() {
        return new PanelKey(data, setting, variant, objective, t, width);
    }

    /**
     * The β path of this cell as text: every parameter but β (docs/output.md, group_id). Rows that carry
     * their {@code group_id} are grouped by that instead, which also tells data set versions apart.
     */
    public String pathKey() {
        return String.join("|", data, setting, variant.orElse(""), objective, Double.toString(t),
                width.isPresent() ? Integer.toString(width.getAsInt()) : "", Integer.toString(depth),
                Long.toString(seed)) + (SQUARED.equals(loss) ? "" : "|" + loss);
    }

    /** β, L and the seed in the paper's notation, for tables. */
    public String shortLabel() {
        return "L=" + depth + ", β=" + Format.number(beta) + (Double.isNaN(t) ? "" : ", t=" + Format.number(t))
                + ", seed " + seed;
    }
}

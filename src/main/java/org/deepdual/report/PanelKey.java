package org.deepdual.report;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One sub-grid of a sweep drawn in one set of figures: a data set, a setting (with its BN variant),
 * an objective, t for {@code tc} (NaN for {@code wd}) and a width. Its cells vary over (β, L) and
 * seeds; the figures average over seeds.
 */
public record PanelKey(String data, String setting, Optional<String> variant, String objective, double t,
        OptionalInt width) implements Comparable<PanelKey> {

    private static final Comparator<PanelKey> ORDER = Comparator.comparing(PanelKey::setting)
            .thenComparing(k -> k.variant().orElse("")).thenComparing(PanelKey::data)
            .thenComparing(PanelKey::objective).thenComparingDouble(PanelKey::t)
            .thenComparingInt(k -> k.width().orElse(0));

    public PanelKey {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(width, "width");
    }

    /** Human-readable title, e.g. "bn (relu) · fmnist · wd · width 32". */
    public String title() {
        StringBuilder b = new StringBuilder(setting);
        variant.ifPresent(v -> b.append(" (").append(v).append(')'));
        b.append(" · ").append(data).append(" · ").append(objective);
        if (!Double.isNaN(t)) {
            b.append(" t=").append(Format.number(t));
        }
        width.ifPresent(w -> b.append(" · width ").append(w));
        return b.toString();
    }

    /** A file-name-safe slug, unique per key. */
    public String slug() {
        String s = setting + variant.map(v -> "-" + v).orElse("") + "_" + data + "_" + objective
                + (Double.isNaN(t) ? "" : "_t" + Format.number(t)) + width.stream().mapToObj(w -> "_w" + w)
                        .findFirst().orElse("");
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public int compareTo(PanelKey o) {
        return ORDER.compare(this, o);
    }
}

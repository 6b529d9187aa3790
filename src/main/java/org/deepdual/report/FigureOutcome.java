package org.deepdual.report;

import java.util.Objects;
import java.util.Optional;

/**
 * What drawing one figure gave: the figure, or a note saying why it was omitted (no rows for the
 * setting, no baseline, no data set to recompute from).
 */
public record FigureOutcome(String title, Optional<Figure> figure, Optional<String> note) {
    public FigureOutcome {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(note, "note");
        if (figure.isPresent() == note.isPresent()) {
            throw new IllegalArgumentException("a figure outcome is either a figure or a note: " + title);
        }
    }

    public static FigureOutcome drawn(Figure f) {
        return new FigureOutcome(f.title(), Optional.of(f), Optional.empty());
    }

    public static FigureOutcome omitted(String title, String why) {
        return new FigureOutcome(title, Optional.empty(), Optional.of(why));
    }
}

package org.deepdual.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A written report: the HTML page, the sweep's counts, every figure drawn or omitted (with the
 * note saying why), and how many invariant violations were found.
 */
public record Report(Path index, SweepCounts counts, List<FigureOutcome> outcomes, long violations) {
    public Report {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(counts, "counts");
        outcomes = List.copyOf(outcomes);
    }

    /** The figures drawn. */
    public List<Figure> figures() {
        return outcomes.stream().flatMap(o -> o.figure().stream()).toList();
    }
}

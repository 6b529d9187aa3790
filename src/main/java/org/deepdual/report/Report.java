package org.deepdual.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A written report: the HTML page, the sweep's counts, every figure drawn or omitted (with the
 * note saying why), how many invariant violations were found (row and path checks together), and the
 * checks that could not run, each with the number of cells it skipped — never counted as held.
 */
public record Report(Path index, SweepCounts counts, List<FigureOutcome> outcomes, long violations,
        Map<String, Long> notChecked) {
    public Report {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(counts, "counts");
        outcomes = List.copyOf(outcomes);
        notChecked = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(notChecked));
    }

    /** The figures drawn. */
    public List<Figure> figures() {
        return outcomes.stream().flatMap(o -> o.figure().stream()).toList();
    }
}

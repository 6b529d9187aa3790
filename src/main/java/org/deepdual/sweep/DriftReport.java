package org.deepdual.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The drift of one night against the previous one: every {@link Drift}, how many cells were compared,
 * how many are new, and how many were not compared because the two nights stored them under different
 * schema versions (docs/output.md, schema_version). A night fails when more distinct cells drifted than the
 * spec's {@code drift.fail_over}.
 */
public record DriftReport(String previousDate, String currentDate, double relTol, List<Drift> drifts,
        int comparedCells, int newCells, int otherSchemaCells) {

    public static final String CSV_HEADER = "cell_id,kind,metric,previous,current,rel_change,label";

    public DriftReport {
        drifts = List.copyOf(drifts);
    }


    /** Number of distinct cells with at least one drift (a cell moving in five metrics counts once). */
    public long driftedCells() {
        return drifts.stream().map(Drift::cellId).distinct().count();
    }

    public boolean exceeds(int failOver) {
        return driftedCells() > failOver;
    }

    /** Drifted cells per kind, in the order of {@link Drift.Kind}. */
    public Map<Drift.Kind, Long> cellsByKind() {
        Map<Drift.Kind, Long> counts = new LinkedHashMap<>();
        for (Drift.Kind k : Drift.Kind.values()) {
            counts.put(k, drifts.stream().filter(d -> d.kind() == k).map(Drift::cellId).distinct().count());
        }
        return counts;
    }

    /** drift.csv: one row per drift, RFC 4180 quoting. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Drift d : drifts) {
            sb.append(String.join(",", quote(d.cellId()), d.kind().name(), quote(d.metric()), quote(d.previous()),
                    quote(d.current()), Double.isNaN(d.relChange()) ? "" : Double.toString(d.relChange()),
                    quote(d.label()))).append('\n');
        }
        return sb.toString();
    }

    /** A few lines for the log and the report: dates, tolerance, counts per kind. */
    public String summary() {
        String kinds = cellsByKind().entrySet().stream().map(e -> e.getKey().name().toLowerCase() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return "drift " + currentDate + " vs " + previousDate + " (rel_tol " + relTol + "): " + driftedCells()
                + " of " + (comparedCells + missingCells()) + " cells drifted (" + kinds + "); " + newCells + " new cells"
                + (otherSchemaCells == 0 ? "" : "; " + otherSchemaCells + " cells not compared: the nights stored them"
                        + " under different schema versions (rerun the earlier night to compare them)");
    }

    private long missingCells() {
        return drifts.stream().filter(d -> d.kind() == Drift.Kind.MISSING).count();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

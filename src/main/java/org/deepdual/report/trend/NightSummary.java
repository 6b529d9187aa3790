package org.deepdual.report.trend;

import java.time.LocalDate;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What the trend page knows of one night: whether the nightly wrapper marked it failed (the first lines
 * of its FAILED file), its drift against the night before (distinct drifted cells, -1 when it wrote no
 * drift.csv) under its spec's tolerance, whether it has a report, and its paths by id.
 */
public record NightSummary(LocalDate date, Optional<String> failedNote, long driftedCells, double relTol,
        int failOver, boolean hasReport, SortedMap<String, PathMetrics> paths) {

    public NightSummary {
        paths = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(paths));
    }

    /** Red: the wrapper marked it failed, or more cells drifted than drift.fail_over. */
    public boolean red() {
        return failedNote.isPresent() || driftedCells > failOver;
    }

    /** A word for the night's state: failed, drift, ok, or incomplete (no drift.csv: it never finished). */
    public String state() {
        if (failedNote.isPresent()) {
            return "failed";
        }
        if (driftedCells < 0) {
            return "incomplete";
        }
        return driftedCells > failOver ? "drift" : "ok";
    }

    Optional<PathMetrics> path(String id) {
        return Optional.ofNullable(paths.get(id));
    }
}

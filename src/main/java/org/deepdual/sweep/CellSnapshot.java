package org.deepdual.sweep;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.deepdual.model.Status;

/**
 * One cell of one night as the nightly drift comparison sees it: its id (docs/output.md), a
 * human-readable label of its parameters, its solve status, its metric values by column path
 * (scalars as one-element arrays, per-layer columns as arrays; NaN stands for null), and the schema version
 * of its row (0 for rows written before {@code schema_version} existed).
 */
public record CellSnapshot(String cellId, String label, String status, Map<String, double[]> metrics,
        int schemaVersion) {

    /** A snapshot of a row of the current schema. */
    public CellSnapshot(String cellId, String label, String status, Map<String, double[]> metrics) {
        this(cellId, label, status, metrics, CellSchema.VERSION);
    }

    public CellSnapshot {
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(status, "status");
        metrics = new TreeMap<>(metrics);
    }

    public boolean failed() {
        return status.equals(Status.FAILED.name());
    }
}

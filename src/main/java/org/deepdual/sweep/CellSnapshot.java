package org.deepdual.sweep;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.deepdual.model.Status;

/**
 * One cell of one night as the nightly drift comparison sees it: its id (docs/output.md), a
 * human-readable label of its parameters, its solve status, and its metric values by column path
 * (scalars as one-element arrays, per-layer columns as arrays; NaN stands for null).
 */
public record CellSnapshot(String cellId, String label, String status, Map<String, double[]> metrics) {

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

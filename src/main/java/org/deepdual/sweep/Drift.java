package org.deepdual.sweep;

/**
 * One difference between a night and the previous one: a metric of a cell that moved beyond the
 * relative tolerance, a cell that newly FAILED or otherwise changed status, or a cell that went missing.
 *
 * @param metric the column path that moved (with "[i]" for a per-layer element), or "status" / "cell"
 * @param relChange |current − previous| / max(1, |previous|) for a moved metric; NaN where it does not apply
 */
public record Drift(String cellId, String label, Kind kind, String metric, String previous, String current,
        double relChange) {

    /** What kind of difference this is. */
    public enum Kind {
        MOVED, NEWLY_FAILED, STATUS_CHANGED, MISSING
    }
}

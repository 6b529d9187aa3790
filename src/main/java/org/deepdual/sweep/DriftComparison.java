package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares tonight's cells with the previous night's (the nightly study): for every cell id of the
 * previous night, a missing cell, a newly failing cell, another status change, or each metric element
 * that moved by more than {@code relTol} relative to max(1, |previous|) (the same scale as the gap
 * tolerances of docs/theory.md §3, so values near zero are compared absolutely). Cells that exist
 * only tonight are new, not drift. A FAILED cell's metrics are not compared (they carry no result).
 */
public final class DriftComparison {
    private final double relTol;

    /** @throws IllegalArgumentException when relTol is negative or not finite (names drift.rel_tol) */
    public DriftComparison(double relTol) {
        if (!(relTol >= 0) || Double.isInfinite(relTol)) {
            throw new IllegalArgumentException("drift.rel_tol must be finite and >= 0, got " + relTol);
        }
        this.relTol = relTol;
    }

    public DriftReport compare(String previousDate, Map<String, CellSnapshot> previous, String currentDate,
            Map<String, CellSnapshot> current) {
        List<Drift> drifts = new ArrayList<>();
        int compared = 0;
        int otherSchema = 0;
        for (CellSnapshot before : new TreeMap<>(previous).values()) {
            CellSnapshot now = current.get(before.cellId());
            if (now != null && now.schemaVersion() != before.schemaVersion()) {
                otherSchema++;   // the columns mean something else now: a schema change, not a cell's drift
                continue;
            }
            if (now == null) {
                drifts.add(new Drift(before.cellId(), before.label(), Drift.Kind.MISSING, "cell", before.status(), "",
                        Double.NaN));
                continue;
            }
            compared++;
            if (now.failed() && !before.failed()) {
                drifts.add(new Drift(now.cellId(), now.label(), Drift.Kind.NEWLY_FAILED, CellSchema.STATUS,
                        before.status(), now.status(), Double.NaN));
                continue;
            }
            if (!now.status().equals(before.status())) {
                drifts.add(new Drift(now.cellId(), now.label(), Drift.Kind.STATUS_CHANGED, CellSchema.STATUS,
                        before.status(), now.status(), Double.NaN));
            }
            if (!now.failed() && !before.failed()) {
                compareMetrics(before, now, drifts);
            }
        }
        int fresh = (int) current.keySet().stream().filter(id -> !previous.containsKey(id)).count();
        return new DriftReport(previousDate, currentDate, relTol, drifts, compared, fresh, otherSchema);
    }

    private void compareMetrics(CellSnapshot before, CellSnapshot now, List<Drift> drifts) {
        for (Map.Entry<String, double[]> e : before.metrics().entrySet()) {
            double[] a = e.getValue();
            double[] b = now.metrics().get(e.getKey());
            if (b == null) {
                continue;   // a column the new schema no longer has is a schema change, not a cell's drift
            }
            if (a.length != b.length) {
                drifts.add(new Drift(now.cellId(), now.label(), Drift.Kind.MOVED, e.getKey() + ".length",
                        Integer.toString(a.length), Integer.toString(b.length), Double.NaN));
                continue;
            }
            for (int i = 0; i < a.length; i++) {
                double rel = relativeChange(a[i], b[i]);
                if (rel > relTol || Double.isNaN(rel)) {
                    String name = a.length == 1 ? e.getKey() : e.getKey() + "[" + i + "]";
                    drifts.add(new Drift(now.cellId(), now.label(), Drift.Kind.MOVED, name, format(a[i]), format(b[i]),
                            rel));
                }
            }
        }
    }

    /** |b − a| / max(1, |a|); 0 when both are the same non-finite value, NaN when only one is. */
    static double relativeChange(double a, double b) {
        if (Double.compare(a, b) == 0) {
            return 0.0;
        }
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return Double.NaN;
        }
        return Math.abs(b - a) / Math.max(1.0, Math.abs(a));
    }

    private static String format(double v) {
        return Double.toString(v);
    }
}

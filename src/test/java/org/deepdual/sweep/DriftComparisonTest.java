package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nightly drift rules: moved metrics beyond rel_tol, newly failing, status changes, missing cells. */
class DriftComparisonTest {

    private static CellSnapshot cell(String id, String status, double primal, double... ranks) {
        return new CellSnapshot(id, "setting=linear", status, Map.of("primal", new double[] {primal}, "gap",
                new double[] {1e-13}, "layers.rank", ranks));
    }

    private static Map<String, CellSnapshot> night(CellSnapshot... cells) {
        Map<String, CellSnapshot> m = new HashMap<>();
        for (CellSnapshot c : cells) {
            m.put(c.cellId(), c);
        }
        return m;
    }

    @Test
    void identicalNightsHaveNoDrift() {
        Map<String, CellSnapshot> a = night(cell("a", "OPTIMAL", 2.5, 1, 1), cell("b", "FAILED", Double.NaN, 0));
        DriftReport r = new DriftComparison(0.0).compare("2026-01-01", a, "2026-01-02", a);
        assertEquals(List.of(), r.drifts());
        assertEquals(2, r.comparedCells());
        assertFalse(r.exceeds(0));
    }

    @Test
    void aMetricMovesOnlyBeyondTheTolerance() {
        Map<String, CellSnapshot> before = night(cell("a", "OPTIMAL", 200.0, 2, 2));
        Map<String, CellSnapshot> after = night(cell("a", "OPTIMAL", 200.0 * (1 + 1e-5), 2, 2));
        assertEquals(List.of(), new DriftComparison(1e-4).compare("d1", before, "d2", after).drifts());
        DriftReport tight = new DriftComparison(1e-6).compare("d1", before, "d2", after);
        assertEquals(1, tight.drifts().size());
        Drift d = tight.drifts().get(0);
        assertEquals(Drift.Kind.MOVED, d.kind());
        assertEquals("primal", d.metric());
        assertEquals(1e-5, d.relChange(), 1e-12);
        assertTrue(tight.exceeds(0));
        assertFalse(tight.exceeds(1));
    }

    @Test
    void valuesNearZeroAreComparedOnTheScaleOfOne() {
        // a gap of 1e-13 becoming 3e-13 is noise, not drift, under max(1, |previous|)
        assertEquals(2e-13, DriftComparison.relativeChange(1e-13, 3e-13), 1e-20);
        assertEquals(0.5, DriftComparison.relativeChange(4.0, 6.0), 0.0);
        assertEquals(0.0, DriftComparison.relativeChange(Double.NaN, Double.NaN));
        assertTrue(Double.isNaN(DriftComparison.relativeChange(1.0, Double.NaN)));
    }

    @Test
    void perLayerRanksAreComparedElementwise() {
        DriftReport r = new DriftComparison(1e-6).compare("d1", night(cell("a", "OPTIMAL", 1.0, 1, 1, 1)), "d2",
                night(cell("a", "OPTIMAL", 1.0, 1, 2, 1)));
        assertEquals(1, r.drifts().size());
        assertEquals("layers.rank[1]", r.drifts().get(0).metric());
        assertEquals("1.0", r.drifts().get(0).previous());
        assertEquals("2.0", r.drifts().get(0).current());
        DriftReport shorter = new DriftComparison(1e-6).compare("d1", night(cell("a", "OPTIMAL", 1.0, 1, 1)), "d2",
                night(cell("a", "OPTIMAL", 1.0, 1)));
        assertEquals("layers.rank.length", shorter.drifts().get(0).metric());
    }

    @Test
    void failingMissingAndNewCellsAreToldApart() {
        Map<String, CellSnapshot> before = night(cell("ok", "OPTIMAL", 1, 1), cell("breaks", "OPTIMAL", 1, 1),
                cell("bounds", "OPTIMAL", 1, 1), cell("gone", "BOUNDS", 1, 1), cell("stillfailed", "FAILED", 1, 1));
        Map<String, CellSnapshot> after = night(cell("ok", "OPTIMAL", 1, 1), cell("breaks", "FAILED", Double.NaN, 0),
                cell("bounds", "BOUNDS", 1, 1), cell("stillfailed", "FAILED", 5, 3), cell("fresh", "OPTIMAL", 1, 1));
        DriftReport r = new DriftComparison(1e-6).compare("d1", before, "d2", after);
        Map<Drift.Kind, Long> kinds = r.cellsByKind();
        assertEquals(1L, kinds.get(Drift.Kind.NEWLY_FAILED));
        assertEquals(1L, kinds.get(Drift.Kind.STATUS_CHANGED));
        assertEquals(1L, kinds.get(Drift.Kind.MISSING));
        assertEquals(0L, kinds.get(Drift.Kind.MOVED), "a cell failing both nights is not compared");
        assertEquals(3, r.driftedCells());
        assertEquals(4, r.comparedCells());
        assertEquals(1, r.newCells());
        assertEquals("gone", r.drifts().stream().filter(d -> d.kind() == Drift.Kind.MISSING).findFirst().orElseThrow()
                .cellId());
        assertTrue(r.summary().contains("3 of 5 cells drifted"), r.summary());
    }

    @Test
    void csvHasOneRowPerDriftWithQuotedLabels() {
        CellSnapshot before = new CellSnapshot("a", "data=x,y", "OPTIMAL", Map.of("primal", new double[] {1.0}));
        CellSnapshot after = new CellSnapshot("a", "data=x,y", "OPTIMAL", Map.of("primal", new double[] {3.0}));
        String csv = new DriftComparison(0.1).compare("d1", night(before), "d2", night(after)).toCsv();
        assertEquals(DriftReport.CSV_HEADER + "\na,MOVED,primal,1.0,3.0,2.0,\"data=x,y\"\n", csv);
    }

    @Test
    void negativeToleranceIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DriftComparison(-1));
        assertTrue(e.getMessage().contains("drift.rel_tol") && e.getMessage().contains("-1"), e.getMessage());
    }
}

package org.deepdual.solve.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deepdual.model.Status;
import org.junit.jupiter.api.Test;

/** A closed form is certified only where primal and dual meet, and BOUNDS where a check fails. */
class GapVerdictTest {
    private static final String CHECK = "the two searches should meet";
    private static final String PREDICTED = "positive duality gap of the standard architecture";

    @Test
    void meetingBoundsCertifyWithoutAReason() {
        GapVerdict v = GapVerdict.of(2.0, 2.0 - 1e-10, 1e-9, PREDICTED, CHECK);
        assertEquals(Status.OPTIMAL, v.status());
        assertTrue(v.certified());
        assertTrue(v.reason().isEmpty());
    }

    @Test
    void aPredictedGapLeavesTheExactValueOptimalButUncertified() {
        GapVerdict v = GapVerdict.of(2.4, 2.0, 1e-9, PREDICTED, CHECK);
        assertEquals(Status.OPTIMAL, v.status());
        assertFalse(v.certified());
        String reason = v.reason().orElseThrow();
        assertTrue(reason.startsWith(PREDICTED) && reason.contains("gap 4.0"), reason);
    }

    @Test
    void anUnpredictedGapIsAFailedCheckAndNotOptimal() {
        GapVerdict v = GapVerdict.of(2.4, 2.0, 1e-9, null, CHECK);
        assertEquals(Status.BOUNDS, v.status());
        assertFalse(v.certified());
        String reason = v.reason().orElseThrow();
        assertTrue(reason.startsWith("primal not shown optimal: bounds gap 4.0") && reason.endsWith(CHECK), reason);
    }

    @Test
    void aDualAboveThePrimalIsNeverCertifiedEvenWhereAGapIsPredicted() {
        GapVerdict v = GapVerdict.of(2.0, 2.1, 1e-9, PREDICTED, CHECK);
        assertEquals(Status.BOUNDS, v.status());
        assertFalse(v.certified());
        assertTrue(v.reason().orElseThrow().contains("weak duality"), v.reason().orElseThrow());
    }
}

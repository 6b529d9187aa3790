package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The checks of docs/theory.md §11.10 along one β path flag exactly the cells that break the order of its bounds. */
class PathInvariantCheckTest {
    /** ‖Y‖² = 10: the zero network's objective is 5. */
    private static final DatasetInfo DATA = new DatasetInfo("y", "fp", 4, 2, 1, new double[] {1, 1}, Map.of(), 10);

    /** One cell of a path of {@code setting} at β = {@code beta}, OPTIMAL and certified when P = D. */
    private static CellRow cell(String setting, String id, double beta, String status, double primal, double dual,
            int d, int iterations) {
        CellParameters p = new CellParameters("y", setting, Optional.empty(), "wd", beta, 2, Double.NaN,
                OptionalInt.empty(), 0);
        boolean failed = status.equals("FAILED");
        return new CellRow(id, p, status, Optional.empty(), !failed && status.equals("OPTIMAL") && primal == dual,
                primal, dual, primal - dual, primal, Double.NaN, CellRow.LayerStats.empty(),
                CellRow.AlignmentStats.empty(), Double.NaN, Optional.empty(), Optional.empty(), 1, "path", "fp", d,
                iterations);
    }

    private static CellRow optimal(String id, double beta, double value) {
        return cell("bn", id, beta, "OPTIMAL", value, value, 2, 0);
    }

    /** A path of OPTIMAL, certified cells with these values at β = 1, 2, 3, … */
    private static List<CellRow> path(double... values) {
        List<CellRow> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(optimal("c" + i, i + 1, values[i]));
        }
        return out;
    }

    private static List<String> flagged(PathInvariantCheck.Outcome o) {
        return o.violations().stream().map(v -> v.cell().cellId() + ": " + v.invariant()).toList();
    }

    @Test
    void aCleanPathHasNoViolation() {
        PathInvariantCheck.Outcome o = PathInvariantCheck.check(path(1.0, 2.0, 2.0, 5.0), Optional.of(DATA));
        assertEquals(List.of(), flagged(o));
        assertTrue(o.notChecked().isEmpty());
    }

    @Test
    void aValueThatDropsWithBetaIsListedAtTheCellWhereItDrops() {
        // given out of order: the check sorts by β
        List<CellRow> p = new ArrayList<>(path(1.0, 3.0, 2.5, 4.0));
        java.util.Collections.reverse(p);
        List<Violation> v = PathInvariantCheck.check(p, Optional.of(DATA)).violations();
        // c2 drops below c1; c1's dual (= its primal 3) is above c2's primal too
        assertEquals(List.of("c1: " + PathInvariantCheck.DUAL_BELOW_LATER_PRIMALS,
                "c2: " + PathInvariantCheck.VALUE_NONDECREASING), v.stream().map(x -> x.cell().cellId() + ": "
                        + x.invariant()).sorted().toList());
        Violation drop = v.stream().filter(x -> x.cell().cellId().equals("c2")).findFirst().orElseThrow();
        assertTrue(drop.measured().contains("below P(β′) = 3") && drop.measured().contains("cell c1"), drop.measured());
    }

    @Test
    void aDropWithinTheToleranceIsNot() {
        // closed form: 1e-9 relative to max(1, |P|); an iterative cell on the path makes it 1e-6
        assertEquals(List.of(), flagged(PathInvariantCheck.check(path(2.0, 2.0 - 1e-9), Optional.of(DATA))));
        assertEquals(1, PathInvariantCheck.check(path(2.0, 2.0 - 1e-8), Optional.of(DATA)).violations().stream()
                .filter(x -> x.invariant().equals(PathInvariantCheck.VALUE_NONDECREASING)).count());
        List<CellRow> iterative = List.of(cell("linear", "a", 1, "BOUNDS", 2.0, 1.0, 2, 40),
                cell("linear", "b", 2, "BOUNDS", 2.0 - 1e-6, 1.0, 2, 0));
        assertEquals(List.of(), flagged(PathInvariantCheck.check(iterative, Optional.of(DATA))));
    }

    @Test
    void aPrimalAboveTheZeroNetworkIsListed() {
        List<String> v = flagged(PathInvariantCheck.check(path(1.0, 5.0, 5.5), Optional.of(DATA)));
        assertEquals(List.of("c2: " + PathInvariantCheck.BELOW_ZERO_NETWORK), v);
    }

    @Test
    void aDualAboveALaterPrimalIsListedAtTheDualsCell() {
        // BOUNDS: the first primal 4 is far above its optimum, and its dual 3 is above the primal 2.5 at β = 3
        List<CellRow> p = List.of(cell("linear", "a", 1, "BOUNDS", 4.0, 3.0, 2, 0),
                cell("linear", "b", 2, "BOUNDS", 4.0, 1.0, 2, 0), cell("linear", "c", 3, "BOUNDS", 4.5, 1.0, 2, 0),
                cell("linear", "d", 4, "BOUNDS", 2.5, 1.0, 2, 0));
        List<Violation> v = PathInvariantCheck.check(p, Optional.of(DATA)).violations();
        List<Violation> dual = v.stream().filter(x -> x.invariant().equals(PathInvariantCheck.DUAL_BELOW_LATER_PRIMALS))
                .toList();
        assertEquals(1, dual.size(), v.toString());
        assertEquals("a", dual.get(0).cell().cellId());
        assertTrue(dual.get(0).measured().contains("P(β″) = 2.5 at β″ = 4"), dual.get(0).measured());
    }

    @Test
    void anEstimatedDualIsNotABound() {
        // relu2 with d = 3 searches its dual (docs/theory.md §9); with d = 2 it is a proof
        List<CellRow> searched = List.of(cell("relu2", "a", 1, "BOUNDS", 2.0, 1.9, 3, 100),
                cell("relu2", "b", 2, "BOUNDS", 2.2, 1.0, 3, 100), cell("relu2", "c", 3, "BOUNDS", 1.95, 1.0, 3, 100));
        assertEquals(List.of("c: " + PathInvariantCheck.VALUE_NONDECREASING),
                flagged(PathInvariantCheck.check(searched, Optional.of(DATA))));
        List<CellRow> exact = List.of(cell("relu2", "a", 1, "BOUNDS", 2.0, 1.9, 2, 100),
                cell("relu2", "b", 2, "BOUNDS", 2.2, 1.0, 2, 100), cell("relu2", "c", 3, "BOUNDS", 1.85, 1.0, 2, 100));
        assertTrue(flagged(PathInvariantCheck.check(exact, Optional.of(DATA)))
                .contains("a: " + PathInvariantCheck.DUAL_BELOW_LATER_PRIMALS));
    }

    @Test
    void failedCellsAreSkipped() {
        // a FAILED row may still carry a primal (statistics failed); it is neither judged nor compared against
        List<CellRow> p = List.of(optimal("a", 1, 1.0), cell("bn", "f", 2, "FAILED", 9.0, 9.0, 2, 0),
                optimal("b", 3, 2.0));
        assertEquals(List.of(), flagged(PathInvariantCheck.check(p, Optional.of(DATA))));
    }

    /** Under the logistic loss the zero network costs n·log 2, not ½‖Y‖² (docs/theory.md §14): not judged. */
    @Test
    void aClassificationLossPathIsNotJudgedAgainstHalfTheNormOfY() {
        List<CellRow> logistic = new ArrayList<>();
        for (CellRow r : path(1.0, 5.0, 5.5)) {
            CellParameters p = r.parameters();
            logistic.add(new CellRow(r.cellId(), new CellParameters(p.data(), p.setting(), p.variant(), p.objective(),
                    p.beta(), p.depth(), p.t(), p.width(), p.seed(), "logistic"), r.status(), r.reason(),
                    r.certified(), r.primal(), r.dual(), r.gap(), r.forwardPrimal(), r.tStar(), r.layers(),
                    r.alignment(), r.balance(), r.collapse(), r.baseline(), r.k(), r.pathId(), r.dataFingerprint(),
                    r.d(), r.iterations(), r.schemaVersion()));
        }
        PathInvariantCheck.Outcome o = PathInvariantCheck.check(logistic, Optional.of(DATA));
        assertEquals(List.of(), flagged(o));
        assertTrue(o.notChecked().orElseThrow().contains("loss logistic"), o.toString());
    }

    @Test
    void withoutYNormTheZeroNetworkCheckIsNotCheckedNotHeld() {
        DatasetInfo none = new DatasetInfo("y", "fp", 4, 2, 1, new double[] {1, 1}, Map.of());
        PathInvariantCheck.Outcome o = PathInvariantCheck.check(path(1.0, 50.0), Optional.of(none));
        assertEquals(List.of(), flagged(o));
        assertTrue(o.notChecked().orElseThrow().contains("no ‖Y‖² for data set 'y'"), o.toString());
        assertEquals(2, o.uncheckedCells());
        assertTrue(PathInvariantCheck.check(path(1.0), Optional.empty()).notChecked().isPresent());
        // another version of the data set than the cells': its ‖Y‖² is not theirs
        DatasetInfo other = new DatasetInfo("y", "fp-2", 4, 2, 1, new double[] {1, 1}, Map.of(), 10);
        assertTrue(PathInvariantCheck.check(path(1.0), Optional.of(other)).notChecked().orElseThrow()
                .contains("another version"));
    }

    @Test
    void pathTargetsGiveTheZeroNetworkWhenYNormIsNotRecorded() {
        // ‖y₊‖ = 2, ‖y₋‖ = 1: ‖Y‖² = 5, the zero network 2.5
        DatasetInfo targets = new DatasetInfo("y", "fp", 4, 2, 1, new double[] {1, 1},
                Map.of("path_targets", new double[] {2, 1}));
        assertEquals(2.5, targets.zeroNetworkValue().getAsDouble(), 0);
        assertEquals(List.of("c1: " + PathInvariantCheck.BELOW_ZERO_NETWORK),
                flagged(PathInvariantCheck.check(path(1.0, 2.6), Optional.of(targets))));
    }
}

package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The per-row checks of docs/theory.md §11 flag exactly the rows that break the theory. */
class InvariantCheckTest {
    private static final DatasetInfo WHITE = new DatasetInfo("w", "fp", 6, 6, 3, new double[] {1, 1, 1, 1, 1, 1},
            Map.of("linear_targets", new double[] {3.0, 2.0, 1.2}));

    private static CellRow row(String setting, int depth, double beta, int k, double primal, double dual, int[] ranks,
            double alignment) {
        int l = ranks.length;
        double[] align = new double[l - 1];
        Arrays.fill(align, alignment);
        return new CellRow("id", new CellParameters("w", setting, Optional.empty(), "wd", beta, depth, Double.NaN,
                OptionalInt.empty(), 0), "OPTIMAL", Optional.empty(), dual == primal, primal, dual, primal - dual,
                primal, Double.NaN, new CellRow.LayerStats(new double[l], new double[l], ranks, new double[l]),
                new CellRow.AlignmentStats(align, align, align), 1e-16, Optional.empty(), Optional.empty(), k);
    }

    private static List<Violation> check(CellRow r) {
        PanelKey key = r.parameters().panel();
        return InvariantCheck.check(r, RankPrediction.forPanel(key, Optional.of(WHITE)), Optional.of(WHITE));
    }

    private static List<String> names(List<Violation> v) {
        return v.stream().map(Violation::invariant).toList();
    }

    @Test
    void aRowThatFollowsTheTheoryPasses() {
        // L = 3, β = 0.1: s* = 0.447 < 1.2, all three paths on; vector output, so a positive gap is expected
        assertEquals(List.of(), names(check(row("linear", 3, 0.1, 3, 2.0, 1.9, new int[] {3, 3, 3}, 1.0))));
        // L = 2: zero gap expected and present
        assertEquals(List.of(), names(check(row("linear", 2, 0.1, 3, 2.0, 2.0, new int[] {3, 3}, 1.0))));
    }

    @Test
    void gapWhereTheTheoryClaimsStrongDualityIsFlagged() {
        List<String> v = names(check(row("linear", 2, 0.1, 3, 2.0, 1.9, new int[] {3, 3}, 1.0)));
        assertTrue(v.contains("zero duality gap (docs/theory.md §3)"), v.toString());
        List<String> bn = names(InvariantCheck.check(row("bn", 3, 0.1, 3, 2.0, 1.99, new int[] {3, 3, 3}, 1.0),
                Optional.empty(), Optional.empty()));
        assertTrue(bn.contains("zero duality gap (docs/theory.md §3)"), bn.toString());
    }

    @Test
    void aRankOnePrimalAtDepthThreeMayStillHaveAGap() {
        // vector output, L = 4, β = 1: only z = 3 survives in the primal, but the dual's nuclear-norm
        // solution can keep more directions — docs/theory.md §5 does not claim a zero gap here
        assertEquals(List.of(), names(check(row("linear", 4, 1.0, 3, 2.0, 1.7, new int[] {1, 1, 1, 1}, 1.0))));
    }

    @Test
    void reluWhitenedClaimsZeroGapOnlyForOneSignedTargetsOrTwoLayers() {
        DatasetInfo oneSigned = new DatasetInfo("s", "fp", 4, 8, 1, new double[] {1, 1, 1, 1},
                Map.of("path_targets", new double[] {2.0, 0.0}));
        DatasetInfo bothSigns = new DatasetInfo("s", "fp", 4, 8, 1, new double[] {1, 1, 1, 1},
                Map.of("path_targets", new double[] {2.0, 1.1}));
        CellRow gap = row("relu-whitened", 3, 0.1, 1, 2.0, 1.8, new int[] {1, 1, 1}, 1.0);
        assertTrue(names(InvariantCheck.check(gap, Optional.empty(), Optional.of(oneSigned)))
                .contains("zero duality gap (docs/theory.md §3)"));
        assertEquals(List.of(), names(InvariantCheck.check(gap, Optional.empty(), Optional.of(bothSigns))));
    }

    @Test
    void scalarOutputWithTwoSignPathsHasARankOneLastLayer() {
        DatasetInfo bothSigns = new DatasetInfo("s", "fp", 4, 8, 1, new double[] {1, 1, 1, 1},
                Map.of("path_targets", new double[] {2.0, 1.1}));
        CellRow r = row("relu-whitened", 3, 0.01, 1, 2.0, 1.8, new int[] {2, 2, 1}, 1.0);
        double[] align = {1.0, 0.5};
        CellRow twoPaths = new CellRow(r.cellId(), r.parameters(), r.status(), r.reason(), r.certified(), r.primal(),
                r.dual(), r.gap(), r.forwardPrimal(), r.tStar(), r.layers(), new CellRow.AlignmentStats(align, align,
                        align), r.balance(), r.collapse(), r.baseline(), 1);
        PanelKey key = r.parameters().panel();
        assertEquals(List.of(), names(InvariantCheck.check(twoPaths, RankPrediction.forPanel(key,
                Optional.of(bothSigns)), Optional.of(bothSigns))));
        CellRow wrong = row("relu-whitened", 3, 0.01, 1, 2.0, 1.8, new int[] {2, 1, 1}, 1.0);
        assertTrue(names(InvariantCheck.check(wrong, Optional.empty(), Optional.of(bothSigns)))
                .contains("equal rank in every layer (docs/theory.md §11.5)"));
    }

    @Test
    void noGapWhereTheStandardArchitectureMustHaveOneIsFlagged() {
        List<String> v = names(check(row("linear", 3, 0.1, 3, 2.0, 2.0, new int[] {3, 3, 3}, 1.0)));
        assertTrue(v.contains("positive gap of the standard architecture (docs/theory.md §3, §11.4)"), v.toString());
    }

    @Test
    void weakDualityViolationIsFlagged() {
        List<String> v = names(check(row("linear", 2, 0.1, 3, 2.0, 2.5, new int[] {3, 3}, 1.0)));
        assertTrue(v.contains("weak duality D ≤ P"), v.toString());
    }

    @Test
    void rankOffThePredictionOrUnequalAcrossLayersIsFlagged() {
        // L = 4, β = 1: s*(4, 1) = 2.12 — only z = 3 is on, so rank 1; the row claims 2
        List<String> v = names(check(row("linear", 4, 1.0, 3, 2.0, 2.0, new int[] {2, 2, 2, 2}, 1.0)));
        assertTrue(v.contains("rank = #{targets > s*(L, β)} (docs/theory.md §11.7)"), v.toString());
        List<String> unequal = names(check(row("linear", 4, 1.0, 3, 2.0, 2.0, new int[] {1, 2, 1, 1}, 1.0)));
        assertTrue(unequal.contains("equal rank in every layer (docs/theory.md §11.5)"), unequal.toString());
    }

    @Test
    void rankExactlyAtASwitchingPointIsNotJudged() {
        double beta = JumpThreshold.criticalBeta(4, 2.0, 1.0);
        assertEquals(List.of(), names(check(row("linear", 4, beta, 3, 2.0, 1.9, new int[] {2, 2, 2, 2}, 1.0))));
        assertEquals(List.of(), names(check(row("linear", 4, beta, 3, 2.0, 2.0, new int[] {1, 1, 1, 1}, 1.0))));
    }

    /** {@code r} with another certificate flag and solver iteration count. */
    private static CellRow withCertificate(CellRow r, boolean certified, int iterations) {
        return new CellRow(r.cellId(), r.parameters(), r.status(), r.reason(), certified, r.primal(), r.dual(),
                r.gap(), r.forwardPrimal(), r.tStar(), r.layers(), r.alignment(), r.balance(), r.collapse(),
                r.baseline(), r.k(), r.pathId(), r.dataFingerprint(), r.d(), iterations);
    }

    @Test
    void anOptimalCellWithoutACertificateWhereTheTheoryClaimsAZeroGapIsFlagged() {
        // L = 2: zero gap claimed; the gap is zero but the cell does not say it is certified
        CellRow uncertified = withCertificate(row("linear", 2, 0.1, 3, 2.0, 2.0, new int[] {3, 3}, 1.0), false, 0);
        assertEquals(List.of(InvariantCheck.CERTIFIED_ZERO_GAP), names(check(uncertified)));
        // L = 3, vector output: the dual need not be tight, so no certificate is owed
        assertEquals(List.of(), names(check(row("linear", 3, 0.1, 3, 2.0, 1.9, new int[] {3, 3, 3}, 1.0))));
    }

    @Test
    void aCertificateOutsideTheGapToleranceIsFlagged() {
        CellRow certifiedGap = withCertificate(row("linear", 3, 0.1, 3, 2.0, 1.9, new int[] {3, 3, 3}, 1.0), true, 0);
        assertEquals(List.of(InvariantCheck.CERTIFICATE_MEETS_TOLERANCE), names(check(certifiedGap)));
    }

    @Test
    void anIterativeSolveIsJudgedWithTheIterativeTolerance() {
        // linear, vector output, general X: proximal gradient, certified at gap ≤ 1e-6 (docs/theory.md §3)
        CellRow meet = withCertificate(row("linear", 2, 0.1, 3, 2.0, 2.0 - 1e-6, new int[] {3, 3}, 1.0), true, 120);
        assertEquals(List.of(), names(check(meet)));
        CellRow closedForm = withCertificate(meet, true, 0);
        assertTrue(names(check(closedForm)).contains(InvariantCheck.ZERO_GAP), names(check(closedForm)).toString());
    }

    @Test
    void misalignedLayersAreFlagged() {
        List<String> v = names(check(row("linear", 2, 0.1, 3, 2.0, 2.0, new int[] {3, 3}, 0.9)));
        assertTrue(v.contains("aligned consecutive layers (docs/theory.md §11.5)"), v.toString());
    }

    @Test
    void failedRowsAreNotJudged() {
        CellRow ok = row("linear", 2, 0.1, 3, 2.0, 1.0, new int[] {3, 3}, 0.1);
        CellRow failed = new CellRow("id", ok.parameters(), "FAILED", Optional.of("timeout after 60 s"), false,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, CellRow.LayerStats.empty(),
                CellRow.AlignmentStats.empty(), Double.NaN, Optional.empty(), Optional.empty(), 3);
        assertEquals(List.of(), check(failed));
    }

    @Test
    void collapseAwayFromTheSimplexEtfIsFlagged() {
        DatasetInfo balanced = new DatasetInfo("w", "fp", 12, 12, 3, new double[12],
                Map.of("class_counts", new double[] {4, 4, 4}));
        double raw = Math.sqrt(2 - 2 * Math.sqrt(2.0 / 3));
        CellRow base = row("bn", 3, 0.5, 3, 2.0, 2.0, new int[] {4, 3, 3}, 1.0);
        CellRow collapsed = withCollapse(base, new CellRow.CollapseMetrics(1e-30, 1e-16, 1e-16, 1e-15, raw, 1e-16, 0, 1));
        CellRow spread = withCollapse(base, new CellRow.CollapseMetrics(0.3, 1e-16, 1e-16, 1e-15, raw, 1e-16, 0, 1));
        assertEquals(List.of(), InvariantCheck.check(collapsed, Optional.empty(), Optional.of(balanced)));
        List<Violation> v = InvariantCheck.check(spread, Optional.empty(), Optional.of(balanced));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).measured().startsWith("NC1"), v.toString());
        // β ≥ √(n/K) = 2: every path is off, no collapse is claimed
        CellRow off = withCollapse(row("bn", 3, 2.5, 3, 2.0, 2.0, new int[] {1, 0, 0}, 1.0),
                new CellRow.CollapseMetrics(0.3, 1, 1, 1, 1, 1, 1, 0.33));
        assertEquals(List.of(), InvariantCheck.check(off, Optional.empty(), Optional.of(balanced)));
    }

    private static CellRow withCollapse(CellRow r, CellRow.CollapseMetrics c) {
        return new CellRow(r.cellId(), r.parameters(), r.status(), r.reason(), r.certified(), r.primal(), r.dual(),
                r.gap(), r.forwardPrimal(), r.tStar(), r.layers(), r.alignment(), r.balance(), Optional.of(c),
                r.baseline(), r.k());
    }
}

package org.deepdual.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One pass over a sweep's cells: the counts, the (β, L) grids of every panel averaged over seeds,
 * the cells that break an invariant of docs/theory.md §11 — row by row, and path by path along each β
 * path (§11.10) — with the checks that could not run, and the FAILED cells. The cells must arrive one β
 * path after another ({@link SweepResults#cellsByPath()}): one path is held at a time. Memory grows with
 * the grid and the longest path (not with the seeds or the cell count) plus the capped lists.
 */
final class SweepDigest {
    static final int MAX_LISTED = 500;

    final SweepCounts counts = new SweepCounts();
    final Map<PanelKey, PanelGrid> panels = new TreeMap<>();
    final List<Violation> violations = new ArrayList<>();
    final Map<String, Long> violationsByInvariant = new TreeMap<>();
    final Map<PanelKey, Long> violationsByPanel = new HashMap<>();
    long violationCount;
    /** Of {@link #violationCount}, those found along β paths (§11.10). */
    long pathViolationCount;
    /** Checks that could not run: why, with the number of cells they skipped. */
    final Map<String, Long> notChecked = new TreeMap<>();
    /** The same per panel. */
    final Map<PanelKey, Map<String, Long>> notCheckedByPanel = new HashMap<>();
    final List<CellRow> failed = new ArrayList<>();
    private final Map<String, DatasetInfo> datasets;
    private final Map<PanelKey, Optional<RankPrediction>> predictions = new HashMap<>();
    private final List<CellRow> path = new ArrayList<>();

    SweepDigest(Map<String, DatasetInfo> datasets) {
        this.datasets = datasets;
    }

    /** The digest of {@code cells}, which arrive one β path after another. */
    static SweepDigest of(Iterator<CellRow> cells, Map<String, DatasetInfo> datasets) {
        SweepDigest d = new SweepDigest(datasets);
        while (cells.hasNext()) {
            d.add(cells.next());
        }
        d.finish();
        return d;
    }

    void add(CellRow row) {
        if (!path.isEmpty() && !path.get(0).pathId().equals(row.pathId())) {
            finish();
        }
        path.add(row);
        counts.add(row);
        PanelKey key = row.parameters().panel();
        PanelGrid grid = panels.computeIfAbsent(key, PanelGrid::new);
        grid.add(row);
        Optional<DatasetInfo> data = data(key);
        grid.countGap(GapStatus.of(row, InvariantCheck.provenDual(row, data),
                InvariantCheck.zeroGapExpected(row, InvariantCheck.k(row, data), data)));
        if (row.failed()) {
            if (failed.size() < MAX_LISTED) {
                failed.add(row);
            }
            return;
        }
        record(key, InvariantCheck.check(row, prediction(key), data));
    }

    /** Checks the path held so far (the last one, at the end of the cells). */
    void finish() {
        if (path.isEmpty()) {
            return;
        }
        PanelKey key = path.get(0).parameters().panel();
        PathInvariantCheck.Outcome o = PathInvariantCheck.check(path, data(key));
        pathViolationCount += o.violations().size();
        record(key, o.violations());
        o.notChecked().ifPresent(why -> {
            String what = "primal ≤ ½‖Y‖² (docs/theory.md §11.10): " + why;
            notChecked.merge(what, o.uncheckedCells(), Long::sum);
            notCheckedByPanel.computeIfAbsent(key, k -> new TreeMap<>()).merge(what, o.uncheckedCells(), Long::sum);
        });
        path.clear();
    }

    private void record(PanelKey key, List<Violation> found) {
        for (Violation v : found) {
            violationCount++;
            violationsByInvariant.merge(v.invariant(), 1L, Long::sum);
            violationsByPanel.merge(key, 1L, Long::sum);
            if (violations.size() < MAX_LISTED) {
                violations.add(v);
            }
        }
    }

    Optional<DatasetInfo> data(PanelKey key) {
        return Optional.ofNullable(datasets.get(key.data()));
    }

    Optional<RankPrediction> prediction(PanelKey key) {
        return predictions.computeIfAbsent(key, k -> RankPrediction.forPanel(k, data(k)));
    }

    /** The panels of one setting, in order. */
    List<PanelGrid> panelsOf(String setting) {
        return panels.values().stream().filter(p -> p.key().setting().equals(setting)).toList();
    }
}

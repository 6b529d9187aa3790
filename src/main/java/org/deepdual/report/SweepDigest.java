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
 * the cells that break an invariant of docs/theory.md §11 and the FAILED cells. Memory grows with
 * the grid (not with the seeds or the cell count) plus the capped lists.
 */
final class SweepDigest {
    static final int MAX_LISTED = 500;

    final SweepCounts counts = new SweepCounts();
    final Map<PanelKey, PanelGrid> panels = new TreeMap<>();
    final List<Violation> violations = new ArrayList<>();
    final Map<String, Long> violationsByInvariant = new TreeMap<>();
    final Map<PanelKey, Long> violationsByPanel = new HashMap<>();
    long violationCount;
    final List<CellRow> failed = new ArrayList<>();
    private final Map<String, DatasetInfo> datasets;
    private final Map<PanelKey, Optional<RankPrediction>> predictions = new HashMap<>();

    SweepDigest(Map<String, DatasetInfo> datasets) {
        this.datasets = datasets;
    }

    static SweepDigest of(Iterator<CellRow> cells, Map<String, DatasetInfo> datasets) {
        SweepDigest d = new SweepDigest(datasets);
        while (cells.hasNext()) {
            d.add(cells.next());
        }
        return d;
    }

    void add(CellRow row) {
        counts.add(row);
        PanelKey key = row.parameters().panel();
        panels.computeIfAbsent(key, PanelGrid::new).add(row);
        if (row.failed()) {
            if (failed.size() < MAX_LISTED) {
                failed.add(row);
            }
            return;
        }
        for (Violation v : InvariantCheck.check(row, prediction(key), data(key))) {
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

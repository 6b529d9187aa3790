package org.deepdual.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The (β, L) grid of one panel (one sub-grid of the sweep), with its points aggregated over seeds,
 * the cells that carry a non-convex baseline, the cells whose weights the report may
 * recompute (collapse and 1-D figures), and how many cells' gaps stand for what ({@link GapStatus}).
 */
final class PanelGrid {
    static final int MAX_SAMPLED_CELLS = 64;

    private final PanelKey key;
    private final NavigableMap<Integer, NavigableMap<Double, GridPoint>> points = new TreeMap<>();
    private final List<CellRow> baselineCells = new ArrayList<>();
    private final List<CellRow> optimalCells = new ArrayList<>();
    private final List<CellRow> boundsCells = new ArrayList<>();
    private int cells;
    private int failed;
    private boolean collapse;
    private long minSeed = Long.MAX_VALUE;
    private final Map<GapStatus, Long> gapStatus = new EnumMap<>(GapStatus.class);

    PanelGrid(PanelKey key) {
        this.key = key;
    }

    void add(CellRow row) {
        cells++;
        if (row.failed()) {
            failed++;
        }
        CellParameters p = row.parameters();
        points.computeIfAbsent(p.depth(), d -> new TreeMap<>()).computeIfAbsent(p.beta(),
                b -> new GridPoint(p.depth(), b)).add(row);
        collapse |= row.collapse().isPresent();
        if (row.baseline().isPresent() && baselineCells.size() < MAX_SAMPLED_CELLS) {
            baselineCells.add(row);
        }
        if (row.optimal()) {
            keepIfSmallestSeed(row);
        }
        if (row.bounds() && boundsCells.size() < MAX_SAMPLED_CELLS) {
            boundsCells.add(row);
        }
    }

    /** Keeps OPTIMAL cells of the smallest seed seen so far (rows arrive in no particular order). */
    private void keepIfSmallestSeed(CellRow row) {
        long seed = row.parameters().seed();
        if (seed < minSeed) {
            minSeed = seed;
            optimalCells.clear();
        }
        if (seed == minSeed && optimalCells.size() < MAX_SAMPLED_CELLS) {
            optimalCells.add(row);
        }
    }

    /** Counts one cell's {@link GapStatus}; the digest decides it, since it needs the data set. */
    void countGap(GapStatus status) {
        gapStatus.merge(status, 1L, Long::sum);
    }

    /**
     * The gap figures' sentence on what the gaps stand for: the panel's non-FAILED cells counted by
     * {@link GapStatus}, so a gap of a BOUNDS cell is not read as a duality gap.
     */
    String gapStatusSentence() {
        List<String> parts = new ArrayList<>();
        gapStatus.forEach((status, n) -> {
            if (status != GapStatus.FAILED) {
                parts.add(n + " " + status.meaning());
            }
        });
        return parts.isEmpty() ? "" : "What the gaps stand for, by cell: " + String.join("; ", parts) + ".";
    }

    PanelKey key() {
        return key;
    }

    int cells() {
        return cells;
    }

    int failed() {
        return failed;
    }

    /** Whether any cell carries Neural Collapse metrics (labelled data). */
    boolean hasCollapse() {
        return collapse;
    }

    List<Integer> depths() {
        return new ArrayList<>(points.keySet());
    }

    List<Double> betas() {
        return points.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    }

    /** The points of one depth, ascending in β. */
    List<GridPoint> path(int depth) {
        NavigableMap<Double, GridPoint> m = points.get(depth);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    List<GridPoint> all() {
        return points.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** Up to {@code n} cells with a baseline, spread over β. */
    List<CellRow> baselineSample(int n) {
        return spread(baselineCells, n);
    }

    /** Up to {@code n} OPTIMAL cells of the smallest seed, spread over β (and depth). */
    List<CellRow> optimalSample(int n) {
        return spread(optimalCells, n);
    }

    /** Up to {@value #MAX_SAMPLED_CELLS} BOUNDS cells (the trained cells of relu-1d-deep), in arrival order. */
    List<CellRow> boundsCells() {
        return List.copyOf(boundsCells);
    }

    private static List<CellRow> spread(List<CellRow> cells, int n) {
        List<CellRow> sorted = new ArrayList<>(cells);
        sorted.sort(java.util.Comparator.comparingDouble((CellRow r) -> r.parameters().beta())
                .thenComparingInt(r -> r.parameters().depth()).thenComparing(CellRow::cellId));
        if (sorted.size() <= n) {
            return sorted;
        }
        List<CellRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sorted.get((int) Math.round(i * (sorted.size() - 1) / (double) (n - 1))));
        }
        return out;
    }
}

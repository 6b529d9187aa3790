package org.deepdual.sweep;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which cells of a grid's β paths the output already holds: one bit per cell, kept only for the paths that
 * have a present cell (a fresh run keeps nothing, a path wholly present keeps one shared marker), so that a
 * 10^7-cell grid's resume state takes about a megabyte. Built once from {@link DoneCells}, which can go
 * afterwards; the cell ids themselves are made again only for the paths a batch takes ({@link BatchPlanner}).
 */
public final class MissingCells {
    /** The marker of a path whose every cell is present. */
    private static final long[] ALL = new long[0];

    private final Map<CellGroup, long[]> present;
    private final long cells;
    private final long missing;
    private final long solveCells;

    private MissingCells(Map<CellGroup, long[]> present, long cells, long missing, long solveCells) {
        this.present = present;
        this.cells = cells;
        this.missing = missing;
        this.solveCells = solveCells;
    }

    /** Nothing present: every cell of {@code grid} is missing, and no id is hashed to find that out. */
    static MissingCells none(SweepGrid grid) {
        long n = grid.cellCount();
        return new MissingCells(new IdentityHashMap<>(), n, n, n);
    }

    /**
     * The cells of {@code grid} that {@code done} lacks. The ids of the cells of every path that may hold a present
     * cell are hashed once; with the paths of the present cells known, that is only theirs.
     */
    static MissingCells of(SweepGrid grid, DoneCells done) {
        if (done.size() == 0) {
            return none(grid);
        }
        Map<CellGroup, long[]> present = new IdentityHashMap<>();
        PathIds ids = new PathIds();
        long cells = 0;
        long missing = 0;
        long solve = 0;
        for (CellGroup g : grid.groups()) {
            if (!done.mayHoldPath(g.id())) {
                cells += g.size();
                missing += g.size();
                solve += g.size();
                continue;
            }
            long[] id = ids.bits(g);
            long[] bits = new long[(g.size() + 63) >>> 6];
            int found = 0;
            for (int i = 0; i < g.size(); i++) {
                if (done.contains(id[2 * i], id[2 * i + 1])) {
                    bits[i >>> 6] |= 1L << i;
                    found++;
                }
            }
            cells += g.size();
            missing += g.size() - found;
            solve += found < g.size() ? g.size() : 0;
            if (found == g.size()) {
                present.put(g, ALL);
            } else if (found > 0) {
                present.put(g, bits);
            }
        }
        return new MissingCells(present, cells, missing, solve);
    }

    /** Cells of the grid. */
    public long cellCount() {
        return cells;
    }

    /** Cells of the grid the output lacks. */
    public long missing() {
        return missing;
    }

    /** Cells of the paths that have a missing cell: what a run solves, since such a path is solved whole. */
    public long solveCells() {
        return solveCells;
    }

    /** Whether every cell of {@code g} is present. */
    boolean complete(CellGroup g) {
        return present.get(g) == ALL;
    }

    /** Whether the output holds cell {@code i} (in β order) of {@code g}. */
    boolean present(CellGroup g, int i) {
        long[] bits = present.get(g);
        return bits == ALL || bits != null && (bits[i >>> 6] & (1L << i)) != 0;
    }

    /** Missing cells of {@code g}. */
    int missingIn(CellGroup g) {
        long[] bits = present.get(g);
        if (bits == null) {
            return g.size();
        }
        if (bits == ALL) {
            return 0;
        }
        int found = 0;
        for (long w : bits) {
            found += Long.bitCount(w);
        }
        return g.size() - found;
    }
}

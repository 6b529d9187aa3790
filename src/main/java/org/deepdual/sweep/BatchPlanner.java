package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Lazily cuts the missing paths into batches. With a fixed {@code batchCells} (a Spark setting), a
 * batch holds about that many cells. Otherwise it holds about {@code targetCoreSeconds} of estimated
 * work ({@link SettingCosts}) and at most {@code maxCells} cells, so that a stop (which loses the
 * batches in flight) loses about the same time whatever the cells cost. A setting whose cost is not
 * known yet is probed: a batch takes at most {@code probePaths} of its paths, and the others wait
 * (in order) for a later batch, when the probe has finished.
 */
final class BatchPlanner implements Iterator<List<GroupTask>> {
    private final Iterator<CellGroup> groups;
    private final MissingCells missing;
    private final PathIds ids = new PathIds();
    private final double baselineFraction;
    private final Budget budget;
    private List<GroupTask> deferred = new ArrayList<>();
    private List<GroupTask> pending;

    /** How big a batch is: a fixed cell count, or estimated work under a cell cap. */
    record Budget(int fixedCells, double targetCoreSeconds, int maxCells, int probePaths, SettingCosts costs) {
        static Budget cells(int cells) {
            return new Budget(cells, 0, cells, 0, null);
        }

        static Budget work(double targetCoreSeconds, int maxCells, int probePaths, SettingCosts costs) {
            return new Budget(0, targetCoreSeconds, maxCells, Math.max(1, probePaths), costs);
        }
    }

    BatchPlanner(SweepGrid grid, DoneCells done, SweepSpec spec, Budget budget) {
        this(grid, MissingCells.of(grid, done), spec, budget);
    }

    BatchPlanner(SweepGrid grid, MissingCells missing, SweepSpec spec, Budget budget) {
        this.groups = grid.groups().iterator();
        this.missing = missing;
        this.baselineFraction = spec.baseline().map(BaselinePlan::fraction).orElse(0.0);
        this.budget = budget;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = fill();
        }
        return !pending.isEmpty();
    }

    @Override
    public List<GroupTask> next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        List<GroupTask> out = pending;
        pending = null;
        return out;
    }

    private List<GroupTask> fill() {
        Fill f = new Fill();
        List<GroupTask> waiting = deferred;
        deferred = new ArrayList<>();
        for (GroupTask t : waiting) {
            f.offer(t);
        }
        while (!f.full() && groups.hasNext()) {
            GroupTask t = task(groups.next());
            if (t != null) {
                f.offer(t);
            }
        }
        if (f.batch.isEmpty() && !deferred.isEmpty()) {
            // only paths of settings still being probed are left: probe again rather than stall
            waiting = deferred;
            deferred = new ArrayList<>();
            f.probed.clear();
            for (GroupTask t : waiting) {
                f.offer(t);
            }
        }
        // one setting per task where possible (see SweepRun.runBatch); the stable sort keeps the shuffled order within
        f.batch.sort(java.util.Comparator.comparing((GroupTask t) -> t.setting));
        return f.batch;
    }

    /** One batch being filled. */
    private final class Fill {
        final List<GroupTask> batch = new ArrayList<>();
        final Map<String, Integer> probed = new HashMap<>();
        long cells;
        double coreSeconds;

        boolean full() {
            if (budget.fixedCells() > 0) {
                return cells >= budget.fixedCells();
            }
            return cells >= budget.maxCells() || coreSeconds >= budget.targetCoreSeconds();
        }

        void offer(GroupTask t) {
            if (full()) {
                deferred.add(t);
                return;
            }
            double perCell = 0;
            if (budget.fixedCells() == 0) {
                OptionalDouble est = budget.costs().secondsPerCell(t.setting);
                if (est.isEmpty()) {
                    int n = probed.getOrDefault(t.setting, 0);
                    if (n >= budget.probePaths()) {
                        deferred.add(t);
                        return;
                    }
                    probed.put(t.setting, n + 1);
                } else {
                    perCell = est.getAsDouble();
                }
            }
            batch.add(t);
            cells += t.size();
            coreSeconds += perCell * t.size();
        }
    }

    /**
     * The path's task, or null when none of its cells is missing. Its cell ids are made here, as the batch that
     * takes it is cut, so that the driver never holds a grid's ids at once.
     */
    private GroupTask task(CellGroup g) {
        if (missing.complete(g)) {
            return null;
        }
        String[] id = ids.hex(g);
        boolean[] write = new boolean[id.length];
        boolean[] baseline = new boolean[id.length];
        for (int i = 0; i < id.length; i++) {
            write[i] = !missing.present(g, i);
            baseline[i] = CellId.unitHash(id[i]) < baselineFraction;
        }
        return GroupTask.of(g, id, write, baseline);
    }
}

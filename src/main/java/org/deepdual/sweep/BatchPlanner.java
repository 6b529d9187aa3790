package org.deepdual.sweep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Lazily cuts the missing paths into batches of about {@code batchCells} solved cells. */
final class BatchPlanner implements Iterator<List<GroupTask>> {
    private final Iterator<CellGroup> groups;
    private final DoneCells done;
    private final SweepSpec spec;
    private final int batchCells;
    private List<GroupTask> pending;

    BatchPlanner(SweepGrid grid, DoneCells done, SweepSpec spec, int batchCells) {
        this.groups = grid.groups().iterator();
        this.done = done;
        this.spec = spec;
        this.batchCells = batchCells;
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
        List<GroupTask> batch = new ArrayList<>();
        int cells = 0;
        double fraction = spec.baseline().map(BaselinePlan::fraction).orElse(0.0);
        while (cells < batchCells && groups.hasNext()) {
            CellGroup g = groups.next();
            String[] ids = g.cellIds();
            boolean[] write = new boolean[ids.length];
            boolean[] baseline = new boolean[ids.length];
            boolean any = false;
            for (int i = 0; i < ids.length; i++) {
                write[i] = !done.contains(ids[i]);
                baseline[i] = CellId.unitHash(ids[i]) < fraction;
                any |= write[i];
            }
            if (any) {
                batch.add(GroupTask.of(g, ids, write, baseline));
                cells += ids.length;
            }
        }
        // one setting per task where possible (see runBatch); the stable sort keeps the shuffled order within
        batch.sort(java.util.Comparator.comparing((GroupTask t) -> t.setting));
        return batch;
    }
}

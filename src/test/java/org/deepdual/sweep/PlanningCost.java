package org.deepdual.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A stand-alone benchmark (docs/performance.md, "Planning ten million cells on one driver"), not a test: the
 * driver's planning of SPEC without Spark. It expands the grid, builds the done set of a synthetic resume (every
 * even path whole, every path 4k+1 its lower half, 1,000 ids of no path), counts the missing cells and cuts every
 * batch of 50,000 cells, printing the time of each step. Run it with {@code -Xmx2g} and {@code -Xlog:gc} for the
 * heap. Usage: {@code PlanningCost SPEC}.
 */
public final class PlanningCost {
    private static final int FOREIGN = 1_000;

    private PlanningCost() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        SweepSpec spec = SpecReader.read(Path.of(args[0]));
        SweepPlan plan = SweepPlan.of(spec, SweepOptions.defaults().withForce(true),
                new org.apache.hadoop.conf.Configuration());
        SweepGrid grid = plan.grid();
        long t1 = System.nanoTime();
        print("plan", t0, t1, "%d cells in %d paths", grid.cellCount(), grid.groups().size());
        List<CellGroup> groups = grid.groups();
        DoneCells done = new DoneCells();
        PathIds ids = new PathIds();
        long present = 0;
        for (int k = 0; k < groups.size(); k++) {
            CellGroup g = groups.get(k);
            int n = k % 2 == 0 ? g.size() : k % 4 == 1 ? g.size() / 2 : 0;
            if (n > 0) {
                String[] hex = ids.hex(g);
                String path = g.id();
                for (int i = 0; i < n; i++) {
                    done.add(hex[i], path);
                }
                present += n;
            }
        }
        for (int i = 0; i < FOREIGN; i++) {
            done.add(CellId.sha256("foreign cell " + i), CellId.sha256("foreign path " + i));
        }
        long t2 = System.nanoTime();
        print("done ids (setup)", t1, t2, "%d ids", done.size());
        MissingCells missing = MissingCells.of(grid, done);
        long t3 = System.nanoTime();
        print("resume count", t2, t3, "%d missing (expected %d), %d to solve", missing.missing(),
                grid.cellCount() - present, missing.solveCells());
        done = null;   // as in a run: only the bits stay
        BatchPlanner batches = new BatchPlanner(grid, missing, spec, BatchPlanner.Budget.cells(50_000));
        long write = 0;
        int n = 0;
        while (batches.hasNext()) {
            for (GroupTask t : batches.next()) {
                write += t.writeCount();
            }
            n++;
        }
        long t4 = System.nanoTime();
        print("cutting every batch", t3, t4, "%d batches, %d cells to write", n, write);
        print("all steps", t0, t4, "");
    }

    private static void print(String step, long from, long to, String what, Object... args) {
        System.out.printf(Locale.ROOT, "%-22s %8.2f s  %s%n", step, (to - from) / 1e9, String.format(what, args));
    }
}

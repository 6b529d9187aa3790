package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deepdual.data.Dataset;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10^5 cells: the driver keeps the cell list (β paths) and nothing per cell beyond it; rows go from
 * executors to Parquet. The solve is replaced by an immediate answer (a dry-run-like path) so the
 * test measures the sweep's own machinery.
 */
class SweepScaleTest {
    @TempDir
    Path dir;

    /** Answers every cell at once without solving: the rows are written, the solve costs nothing. */
    static final class NoSolve implements PathSolver {
        private static final long serialVersionUID = 1L;

        @Override
        public PreparedData prepare(Setting setting, Dataset data) {
            return () -> data;
        }

        @Override
        public List<Solution> solvePath(PreparedData prepared, List<Problem> path) {
            return path.stream().map(p -> Solution.failed(p, "not solved: sweep scale test")).toList();
        }
    }

    /** Heap in use after full collections, given Spark's ContextCleaner time to drop unreachable jobs' blocks. */
    static long retainedHeap() {
        long last = Long.MAX_VALUE;
        int stable = 0;
        for (int i = 0; i < 20; i++) {
            System.gc();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            stable = Math.abs(last - used) < 256 * 1024 ? stable + 1 : 0;
            if (stable == 2) {
                return used;
            }
            last = used;
        }
        return last;
    }

    @Test
    void hundredThousandCellsKeepDriverMemoryAtTheCellList() {
        Path out = dir.resolve("out");
        String text = String.join("\n", "name: scale", "output: " + out, "data:", "  - name: r1",
                "    generator: rank-one", "    n: 8", "    d: 3", "    seed: 2", "settings:", "  - name: relu-rank1",
                "    data: [r1]", "    depth: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]",
                "    seeds: {seeds}", "beta: {logspace: [1.0e-3, 1.0e+2], count: 100}", "");
        StringBuilder seeds = new StringBuilder("[");
        for (int s = 0; s < 100; s++) {
            seeds.append(s == 0 ? "" : ", ").append(s);
        }
        text = text.replace("{seeds}", seeds.append(']'));
        SweepSpec spec = SpecReader.parse(text, "scale.yaml");
        SweepOptions options = SweepFixtures.quiet().withSolver(new NoSolve());
        // warm-up: Spark's first jobs load classes and generate code once per JVM; that is not per cell
        new SweepRun(SharedSpark.get(), SpecReader.parse(text.replace("count: 100", "count: 2")
                .replace("output: " + out, "output: " + dir.resolve("warm-up")), "warm.yaml"), options).run();
        long before = retainedHeap();
        SweepPlan plan = SweepPlan.of(spec, options, new Configuration());
        assertEquals(100_000, plan.grid().cellCount());
        long withCellList = retainedHeap();
        SweepResult r = new SweepRun(SharedSpark.get(), plan, options).run();
        assertEquals(100_000, r.computed());
        assertEquals(100_000, SharedSpark.get().read().parquet(out.resolve("cells").toString()).count());
        long after = retainedHeap();
        double listBytesPerCell = (withCellList - before) / 1e5;
        double growthBytesPerCell = (after - withCellList) / 1e5;
        System.err.printf("driver heap: cell list %.1f bytes/cell, growth over the run %.1f bytes/cell%n",
                listBytesPerCell, growthBytesPerCell);
        assertTrue(listBytesPerCell < 100, "the cell list is compact: " + listBytesPerCell + " bytes/cell");
        // a retained row is ~1 KB per cell and a retained id ~100 bytes; what remains (~35 bytes/cell
        // measured) is classes Spark loads for the first jobs of a new shape, not cells
        assertTrue(growthBytesPerCell < 100, "no per-cell growth over the run: " + growthBytesPerCell + " bytes/cell");
        assertTrue(plan.grid().cellCount() == 100_000, "the plan stays referenced while measuring");
    }
}

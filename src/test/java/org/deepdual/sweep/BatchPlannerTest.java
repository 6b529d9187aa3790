package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Batches cut by estimated work: a setting is probed with a few paths before its cost is known, a batch
 * then holds about the target work and never more than the cell cap, and every missing path is in exactly
 * one batch, whatever the order costs become known in.
 */
class BatchPlannerTest {
    private static final SweepSpec SPEC = SpecReader.parse(SweepKillTest.spec(Path.of("/tmp/unused")), "planner.yaml");
    private static final SweepGrid GRID = SweepGrid.expand(SPEC, DataCatalog.build(SPEC).fingerprints());

    @Test
    void unknownSettingsAreProbedWithAFewPathsEachAndTheRestWait() {
        SettingCosts costs = new SettingCosts();
        BatchPlanner p = new BatchPlanner(GRID, DoneCells.of(Collections.emptyIterator()), SPEC,
                BatchPlanner.Budget.work(10, 100_000, 2, costs));
        List<GroupTask> first = p.next();
        Map<String, Long> perSetting = first.stream().collect(Collectors.groupingBy(t -> t.setting,
                Collectors.counting()));
        Set<String> settings = GRID.groups().stream().map(g -> g.setting().cliName()).collect(Collectors.toSet());
        assertEquals(settings, perSetting.keySet(), "the first batch probes every setting");
        perSetting.values().forEach(n -> assertEquals(2L, n, "two paths of each setting: " + perSetting));
        // nothing measured yet: the next batch probes again instead of taking everything
        assertEquals(2L * settings.size(), p.next().size());
    }

    @Test
    void aBatchHoldsTheTargetWorkOnceCostsAreKnown() {
        SettingCosts costs = new SettingCosts();
        costs.record("bn", 10, 1.0);           // 0.1 s a cell
        costs.record("relu-rank1", 100, 0.1);  // 1 ms a cell
        double target = 5.0;
        BatchPlanner p = new BatchPlanner(GRID, DoneCells.of(Collections.emptyIterator()), SPEC,
                BatchPlanner.Budget.work(target, 100_000, 2, costs));
        List<List<GroupTask>> batches = drain(p);
        for (int i = 0; i < batches.size(); i++) {
            double work = 0;
            double largest = 0;
            for (GroupTask t : batches.get(i)) {
                double path = costs.secondsPerCell(t.setting).getAsDouble() * t.size();
                work += path;
                largest = Math.max(largest, path);
            }
            // filled until the target is reached, so at most one path past it (the batch is sorted by setting
            // afterwards, so which path came last is not known here: the largest bounds it)
            assertTrue(work - largest < target, "batch " + i + " went on after reaching the target: " + work);
            if (i < batches.size() - 1) {
                assertTrue(work >= target, "batch " + i + " stopped short of the target: " + work);
            }
        }
        assertEveryMissingPathOnce(batches, GRID, Set.of());
    }

    @Test
    void theCellCapBoundsCheapBatches() {
        SettingCosts costs = new SettingCosts();
        costs.record("bn", 1000, 1e-3);
        costs.record("relu-rank1", 1000, 1e-3);
        BatchPlanner p = new BatchPlanner(GRID, DoneCells.of(Collections.emptyIterator()), SPEC,
                BatchPlanner.Budget.work(1e6, 40, 2, costs));
        List<List<GroupTask>> batches = drain(p);
        int pathCells = GRID.groups().get(0).size();
        for (List<GroupTask> b : batches) {
            int cells = b.stream().mapToInt(GroupTask::size).sum();
            assertTrue(cells < 40 + pathCells, cells + " cells over the cap of 40");
        }
        assertEveryMissingPathOnce(batches, GRID, Set.of());
    }

    @Test
    void costsLearnedMidwayAndDonePathsLoseNothing() {
        SettingCosts costs = new SettingCosts();
        // a third of the paths are done already
        Set<String> done = new HashSet<>();
        List<CellGroup> groups = GRID.groups();
        for (int i = 0; i < groups.size(); i += 3) {
            Collections.addAll(done, groups.get(i).cellIds());
        }
        BatchPlanner p = new BatchPlanner(GRID, DoneCells.of(done.iterator()), SPEC,
                BatchPlanner.Budget.work(0.5, 100_000, 1, costs));
        List<List<GroupTask>> batches = new ArrayList<>();
        while (p.hasNext()) {
            List<GroupTask> b = p.next();
            batches.add(b);
            if (batches.size() == 2) {
                costs.record("bn", 10, 0.2);   // the first probe of bn finished
            }
        }
        assertEveryMissingPathOnce(batches, GRID, done);
    }

    @Test
    void aFixedCellCountCutsAsBefore() {
        BatchPlanner p = new BatchPlanner(GRID, DoneCells.of(Collections.emptyIterator()), SPEC,
                BatchPlanner.Budget.cells(8));
        List<List<GroupTask>> batches = drain(p);
        int pathCells = GRID.groups().get(0).size();
        for (int i = 0; i < batches.size() - 1; i++) {
            int cells = batches.get(i).stream().mapToInt(GroupTask::size).sum();
            assertTrue(cells >= 8 && cells < 8 + pathCells, "batch " + i + ": " + cells + " cells");
        }
        assertEveryMissingPathOnce(batches, GRID, Set.of());
    }

    private static List<List<GroupTask>> drain(BatchPlanner p) {
        List<List<GroupTask>> out = new ArrayList<>();
        while (p.hasNext()) {
            out.add(p.next());
        }
        return out;
    }

    private static void assertEveryMissingPathOnce(List<List<GroupTask>> batches, SweepGrid grid, Set<String> done) {
        Map<String, Integer> seen = new HashMap<>();
        for (List<GroupTask> b : batches) {
            assertTrue(!b.isEmpty(), "no empty batch");
            for (GroupTask t : b) {
                seen.merge(t.groupId, 1, Integer::sum);
                for (int i = 0; i < t.cellIds.length; i++) {
                    assertEquals(!done.contains(t.cellIds[i]), t.write[i], "write flag of " + t.cellIds[i]);
                }
            }
        }
        Set<String> expected = grid.groups().stream()
                .filter(g -> java.util.Arrays.stream(g.cellIds()).anyMatch(id -> !done.contains(id)))
                .map(CellGroup::id).collect(Collectors.toSet());
        assertEquals(expected, seen.keySet(), "every path with a missing cell, and no other");
        seen.forEach((id, n) -> assertEquals(1, n, "path " + id + " in " + n + " batches"));
    }
}

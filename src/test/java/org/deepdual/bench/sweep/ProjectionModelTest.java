package org.deepdual.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deepdual.bench.sweep.ProjectionModel.Batching;
import org.deepdual.bench.sweep.ProjectionModel.Kind;
import org.deepdual.bench.sweep.ProjectionModel.Overheads;
import org.deepdual.bench.sweep.ProjectionModel.Prediction;
import org.junit.jupiter.api.Test;

/** The projection's arithmetic against hand computations on grids of a few paths. */
class ProjectionModelTest {
    private static final double EPS = 1e-12;

    /**
     * 4 paths of 2 cells at 1 s/cell on 2 cores, default batching: a probe batch of 2 paths (one job, 2 tasks of
     * 2 s + 0.5 s, the job 1 s, the batch 2 s: 5.5 s), then the other 2 paths in one batch (5.5 s, far below the
     * 40 core-seconds budget). start-up 3 + planning 8 × 0.1 + cells 11 + reduce 8 × 0.5 = 18.8 s.
     */
    @Test
    void probeBatchThenOneBudgetBatch() {
        ProjectionModel m = new ProjectionModel(List.of(new Kind("a", "s", 4, 2, 1.0)),
                new Overheads(3, 0.1, 0.5, 0, 1, 2, 0, 0.5), Batching.defaults());
        Prediction p = m.predict(2);
        assertEquals(8, p.cells());
        assertEquals(2, p.batches());
        assertEquals(2, p.jobs());
        assertEquals(4, p.tasks());
        assertEquals(0.8, p.planning(), EPS);
        assertEquals(11.0, p.cellsPhase(), EPS);
        assertEquals(4.0, p.reduce(), EPS);
        assertEquals(18.8, p.total(), EPS);
    }

    /**
     * Fixed batches of 6 cells. Kinds dealt evenly: small, big, other, small. Batch 1 = {small, big, other}:
     * setting a packs big (3 s, 3 cells) and small (2 s, 2 cells) on 2 tasks, the slowest 3 + 0.3 + 0.5 = 3.8 s,
     * job 4.8 s; setting b one task 0.5 + 0.1 + 0.5 = 1.1 s, job 2.1 s; batch 2 + 4.8 + 2.1 = 8.9 s. Batch 2 =
     * {small}: 2 + 0.2 + 0.5 + 1 + 2 = 5.7 s.
     */
    @Test
    void fixedBatchesAJobPerSettingAndPerCellTaskCost() {
        ProjectionModel m = new ProjectionModel(List.of(new Kind("big", "a", 1, 3, 1.0),
                new Kind("small", "a", 2, 2, 1.0), new Kind("other", "b", 1, 1, 0.5)),
                new Overheads(0, 0, 0.5, 0.1, 1, 2, 0, 0), new Batching(6, 20));
        assertEquals(List.of("small", "big", "other", "small"), m.dealt().stream().map(Kind::name).toList());
        Prediction p = m.predict(2);
        assertEquals(2, p.batches());
        assertEquals(3, p.jobs());
        assertEquals(4, p.tasks());
        assertEquals(8.9 + 5.7, p.cellsPhase(), EPS);
        assertEquals(8.9 + 5.7, p.total(), EPS);
    }

    /**
     * One core, 5 paths of 10 cells at 1 s/cell, a budget of 20 core-seconds: the probe batch (1 path) teaches
     * 10 s × 1 task / 10 cells = 1 s/cell, so each later batch closes at its second path (20 core-seconds): batches
     * of 1, 2 and 2 paths, 50 s of cells in all.
     */
    @Test
    void batchesAreCutByTheCostsTheProbeLearned() {
        ProjectionModel m = new ProjectionModel(List.of(new Kind("a", "s", 5, 10, 1.0)),
                new Overheads(0, 0, 0, 0, 0, 0, 0, 0), new Batching(0, 20));
        Prediction p = m.predict(1);
        assertEquals(3, p.batches());
        assertEquals(3, p.jobs());
        assertEquals(50.0, p.cellsPhase(), EPS);
        // a job's cost of 10 s on top of its 10 s of cells doubles the estimate: a batch per path after the probe
        ProjectionModel dear = new ProjectionModel(List.of(new Kind("a", "s", 5, 10, 1.0)),
                new Overheads(0, 0, 0, 0, 10, 0, 0, 0), new Batching(0, 20));
        Prediction q = dear.predict(1);
        assertEquals(5, q.batches());
        assertEquals(100.0, q.cellsPhase(), EPS);
    }

    /** Paths of 3, 2 and 2 s on 2 tasks: longest first gives {3} and {2, 2}, so the job takes 4 s, not 5. */
    @Test
    void longestPathFirstBoundsTheSlowestTask() {
        ProjectionModel m = new ProjectionModel(List.of(new Kind("long", "a", 1, 3, 1.0),
                new Kind("short", "a", 2, 2, 1.0)), new Overheads(0, 0, 0, 0, 0, 0, 0, 0), new Batching(100, 20));
        assertEquals(4.0, m.predict(2).cellsPhase(), EPS);
        // one core: everything in one task
        assertEquals(7.0, m.predict(1).cellsPhase(), EPS);
    }

    /** Ten times the paths: ten times the cells, planning and reduce; a 100-core batch holds them all. */
    @Test
    void scalingMultipliesThePathsOfEveryKind() {
        ProjectionModel m = new ProjectionModel(List.of(new Kind("a", "s", 3, 5, 0.01), new Kind("b", "t", 1, 5, 0.02)),
                new Overheads(1, 1e-3, 0, 0, 0, 0, 5, 2e-3), new Batching(1000, 20));
        ProjectionModel ten = m.scaled(10);
        assertEquals(200, ten.cells());
        Prediction p = ten.predict(100);
        assertEquals(0.2, p.planning(), EPS);
        assertEquals(5 + 0.4, p.reduce(), EPS);
        // a reducer 50 times faster per row keeps its one-time cost
        assertEquals(5 + 0.008, ten.with(new Overheads(1, 1e-3, 0, 0, 0, 0, 5, 2e-3).reduceFaster(50)).predict(100)
                .reduce(), EPS);
        // one batch, setting s: 30 paths of 0.05 s on 30 tasks; setting t: 10 paths of 0.1 s on 10 tasks
        assertEquals(1, p.batches());
        assertEquals(40, p.tasks());
        assertEquals(0.05 + 0.1, p.cellsPhase(), EPS);
        assertEquals(1 + 0.2 + 0.15 + 5.4, p.total(), EPS);
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Kind("x", "s", 1, 0, 1.0));
        assertEquals(true, e.getMessage().contains("kind x"), e.getMessage());
        ProjectionModel m = new ProjectionModel(List.of(new Kind("a", "s", 1, 1, 1.0)),
                new Overheads(0, 0, 0, 0, 0, 0, 0, 0), Batching.defaults());
        assertThrows(IllegalArgumentException.class, () -> m.predict(0));
    }
}

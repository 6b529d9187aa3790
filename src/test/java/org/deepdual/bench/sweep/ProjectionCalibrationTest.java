package org.deepdual.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.deepdual.bench.sweep.ProjectionModel.Batching;
import org.deepdual.bench.sweep.ProjectionModel.Kind;
import org.deepdual.bench.sweep.ProjectionModel.Overheads;
import org.deepdual.bench.sweep.ProjectionModel.Prediction;
import org.junit.jupiter.api.Test;

/** A run's figures made the model's costs, and a model's kinds recounted for another grid, against hand computations. */
class ProjectionCalibrationTest {
    private static final double EPS = 1e-12;

    /** A ProjectionRun result with the figures every run has (start-up and the reducer). */
    private static ObjectNode run(double jvm, double session, double prepareMs, double reduce, double reduceWarm,
            long computed) {
        ObjectNode r = new ObjectMapper().createObjectNode();
        r.put("jvm_s", jvm);
        r.put("session_s", session);
        r.put("prepare_ms", prepareMs);
        r.put("reduce_s", reduce);
        r.put("reduce_warm_s", reduceWarm);
        r.put("computed", computed);
        return r;
    }

    /**
     * A cluster run: JVM 0.5 s, session 2 s, preparation 1,500 ms, the first job waited 3,000 ms for executors:
     * start-up 0.5 + 2 + 1.5 + 3 = 7 s. Reducer 12 s cold, 4 s warm on 2,000 rows: 8 s warm-up, 2 ms/row.
     */
    @Test
    void aRunsFiguresBecomeTheModelsCosts() {
        ObjectNode r = run(0.5, 2.0, 1500, 12.0, 4.0, 2000);
        r.put("executor_wait_ms", 3000.0);
        r.put("task_overhead_ms", 250.0);
        r.put("task_overhead_per_cell_ms", 0.02);
        r.put("job_overhead_ms", 400.0);
        r.put("batch_overhead_ms", 100.0);
        r.put("path_ms_per_cell", 3.0);
        ProjectionCalibration c = ProjectionCalibration.of(r);
        assertEquals(7.0, c.startup(), EPS);
        Overheads o = c.overheads(1e-5);
        assertEquals(7.0, o.startup(), EPS);
        assertEquals(1e-5, o.planningPerCell(), EPS);
        assertEquals(0.25, o.task(), EPS);
        assertEquals(2e-5, o.taskPerCell(), EPS);
        assertEquals(0.4, o.job(), EPS);
        assertEquals(0.1, o.batch(), EPS);
        assertEquals(8.0, o.reduceFixed(), EPS);
        assertEquals(0.002, o.reducePerRow(), EPS);
        // the mix: 1 path of 2 cells at 1 ms and 1 path of 2 cells at 3 ms, 2 ms/cell on the mean; the run's 3 ms:
        // its cells cost 1.5 times the probe's, so the calibrated model's paths take 3 and 9 ms
        ProjectionModel mix = new ProjectionModel(List.of(new Kind("a", "s", 1, 2, 1e-3), new Kind("b", "s", 1, 2,
                3e-3)), o, new Batching(100, 20));
        assertEquals(2e-3, mix.meanSecondsPerCell(), EPS);
        assertEquals(1.5, c.cellFactor(mix), EPS);
        // one job, 2 tasks: the slowest 2 × 4.5 ms + 0.25 + 2 × 0.02 ms; job 0.4, batch 0.1
        assertEquals(0.009 + 0.25 + 4e-5 + 0.4 + 0.1, mix.cellsSlower(1.5).predict(2).cellsPhase(), EPS);
    }

    /** A local[N] run has no executor wait (the key is absent in older results) and a warm reducer can be slower. */
    @Test
    void noWaitOnLocalAndTheWarmUpIsNeverNegative() {
        ProjectionCalibration c = ProjectionCalibration.of(run(1.0, 1.0, 1000, 3.0, 3.5, 0));
        assertEquals(3.0, c.startup(), EPS);
        assertEquals(0.0, c.reduceFixed(), EPS);
        // no rows: the warm run counted as one row's cost rather than a division by 0
        assertEquals(3.5, c.reducePerRow(), EPS);
        // no path work measured: the cells as the probe has them
        assertEquals(1.0, c.cellFactor(new ProjectionModel(List.of(new Kind("a", "s", 1, 1, 1.0)), c.overheads(0),
                Batching.defaults())), EPS);
    }

    /**
     * The same two kinds recounted for a grid with half their paths: 4 paths of 2 cells at 1 s/cell become 2, and
     * the kind the other grid lacks gets none. On 2 cores, fixed batches of 100 cells: one batch, one job of 2
     * tasks of 2 s + 0.5 s, job 1 s, batch 2 s: 5.5 s; 4 cells; planning 4 × 0.1; reduce 4 × 0.5.
     */
    @Test
    void recountedKindsKeepTheirCosts() {
        ProjectionModel m = new ProjectionModel(List.of(new Kind("a", "s", 4, 2, 1.0), new Kind("b", "t", 3, 5, 2.0)),
                new Overheads(3, 0.1, 0.5, 0, 1, 2, 0, 0.5), new Batching(100, 20));
        ProjectionModel half = m.withPaths(Map.of("a", 2L));
        assertEquals(4, half.cells());
        Prediction p = half.predict(2);
        assertEquals(1, p.batches());
        assertEquals(1, p.jobs());
        assertEquals(2, p.tasks());
        assertEquals(5.5, p.cellsPhase(), EPS);
        assertEquals(3 + 0.4 + 5.5 + 2.0, p.total(), EPS);
        // the full counts again give the model back
        assertEquals(m.predict(2), m.withPaths(Map.of("a", 4L, "b", 3L)).predict(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.withPaths(Map.of("c", 1L)));
        assertEquals(true, e.getMessage().contains("[c]"), e.getMessage());
    }
}

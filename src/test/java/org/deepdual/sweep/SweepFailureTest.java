package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.deepdual.Approx;
import org.deepdual.data.Dataset;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells that fail become FAILED rows with their reason and the sweep goes on: a solver exception, a
 * non-finite value passed off as OPTIMAL, and a runaway solve past cell_timeout_s.
 */
class SweepFailureTest {
    @TempDir
    Path dir;

    /** The real solvers, except at three β values where it misbehaves on purpose. */
    static final class MisbehavingSolver implements PathSolver {
        private static final long serialVersionUID = 1L;

        @Override
        public PreparedData prepare(Setting setting, Dataset data) {
            return PathSolver.SOLVERS.prepare(setting, data);
        }

        @Override
        public List<Solution> solvePath(PreparedData prepared, List<Problem> path) {
            List<Solution> out = new ArrayList<>();
            for (Solution s : PathSolver.SOLVERS.solvePath(prepared, path)) {
                double beta = s.problem().beta();
                if (beta == 0.1) {
                    throw new IllegalStateException("injected failure at beta 0.1");
                }
                if (beta == 1.0) {
                    s = Solution.builder(s.problem()).status(Status.OPTIMAL).primal(Double.NaN).build();
                }
                if (beta == 10.0) {
                    spin();
                }
                out.add(s);
            }
            return out;
        }

        /** Ignores interrupts, like a solver stuck in a loop. */
        private static void spin() {
            long x = 0;
            while (x >= 0) {
                x = (x + 1) % 1_000_003;
            }
        }
    }

    @Test
    void failingCellsBecomeFailedRowsWithTheirReason() throws Exception {
        Path out = dir.resolve("out");
        String text = String.join("\n", "name: failing", "output: " + out, "data:", "  - name: r1",
                "    generator: rank-one", "    n: 8", "    d: 3", "    seed: 2", "settings:", "  - name: relu-rank1",
                "    data: [r1]", "    depth: [3]", "beta: [0.01, 0.1, 1.0, 10.0]", "cell_timeout_s: 1", "save_weights: true",
                "baseline: {optimizer: lbfgs, fraction: 1.0, iters: 200, seconds: 5}", "");
        SweepResult r = SweepFixtures.run(text, SweepFixtures.quiet().withSolver(new MisbehavingSolver()));
        assertEquals(4, r.computed());
        assertEquals(3, r.failed());
        Map<Double, Row> byBeta = new TreeMap<>();
        for (Row row : SweepFixtures.cells(out)) {
            byBeta.put(row.getAs("beta"), row);
        }
        assertEquals(4, byBeta.size());
        assertEquals("OPTIMAL", byBeta.get(0.01).getAs("status"));
        assertTrue(byBeta.get(0.01).<Double>getAs("primal") > 0);
        Row thrown = byBeta.get(0.1);
        assertEquals("FAILED", thrown.getAs("status"));
        assertEquals("solver threw IllegalStateException: injected failure at beta 0.1", thrown.getAs("reason"));
        Row nan = byBeta.get(1.0);
        assertEquals("FAILED", nan.getAs("status"));
        assertTrue(nan.<String>getAs("reason").startsWith("numerical failure: primal NaN"), nan.<String>getAs("reason"));
        assertNull(nan.getAs("primal"), "an undefined number is null, not NaN");
        Row slow = byBeta.get(10.0);
        assertEquals("FAILED", slow.getAs("status"));
        assertEquals("timeout after 1 s", slow.getAs("reason"));
        assertTrue(slow.<Double>getAs("solve_ms") >= 1000, "the budget was spent: " + slow.<Double>getAs("solve_ms"));

        // the solved cell: weights written by the executor, a baseline that never beats the optimum
        Row ok = byBeta.get(0.01);
        Path weights = Path.of(java.net.URI.create(ok.<String>getAs("weights_path")));
        assertTrue(Files.exists(weights), "weights at " + weights);
        JsonNode net = new ObjectMapper().readTree(weights.toFile());
        assertEquals(3, net.get("weights").size(), "W_1..W_3");
        assertEquals(3, net.get("weights").get(0).size(), "W_1 has d = 3 rows");
        assertNull(nan.getAs("weights_path"), "no weights for a failed cell");
        assertEquals(true, ok.getAs("baseline"));
        assertTrue(ok.<Double>getAs("baseline_excess") >= -1e-7, "training never beats the optimum (docs/theory.md"
                + " §11.1): excess " + ok.<Double>getAs("baseline_excess"));
        Approx.assertRel(ok.<Double>getAs("primal") + ok.<Double>getAs("baseline_excess")
                * Math.max(1, Math.abs(ok.<Double>getAs("primal"))), ok.<Double>getAs("baseline_objective"), 1e-12,
                "excess is relative to max(1, |primal|)");
        List<Row> trajectory = SharedSpark.get().read().parquet(out.resolve("trajectories").toString())
                .where("cell_id = '" + ok.getAs("cell_id") + "'").orderBy("iteration").collectAsList();
        assertTrue(trajectory.size() >= 2, "a recorded trajectory: " + trajectory.size() + " points");
        assertEquals(0, trajectory.get(0).<Integer>getAs("iteration"));
        Approx.assertRel(ok.<Double>getAs("baseline_objective"),
                trajectory.get(trajectory.size() - 1).<Double>getAs("objective"), 1e-9, "the last point is the result");
    }
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.solve.core.PreparedData;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.train.BaselineSeeding;
import org.deepdual.train.TrainingRun;
import org.deepdual.train.Relu2Seed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 inside a sweep: relu2 cells with sampled patterns are seeded by their own L-BFGS run by
 * default ({@code relu2_seed: lbfgs}), so each row's primal is at most its seed network's objective
 * and at most the unseeded value, is exactly the value of the same path solved on the driver (the
 * seed depends on the cell only, not on the executor), and the row says so in {@code relu2_seed};
 * {@code relu2_seed: none} gives the unseeded values.
 */
class Relu2SeedSweepTest {
    @TempDir
    Path dir;

    static String spec(Path out, String seedLine) {
        return String.join("\n",
                "name: relu2-seed",
                "output: " + out,
                "data:",
                "  - name: g",
                "    generator: gaussian",
                "    n: 50",
                "    d: 4",
                "    outputs: 1",
                "    seed: 5",
                "settings:",
                "  - name: relu2",
                "    data: [g]",
                "beta: [0.3, 1.0, 3.0]",
                "seeds: [1]",
                "patterns: 20",
                seedLine,
                "");
    }

    private static List<Row> sorted(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparingDouble(r -> r.<Double>getAs("beta"))).toList();
    }

    @Test
    void relu2CellsAreSeededByDefaultAndNoneGivesTheColdValues() {
        Path seededOut = dir.resolve("seeded");
        Path coldOut = dir.resolve("cold");
        SweepFixtures.run(spec(seededOut, ""), SweepFixtures.quiet());
        SweepFixtures.run(spec(coldOut, "relu2_seed: none"), SweepFixtures.quiet());
        List<Row> seeded = sorted(SweepFixtures.cells(seededOut));
        List<Row> cold = sorted(SweepFixtures.cells(coldOut));
        assertEquals(3, seeded.size());
        assertEquals(3, cold.size());

        SweepSpec spec = SpecReader.parse(spec(seededOut, ""), "test.yaml");
        Dataset data = DatasetFactory.build(spec.dataset("g"));
        List<Problem> path = List.of(0.3, 1.0, 3.0).stream()
                .map(b -> Problem.wd(Setting.RELU2, b, 2).withPatterns(20).withSeed(1)).toList();
        PreparedData prepared = PathSolver.SOLVERS.prepare(Setting.RELU2, data);
        List<Solution> driverSeeded = PathSolver.SOLVERS.solvePath(prepared, path, Relu2Seed.LBFGS);
        List<Solution> driverCold = PathSolver.SOLVERS.solvePath(prepared, path);
        for (int c = 0; c < 3; c++) {
            Row s = seeded.get(c);
            Row u = cold.get(c);
            assertEquals(path.get(c).beta(), s.<Double>getAs("beta"));
            assertEquals("lbfgs", s.getAs("relu2_seed"));
            assertEquals("none", u.getAs("relu2_seed"));
            assertEquals("BOUNDS", s.getAs("status"), s.<String>getAs("reason"));
            double sp = s.getAs("primal");
            double up = u.getAs("primal");
            assertEquals(driverSeeded.get(c).primal().orElseThrow(), sp, 0.0, "the executor's value is the driver's");
            assertEquals(driverCold.get(c).primal().orElseThrow(), up, 0.0, "none is the unseeded solve");
            for (TrainingRun run : BaselineSeeding.trainAll(data, path.get(c))) {
                assertTrue(sp <= run.objective() * (1 + 1e-6), "beta " + path.get(c).beta() + ": " + sp
                        + " above a seed network's objective " + run.objective());
            }
            assertTrue(sp <= up * (1 + 1e-6), "beta " + path.get(c).beta() + ": seeded " + sp + " > cold " + up);
            assertTrue(s.<String>getAs("reason").contains("seeds: " + BaselineSeeding.SEED_RUNS + " L-BFGS networks of objective"),
                    s.<String>getAs("reason"));
        }
    }
}

package org.deepdual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepdual.bench.solve.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code deepdual bench} refuses bad options before measuring anything (exit 2, naming the option), and
 * its relu2 path part writes what a seeded relu2 cell guarantees.
 */
class BenchCommandTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), err.toString()};
    }

    @Test
    void unknownPartIsBadInputNamingParts() {
        String[] r = run("bench", "--parts", "throughput,warp");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--parts: unknown part 'warp'"), r[1]);
    }

    @Test
    void perClassBeyondWhatWhiteningAllowsIsBadInput() {
        String[] r = run("bench", "--per-class", "79", "--parts", "throughput");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--per-class: must be in 1..78"), r[1]);
    }

    @Test
    void nonPositiveBudgetIsBadInput() {
        String[] r = run("bench", "--budget", "0", "--parts", "convex");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--budget: must be > 0"), r[1]);
    }

    @Test
    void nonPositiveProjectionPlanningCellsIsBadInput() {
        String[] r = run("bench", "--parts", "projection", "--projection-planning-cells", "0");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--projection-planning-cells: must be >= 1, got 0"), r[1]);
        // the negated standalone switch parses: the same check is what fails
        String[] local = run("bench", "--parts", "projection", "--no-projection-standalone",
                "--projection-planning-cells", "-5");
        assertEquals("2", local[0]);
        assertTrue(local[1].contains("--projection-planning-cells: must be >= 1, got -5"), local[1]);
    }

    @Test
    void noCommitRepetitionIsBadInput() {
        String[] r = run("bench", "--parts", "commit", "--commit-reps", "0");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--commit-reps: must be >= 1, got 0"), r[1]);
    }

    @Test
    void tooFewRelu2SamplesIsBadInput() {
        String[] r = run("bench", "--parts", "relu2", "--relu2-n", "1");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--relu2-n: must be >= 2, got 1"), r[1]);
    }

    @Test
    void theRelu2PathPartSolvesEveryCellBelowItsSeedNetwork(@TempDir Path dir) {
        String[] r = run("bench", "--parts", "relu2", "--quick", "--relu2-n", "60", "--relu2-cells", "3", "--out",
                dir.toString());
        assertEquals("0", r[0], r[1]);
        List<Map<String, String>> rows = ResultTable.readCsv(dir.resolve("relu2_path.csv"));
        assertEquals(3, rows.size());
        assertEquals(10.0, Double.parseDouble(rows.get(0).get("beta")), 1e-12);
        assertEquals(1.0, Double.parseDouble(rows.get(2).get("beta")), 1e-12);
        for (Map<String, String> row : rows) {
            double seed = Double.parseDouble(row.get("seed_objective"));
            for (String run : List.of("cold", "warm")) {
                // the seed network's neurons are in the first working set: the convex value cannot be above it
                double primal = Double.parseDouble(row.get(run + "_primal"));
                assertTrue(primal <= seed * (1 + 1e-9), run + " " + primal + " above the seed network's " + seed);
                assertTrue(Double.parseDouble(row.get(run + "_program_gap")) <= 1e-6, run + " gap: " + row);
            }
        }
        Map<String, String> summary = ResultTable.readCsv(dir.resolve("relu2_path_summary.csv")).get(0);
        long cold = rows.stream().mapToLong(m -> Long.parseLong(m.get("cold_iterations"))).sum();
        assertEquals(cold, Long.parseLong(summary.get("cold_iterations")));
        assertEquals(3, Integer.parseInt(summary.get("solved_warm")));
    }
}

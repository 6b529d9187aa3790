package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.deepdual.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Consecutive nights of one study: a night is idempotent for its date, identical nights do not drift,
 * and a deliberately changed tolerance (the baseline optimizer's rel_tol, which is not part of the
 * cell ids) moves the baseline's metrics and only those, which the drift report shows and, past
 * drift.fail_over, turns the night red.
 */
class NightlyStudyTest {
    @TempDir
    Path tmp;

    private String spec(double baselineRelTol, int failOver) {
        return String.join("\n",
                "name: nightly-test",
                "output: " + tmp.resolve("nightly"),
                SweepFixtures.MIX_DATA,
                "settings:",
                "  - name: bn",
                "    variant: [relu]",
                "    data: [mix]",
                "    depth: [2, 3]",
                "beta: {logspace: [1.0e-2, 1.0e+0], count: 3}",
                "seeds: [0]",
                "baseline: {optimizer: lbfgs, fraction: 1.0, iters: 300, rel_tol: " + baselineRelTol + "}",
                "cell_timeout_s: 30",
                "drift: {rel_tol: 1.0e-6, fail_over: " + failOver + "}",
                "");
    }

    private NightlyStudy.Night night(String specText, String date) {
        return new NightlyStudy(SharedSpark.get(), SpecReader.parse(specText, "nightly-test.yaml"), SweepFixtures.quiet())
                .run(LocalDate.parse(date));
    }

    @Test
    void twoNightsWithAChangedToleranceShowDriftInTheBaselineOnly() throws Exception {
        Path root = tmp.resolve("nightly");
        NightlyStudy.Night first = night(spec(1e-12, 0), "2026-02-01");
        assertEquals(6, first.sweep().totalCells());
        assertEquals(6, first.sweep().computed());
        assertEquals(Optional.empty(), first.drift());
        assertFalse(first.red());
        assertTrue(Files.isDirectory(root.resolve("date=2026-02-01").resolve("cells")));
        assertEquals(List.of(DriftReport.CSV_HEADER),
                Files.readAllLines(root.resolve("date=2026-02-01").resolve(NightlyHistory.DRIFT_CSV)));

        NightlyStudy.Night again = night(spec(1e-12, 0), "2026-02-01");
        assertEquals(0, again.sweep().computed(), "a rerun of a night fills gaps only");
        assertEquals(6, again.sweep().alreadyDone());

        NightlyStudy.Night same = night(spec(1e-12, 0), "2026-02-02");
        assertEquals(6, same.sweep().computed());
        DriftReport none = same.drift().orElseThrow();
        assertEquals("2026-02-01", none.previousDate());
        assertEquals(List.of(), none.drifts(), none.toCsv());
        assertEquals(6, none.comparedCells());
        assertFalse(same.red());

        // the changed tolerance: L-BFGS stops far earlier, the convex solves are untouched
        NightlyStudy.Night loose = night(spec(1e-1, 0), "2026-02-03");
        DriftReport drift = loose.drift().orElseThrow();
        assertEquals("2026-02-02", drift.previousDate());
        assertTrue(drift.driftedCells() > 0, "a looser baseline tolerance must move the baseline's results");
        assertTrue(loose.red(), "fail_over 0 and " + drift.driftedCells() + " drifted cells");
        for (Drift d : drift.drifts()) {
            assertEquals(Drift.Kind.MOVED, d.kind(), d.toString());
            assertTrue(d.metric().startsWith("baseline_"), "only the baseline may move: " + d);
            assertTrue(d.relChange() > 1e-6, d.toString());
        }
        List<String> csv = Files.readAllLines(root.resolve("date=2026-02-03").resolve(NightlyHistory.DRIFT_CSV));
        assertEquals(drift.drifts().size() + 1, csv.size());
        assertTrue(csv.stream().skip(1).allMatch(l -> l.contains(",MOVED,baseline_")), csv.toString());

        int drifted = (int) drift.driftedCells();
        assertFalse(new NightlyStudy.Night(loose.date(), loose.sweep(), loose.drift(), new DriftTolerance(1e-6, drifted))
                .red(), "red only when more cells drifted than fail_over");

        // the command: back to the tight tolerance, the baseline moves again and the night exits 1
        Path specFile = Files.writeString(tmp.resolve("nightly.yaml"), spec(1e-12, 0));
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("nightly", specFile.toString(), "--date", "2026-02-05", "--master", "local[2]");
        assertEquals(1, exit, out.toString());
        assertTrue(out.toString().contains("drift 2026-02-05 vs 2026-02-03"), out.toString());
        assertTrue(out.toString().contains("is red"), out.toString());
        assertTrue(Files.readAllLines(root.resolve("date=2026-02-05").resolve(NightlyHistory.DRIFT_CSV)).size() > 1);
    }

    @Test
    void aDateThatIsNotADateIsBadInput() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("nightly", "jobs/nightly.yaml", "--date", "27/11/2026"));
        assertTrue(err.toString().contains("--date must be YYYY-MM-DD, got '27/11/2026'"), err.toString());
    }

    @Test
    void recomputeIsRefusedForANight() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NightlyStudy(
                SharedSpark.get(), SpecReader.parse(spec(1e-12, 0), "n.yaml"), SweepFixtures.quiet().withRecompute(true)));
        assertTrue(e.getMessage().contains("--recompute"), e.getMessage());
    }
}

package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, a width below the rank a setting needs, inside a sweep. The width a solution needs depends on
 * β and the data (it falls to 1 where the network is zero, docs/theory.md), so the spec cannot refuse it: the
 * spec is accepted (only a width below 1, which no setting can use, is bad input: BadInputTest), and each
 * cell whose solution needs more than the requested width is a FAILED row whose reason names both widths
 * (docs/cli.md) while the sweep goes on. The needed width is checked against the same cell
 * solved at a width large enough for every β.
 */
class NarrowWidthSweepTest {
    @TempDir
    Path dir;

    static String spec(Path out) {
        return String.join("\n",
                "name: narrow",
                "output: " + out,
                SweepFixtures.MIX_DATA,
                SweepFixtures.RANK_ONE_DATA,
                "settings:",
                "  - name: linear",
                "    data: [mix]",
                "    depth: [2, 3]",
                "  - name: relu-rank1",
                "    data: [r1]",
                "    depth: [2]",
                "width: [1, 16]",
                "beta: {logspace: [1.0e-3, 1.0e+2], count: 6}",
                "seeds: [0]",
                "");
    }

    @Test
    void cellsNarrowerThanTheirSolutionAreFailedRowsNamingBothWidthsAndTheSweepGoesOn() {
        Path out = dir.resolve("out");
        SweepResult r = SweepFixtures.run(spec(out), SweepFixtures.quiet());
        List<Row> rows = SweepFixtures.cells(out);
        assertEquals(36, r.totalCells(), "(linear 2 depths + relu-rank1 1 depth) x 2 widths x 6 betas");
        assertEquals(36, rows.size(), "every cell has a row");
        assertEquals(36, new HashSet<>(rows.stream().map(x -> x.<String>getAs("cell_id")).toList()).size(),
                "each exactly once");

        Map<String, Row> wide = new HashMap<>();
        for (Row x : rows) {
            if (x.<Integer>getAs("width") == 16) {
                wide.put(twinKey(x), x);
            }
        }
        int narrowFailed = 0;
        int narrowSolved = 0;
        long failed = 0;
        for (Row x : rows) {
            String status = x.getAs("status");
            String reason = x.getAs("reason");
            failed += status.equals("FAILED") ? 1 : 0;
            if (x.<Integer>getAs("width") != 1) {
                assertTrue(reason == null || !reason.startsWith("width "), "16 is wide enough: " + reason);
                continue;
            }
            Row twin = wide.get(twinKey(x));
            assertNotNull(twin, "the wide twin of " + twinKey(x));
            int needed = twin.getAs("needed_width");
            if (needed > 1) {
                assertEquals("FAILED", status, twinKey(x) + " needs width " + needed);
                assertEquals("width 1 < needed " + needed, reason, twinKey(x));
                assertEquals(needed, x.<Integer>getAs("needed_width"), "the row records the needed width");
                narrowFailed++;
            } else {
                assertEquals(twin.<String>getAs("status"), status, twinKey(x) + " fits in width 1");
                narrowSolved++;
            }
        }
        assertTrue(narrowFailed > 0, "some cells need more than width 1 (small beta)");
        assertTrue(narrowSolved > 0, "and some fit (large beta, where the network is zero or rank one)");
        assertEquals(failed, r.failed(), "the failed count the run reports");
    }

    private static String twinKey(Row x) {
        return x.getAs("data") + "/" + x.getAs("setting") + "/" + x.getAs("variant") + "/" + x.getAs("objective")
                + "/L" + x.getAs("depth") + "/s" + x.getAs("seed") + "/b" + x.getAs("beta");
    }
}

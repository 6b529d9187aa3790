package org.deepdual.report.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.deepdual.cli.Main;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.StepProgressTest;
import org.deepdual.sweep.SweepFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two real nights of a small study through {@code deepdual nightly}, then the trend page: every path of the
 * nights' summaries appears for both dates with the cell counts and mean optimal values of its cells; a night
 * with a report links to it; a drifted cell and a night the wrapper marked FAILED show up after
 * {@code deepdual trend}.
 */
class NightlyTrendTest {
    @TempDir
    Path tmp;

    private static final String FIRST = "2026-03-01";
    private static final String SECOND = "2026-03-02";

    private Path spec(Path root) throws Exception {
        return Files.writeString(tmp.resolve("nightly.yaml"), String.join("\n",
                "name: trend-test",
                "output: " + root,
                SweepFixtures.MIX_DATA,
                SweepFixtures.RANK_ONE_DATA,
                "settings:",
                "  - name: bn",
                "    variant: [relu]",
                "    data: [mix]",
                "    depth: [2, 3]",
                "  - name: relu-rank1",
                "    data: [r1]",
                "    depth: [2]",
                "beta: {logspace: [1.0e-2, 1.0e+0], count: 3}",
                "seeds: [0]",
                "cell_timeout_s: 30",
                "drift: {rel_tol: 1.0e-6, fail_over: 0}",
                ""));
    }

    private static int run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute(args);
        assertEquals(0, exit, out.toString());
        return exit;
    }

    /** Path id → (cells, mean primal over the cells that have one), from a night's cells/, formatted independently. */
    private static Map<String, double[]> expectedPaths(Path night) {
        Map<String, double[]> sums = new TreeMap<>();
        for (Row r : SharedSpark.get().read().parquet(night.resolve("cells").toString())
                .selectExpr("setting", "variant", "data", "objective", "t", "width", "depth", "primal").collectAsList()) {
            String id = r.getString(0) + (r.isNullAt(1) ? "" : "/" + r.getString(1)) + " " + r.getString(2) + " "
                    + r.getString(3) + (r.isNullAt(4) ? "" : " t=" + r.getDouble(4))
                    + (r.isNullAt(5) ? "" : " width=" + r.get(5)) + " L=" + r.get(6);
            double[] s = sums.computeIfAbsent(id, k -> new double[3]);
            s[0]++;
            if (!r.isNullAt(7)) {
                s[1] += r.getDouble(7);
                s[2]++;
            }
        }
        Map<String, double[]> out = new HashMap<>();
        sums.forEach((id, s) -> out.put(id, new double[] {s[0], s[1] / s[2]}));
        return out;
    }

    /** trend.csv as (date, path) → row fields. */
    private static Map<String, String[]> csvRows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertEquals(TrendPage.CSV_HEADER, lines.get(0));
        Map<String, String[]> rows = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            rows.put(f[0] + "|" + f[2], f);
        }
        return rows;
    }

    @Test
    void twoNightsShowBothDatesForEveryPathWithDriftAndFailedNightsMarked() throws Exception {
        Path root = tmp.resolve("nightly");
        Path spec = spec(root);
        PrintStream err = System.err;
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
        try {
            run("nightly", spec.toString(), "--date", FIRST, "--master", "local[2]");
        } finally {
            System.setErr(err);
        }
        // the night's report says how far it is, in order
        List<String> reportLines = progress.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("[report ")).toList();
        StepProgressTest.assertMonotonic(reportLines, 3);
        assertTrue(reportLines.stream().anyMatch(l -> l.matches(".*step 2/3 figures: .*, (\\d+)/\\1 items, .*")),
                reportLines.toString());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[trend] 1/1 nights read (" + FIRST + ")"));
        run("nightly", spec.toString(), "--date", SECOND, "--master", "local[2]", "--no-report");

        Path index = root.resolve("trend/index.html");
        Path csv = root.resolve("trend/trend.csv");
        assertTrue(Files.isRegularFile(index) && Files.isRegularFile(csv), "nightly writes OUTPUT/trend/");
        Map<String, double[]> first = expectedPaths(root.resolve("date=" + FIRST));
        Map<String, double[]> second = expectedPaths(root.resolve("date=" + SECOND));
        assertEquals(3, first.size(), first.keySet().toString());
        assertEquals(first.keySet(), second.keySet());
        assertTrue(first.values().stream().anyMatch(v -> Double.isFinite(v[1])), "some path has optimal values");

        String html = Files.readString(index);
        Map<String, String[]> rows = csvRows(csv);
        for (String id : first.keySet()) {
            for (String date : List.of(FIRST, SECOND)) {
                double[] want = (date.equals(FIRST) ? first : second).get(id);
                String[] row = rows.get(date + "|" + id);
                assertTrue(row != null, "trend.csv has no row for " + date + " " + id + ": " + rows.keySet());
                assertEquals("ok", row[1], String.join(",", row));
                assertEquals((long) want[0], Long.parseLong(row[3]), "cells of " + id + " on " + date);
                if (Double.isNaN(want[1])) {
                    assertEquals("", row[5], "no cell of " + id + " has a primal: " + String.join(",", row));
                } else {
                    assertEquals(want[1], Double.parseDouble(row[5]), 1e-12 * Math.max(1, Math.abs(want[1])),
                            "mean optimal value of " + id + " on " + date);
                }
                assertEquals("0", row[10], "identical nights do not drift: " + id);
            }
            // the page: the path's section lists both nights
            int at = html.indexOf("id=\"" + TrendPage.anchor(id) + "\"");
            assertTrue(at >= 0, "no section for " + id);
            String section = html.substring(at, html.indexOf("</details>", at));
            assertTrue(section.contains(">" + FIRST + "</a>") && section.contains(">" + SECOND + "</a>"),
                    id + ": " + section);
        }
        assertTrue(Files.isRegularFile(root.resolve("date=" + FIRST + "/report/index.html")));
        assertTrue(html.contains("href=\"../date=" + FIRST + "/report/index.html\""), "a night links to its report");
        assertTrue(html.contains("href=\"../date=" + SECOND + "/\""), "a night without a report links to its folder");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "the page is self-contained");

        // a drifted cell in the second night and a third night the wrapper marked failed, then `deepdual trend`
        String driftedPath = first.keySet().iterator().next();
        String cellId = SharedSpark.get().read().parquet(root.resolve("date=" + SECOND + "/cells").toString())
                .selectExpr("cell_id", "setting", "depth").collectAsList().stream()
                .filter(r -> driftedPath.startsWith(r.getString(1)) && driftedPath.endsWith(" L=" + r.get(2)))
                .findFirst().orElseThrow().getString(0);
        // written here by hand: Hadoop's checksum of the nightly's own drift.csv no longer applies
        Files.deleteIfExists(root.resolve("date=" + SECOND + "/.drift.csv.crc"));
        Files.writeString(root.resolve("date=" + SECOND + "/drift.csv"), "cell_id,kind,metric,previous,current,"
                + "rel_change,label\n" + cellId + ",MOVED,primal,1.0,1.5,0.5,x\n" + cellId + ",MOVED,dual,1.0,1.5,0.5,x\n");
        Path third = Files.createDirectories(root.resolve("date=2026-03-03"));
        Files.writeString(third.resolve("FAILED"), "nightly 2026-03-03 failed at 2026-03-03T02:00:00Z: exit 137\n"
                + "reason: exit 137: killed or crashed\nlog: /x.log\n");
        run("trend", root.toString(), "--master", "local[2]");
        rows = csvRows(csv);
        assertEquals("1", rows.get(SECOND + "|" + driftedPath)[10], "the drifted cell counts once for its path");
        assertEquals("drift", rows.get(SECOND + "|" + driftedPath)[1]);
        for (String id : first.keySet()) {
            if (!id.equals(driftedPath)) {
                assertEquals("0", rows.get(SECOND + "|" + id)[10], id);
            }
        }
        assertTrue(Files.readAllLines(csv).contains("2026-03-03,failed,,,,,,,,,"), "a failed night without cells");
        html = Files.readString(index);
        assertTrue(html.contains("<td class=\"drift\">1</td>"), "the drifted path's cell is highlighted");
        assertTrue(html.contains("rel_tol 1.00000e-06, fail_over 0"), "the threshold is shown");
        assertTrue(html.contains("exit 137: killed or crashed"), "the failed night's reason is shown");
    }
}

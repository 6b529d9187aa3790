package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration: the report's explorer in real headless Chromium (Debian package {@code chromium},
 * driven over the DevTools protocol), opened from disk on the report of a reduced quickstart sweep
 * (linear with a depth left out of the grid, and BN). Nothing may leave the machine; the table's setting
 * filter leaves that setting's β paths; a heat-map cell shows the summary's value on hover. Skipped
 * where Chromium is not installed.
 */
class ReportExplorerBrowserTest {
    @TempDir
    static Path tmp;
    static Path output;
    static Report report;
    static HeadlessChromium browser;

    @BeforeAll
    static void sweepReportAndOpen() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "headless Chromium not found at " + HeadlessChromium.BINARY
                + ": install the Debian package 'chromium' (apt-get install -y chromium) to run this browser test");
        output = tmp.resolve("out");
        String spec = String.join("\n", "name: explorer-quick", "output: " + output, "data:",
                "  - name: gauss", "    generator: gaussian", "    n: 16", "    d: 5", "    seed: 1",
                "  - name: gauss-k3", "    generator: gaussian", "    n: 16", "    d: 5", "    outputs: 3", "    seed: 2",
                "  - name: mix", "    generator: mixture", "    n: 12", "    d: 4", "    classes: 3", "    seed: 3",
                "settings:", "  - name: linear", "    data: [gauss, gauss-k3]", "    depth: [2, 3, 5]",
                "  - name: bn", "    variant: [relu]", "    data: [mix]", "    depth: [3]",
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 6}", "seeds: [0, 1]", "cell_timeout_s: 30", "");
        SparkSession spark = SharedSpark.get();
        SweepOptions quiet = SweepOptions.defaults().withProgress(new PrintStream(new ByteArrayOutputStream()), 60_000);
        new SweepRun(spark, SpecReader.parse(spec, "explorer-quick.yaml"), quiet).run();
        report = ReportWriter.write(spark, output);
        browser = HeadlessChromium.start(tmp.resolve("chromium-profile"), 1280, 900);
        browser.recordRequests();
        browser.open(report.index().toUri().toString(), "document.body && document.body.dataset.explorerReady",
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void filteringBySettingLeavesThatSettingsPaths() throws Exception {
        long all = SharedSpark.get().read().parquet(output.resolve("cells").toString()).select("group_id").distinct()
                .count();
        long linear = SharedSpark.get().read().parquet(output.resolve("cells").toString()).where("setting = 'linear'")
                .select("group_id").distinct().count();
        // 2 data sets × 3 depths × 2 seeds (wd); bn: 1 × 1 × 2
        assertEquals(12, linear);
        assertEquals(14, all);
        select("filter-setting", "");
        assertEquals(all, rowCount(), "rows before filtering");
        select("filter-setting", "linear");
        assertEquals(linear, rowCount(), "rows with setting = linear");
        assertEquals(linear, browser.evaluate("document.querySelectorAll('#explorer-table tbody tr').length").asLong());
        select("filter-setting", "bn");
        assertEquals(all - linear, rowCount(), "rows with setting = bn");
        select("filter-setting", "");
    }

    @Test
    void hoveringAHeatMapCellShowsTheSummaryValue() throws Exception {
        int panel = browser.evaluate("DEEPDUAL_DATA.panels.findIndex(p => p.slug === 'linear_gauss_wd')").asInt();
        assertTrue(panel >= 0, "panel linear_gauss_wd in data.js");
        select("plot-panel", Integer.toString(panel));
        select("plot-metric", "value");
        // the grid leaves out L = 4: three rows, no blank one
        assertEquals(3, browser.evaluate("document.querySelectorAll('#heat-svg rect.heat-cell').length / 6").asInt());
        JsonNode box = browser.evaluate("(() => { const r = document.querySelectorAll('#heat-svg rect.heat-cell')[4];"
                + " r.scrollIntoView({block: 'center'}); const b = r.getBoundingClientRect();"
                + " return {x: b.left + b.width / 2, y: b.top + b.height / 2}; })()");
        browser.moveMouse(box.get("x").asDouble(), box.get("y").asDouble());
        browser.waitFor("document.getElementById('tip').style.display === 'block'", Duration.ofSeconds(5));
        JsonNode tip = browser.evaluate("Object.assign({}, document.getElementById('tip').dataset)");
        assertEquals("linear_gauss_wd", tip.path("panel").asText(), tip.toString());
        int depth = tip.path("depth").asInt();
        double beta = Double.parseDouble(tip.path("beta").asText());
        double shown = Double.parseDouble(tip.path("value").asText());
        // summary/by_beta's primal_mean, computed here from cells/ as docs/output.md defines it (the mean over
        // the seeds' non-null primal values; FAILED cells have none) without running the reducer
        List<Row> cells = SharedSpark.get().read().parquet(output.resolve("cells").toString())
                .where("setting = 'linear' AND data = 'gauss' AND objective = 'wd' AND primal IS NOT NULL")
                .select("depth", "beta", "primal").collectAsList();
        double[] primal = cells.stream().filter(r -> ((Number) r.get(0)).intValue() == depth
                && ((Number) r.get(1)).doubleValue() == beta).mapToDouble(r -> r.getDouble(2)).toArray();
        assertEquals(2, primal.length, "one cell per seed at L=" + depth + ", β=" + beta);
        double expected = java.util.Arrays.stream(primal).average().getAsDouble();
        // Spark and the report may add in another order: equal up to round-off
        assertEquals(expected, shown, 1e-12 * Math.max(1, Math.abs(expected)), "hovered value at L=" + depth
                + ", β=" + beta);
        assertTrue(browser.evaluate("document.getElementById('tip').textContent").asText()
                .contains(tip.path("value").asText()), "the tooltip shows the exact value");
    }

    @Test
    void screenshotIsNotBlankAndNoRequestLeavesTheMachine() throws Exception {
        browser.evaluate("document.getElementById('explorer').scrollIntoView()");
        byte[] png = browser.screenshot();
        Files.write(tmp.resolve("explorer.png"), png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "the screenshot decodes");
        double sum = 0;
        double sumSq = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                double lum = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += lum;
                sumSq += lum * lum;
            }
        }
        double n = img.getWidth() * (double) img.getHeight();
        double variance = sumSq / n - (sum / n) * (sum / n);
        // a blank or error page is one or two colours; table, heat map and profiles are not
        assertTrue(variance > 100, "luminance variance " + variance);
        assertTrue(colours.size() > 50, "distinct colours " + colours.size());
        // the cell view and the lazily loaded figures: every request is a file next to the page
        select("view", "cells");
        browser.waitFor("window.DEEPDUAL_CELLS && document.getElementById('row-count').dataset.count > 0",
                Duration.ofSeconds(10));
        browser.evaluate("window.scrollTo(0, document.body.scrollHeight)");
        browser.waitFor("Array.from(document.images).some(i => i.complete && i.naturalWidth > 0)",
                Duration.ofSeconds(10));
        List<String> urls = browser.requestedUrls();
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/data.js")), "data.js requested: " + urls);
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/cells.js")), "cells.js requested: " + urls);
        String reportDir = report.index().getParent().toUri().toString();
        for (String u : urls) {
            assertTrue(u.startsWith(reportDir), "a request left the report folder: " + u + " (all: " + urls + ")");
        }
        select("view", "paths");
    }

    private static void select(String id, String value) throws Exception {
        browser.evaluate("(() => { const s = document.getElementById('" + id + "'); s.value = '" + value + "';"
                + " s.dispatchEvent(new Event('change')); return s.value; })()");
    }

    private static long rowCount() throws Exception {
        return browser.evaluate("Number(document.getElementById('row-count').dataset.count)").asLong();
    }
}

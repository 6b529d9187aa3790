package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.deepdual.sweep.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a small synthetic sweep (docs/output.md layout): files, figures, HTML. */
class ReportWriterTest {
    @TempDir
    static Path tmp;
    static SyntheticSweep sweep;
    static Report report;
    static String html;
    static Path outDir;

    @BeforeAll
    static void writeReport() throws IOException {
        sweep = SyntheticSweep.write(SharedSpark.get(), tmp.resolve("out"));
        outDir = tmp.resolve("out").resolve("report");
        report = ReportWriter.write(SharedSpark.get(), sweep.output, outDir,
                new CellNetworks(SyntheticSweep.datasets(), SyntheticSweep::solve));
        html = Files.readString(report.index());
        String keep = System.getProperty("deepdual.report.keep");
        if (keep != null) {
            // for looking at the figures by eye: -Ddeepdual.report.keep=DIR
            Path dest = Path.of(keep);
            Files.createDirectories(dest);
            try (var s = Files.list(outDir)) {
                for (Path p : s.toList()) {
                    Files.copy(p, dest.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void writesIndexAndEveryExpectedFigure() {
        assertEquals(outDir.resolve("index.html"), report.index());
        Set<String> files = report.figures().stream().map(Figure::file).collect(Collectors.toSet());
        List<String> expected = List.of(
                "heat_linear_white3_wd_optimal-value.png", "heat_linear_white3_wd_gap.png",
                "heat_linear_white3_wd_rank-w1.png", "heat_linear_white3_wd_stable-rank.png",
                "heat_linear_white3_wd_min-alignment.png", "heat_bn-relu_fm3_wd_nc1.png", "heat_bn-relu_fm3_wd_nc2.png",
                "rank_linear_white3_wd_L2.png", "rank_linear_white3_wd_L3.png", "rank_linear_white3_wd_L4.png",
                "norms_linear_white3_wd_L3.png", "rank_bn-relu_fm3_wd_L4.png", "fit1d_relu-1d_oned_wd.png", "gap_linear_white3_wd.png");
        for (String f : expected) {
            assertTrue(files.contains(f), "figure " + f + " missing; drawn: " + files);
        }
        // training figures are named by the cell's panel, depth, β and seed, not by its hash
        List<String> objective = files.stream().filter(f -> f.startsWith("train_objective_")).toList();
        assertEquals(sweep.baselineCells.size(), objective.size(), "one objective figure per baseline cell: " + files);
        for (String f : objective) {
            assertTrue(f.matches("train_objective_[A-Za-z0-9._-]+_L\\d+_b[0-9.e+-]+_s\\d+\\.png"), f);
            assertTrue(files.contains(f.replace("train_objective_", "train_norms_")), "norms figure next to " + f);
        }
        assertTrue(files.stream().anyMatch(f -> f.startsWith("class_means_bn-relu_fm3")), "class means: " + files);
        // no NC heat maps for a setting without labels, no gap-against-β figure where every gap is zero
        assertFalse(files.contains("heat_linear_white3_wd_nc1.png"));
        assertFalse(files.contains("gap_bn-relu_fm3_wd.png"));
    }

    @Test
    void everyPngDecodesWithItsDeclaredSize() throws IOException {
        assertFalse(report.figures().isEmpty());
        for (Figure f : report.figures()) {
            BufferedImage img = ImageIO.read(outDir.resolve(f.file()).toFile());
            assertNotNull(img, f.file() + " does not decode as an image");
            assertEquals(f.width(), img.getWidth(), f.file());
            assertEquals(f.height(), img.getHeight(), f.file());
            assertFalse(uniform(img), f.file() + " is a single colour");
        }
        try (var s = Files.list(outDir)) {
            long pngs = s.filter(p -> p.toString().endsWith(".png")).count();
            assertEquals(report.figures().size(), pngs, "PNG files on disk vs figures reported");
        }
    }

    @Test
    void htmlReferencesOnlyFilesAndAnchorsThatExist() {
        Matcher src = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        Set<String> ids = new HashSet<>();
        Matcher id = Pattern.compile("id=\"([^\"]+)\"").matcher(html);
        while (id.find()) {
            ids.add(id.group(1));
        }
        int files = 0;
        while (src.find()) {
            String ref = src.group(1);
            if (ref.startsWith("#explore/") || ref.startsWith("#path/")) {
                continue; // the explorer's routes, not anchors
            } else if (ref.startsWith("#")) {
                assertTrue(ids.contains(ref.substring(1)), "dangling anchor " + ref);
            } else {
                assertFalse(ref.contains(":"), "external reference " + ref);
                assertTrue(Files.isRegularFile(outDir.resolve(ref)), "missing file " + ref);
                files++;
            }
        }
        // every figure once, and the explorer's data and script
        assertEquals(report.figures().size() + 2, files, "every figure is shown once");
        Matcher scripts = Pattern.compile("<script[^>]*>").matcher(html);
        List<String> tags = new java.util.ArrayList<>();
        while (scripts.find()) {
            tags.add(scripts.group());
        }
        assertEquals(List.of("<script src=\"data.js\">", "<script src=\"explorer.js\">"), tags,
                "only the explorer's two local scripts");
        assertFalse(html.contains("http://") || html.contains("https://"), "no network references");
        assertFalse(html.contains("<link"), "no external stylesheets or fonts");
    }

    @Test
    void explorerDataHoldsEveryPathAndCell() throws IOException {
        com.fasterxml.jackson.databind.JsonNode data = script("data.js", "DEEPDUAL_DATA");
        com.fasterxml.jackson.databind.JsonNode cells = script("cells.js", "DEEPDUAL_CELLS");
        var frame = SharedSpark.get().read().parquet(sweep.output.resolve("cells").toString());
        List<String> present = List.of(frame.columns());
        String[] pathColumns = List.of("data", "setting", "variant", "objective", "t", "width", "depth", "seed")
                .stream().filter(present::contains).toArray(String[]::new);
        long paths = frame.selectExpr(pathColumns).distinct().count();
        assertEquals(sweep.cells(), data.get("cellCount").asLong());
        assertEquals(paths, data.get("paths").get("id").size(), "one entry per β path");
        long summed = 0;
        for (var n : data.get("paths").get("cells")) {
            summed += n.asLong();
        }
        assertEquals(sweep.cells(), summed, "the paths' cells add up to every cell");
        assertEquals(sweep.cells(), cells.get("id").size());
        assertEquals(sweep.failed, java.util.stream.StreamSupport.stream(cells.get("status").spliterator(), false)
                .filter(s -> s.asText().equals("FAILED")).count());
        assertTrue(Files.isRegularFile(outDir.resolve("explorer.js")), "the explorer's script is copied next to the page");
        // the cells the violation table lists are those the explorer links to it, with their counts
        Matcher rows = Pattern.compile("<tr id=\"cell-([0-9A-Za-z_-]+)\"").matcher(html);
        Set<String> listed = new HashSet<>();
        while (rows.find()) {
            listed.add(rows.group(1));
        }
        Set<String> linked = new HashSet<>();
        data.get("violations").fieldNames().forEachRemaining(id -> linked.add(ReportPage.anchor(id)));
        assertFalse(listed.isEmpty(), "the synthetic sweep plants violations");
        assertEquals(listed, linked);
        long perPath = 0;
        for (var n : data.get("paths").get("violations")) {
            perPath += n.asLong();
        }
        long perCell = 0;
        for (var n : data.get("violations")) {
            perCell += n.asLong();
        }
        assertEquals(perCell, perPath, "each listed violation is counted on its path");
    }

    private static com.fasterxml.jackson.databind.JsonNode script(String file, String global) throws IOException {
        String js = Files.readString(outDir.resolve(file));
        String prefix = "window." + global + "=";
        assertTrue(js.startsWith(prefix), file + " sets " + global);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(js.substring(prefix.length(),
                js.lastIndexOf(';')));
    }

    @Test
    void htmlCarriesTheCounts() {
        assertEquals(sweep.cells(), report.counts().cells());
        assertEquals(sweep.optimal, report.counts().optimal());
        assertEquals(sweep.certified, report.counts().certified());
        assertEquals(sweep.failed, report.counts().failed());
        assertTrue(html.contains("id=\"count-cells\">" + sweep.cells() + "<"), "cells count");
        assertTrue(html.contains("id=\"count-optimal\">" + sweep.optimal + "<"), "OPTIMAL count");
        assertTrue(html.contains("id=\"count-certified\">" + sweep.certified + "<"), "certified count");
        assertTrue(html.contains("id=\"count-bounds\">" + sweep.bounds + "<"), "BOUNDS count");
        assertTrue(html.contains("id=\"count-failed\">" + sweep.failed + "<"), "FAILED count");
        assertTrue(html.contains("abc123def456"), "provenance commit");
        assertTrue(html.contains("name: synthetic"), "the spec as run");
    }

    @Test
    void aSettingWithoutRowsGetsANoteNotAFigure() {
        assertTrue(html.contains("id=\"setting-relu-rank1\""), "section for relu-rank1");
        assertTrue(html.contains("No rows for setting <code>relu-rank1</code>"), "note for relu-rank1");
        assertTrue(report.figures().stream().noneMatch(f -> f.file().contains("relu-rank1")));
        assertTrue(report.outcomes().stream().anyMatch(o -> o.title().equals("relu-rank1") && o.note().isPresent()));
    }

    @Test
    void brokenCellIsListedWithAnAnchorAndFailedCellsWithTheirReason() {
        assertTrue(report.violations() >= 1, "violations " + report.violations());
        String anchor = "cell-lin-L4-b3-s1-" + SyntheticSweep.BROKEN_SUFFIX;
        assertTrue(html.contains("id=\"" + anchor + "\""), "anchored row of the broken cell");
        assertTrue(html.contains("href=\"#" + anchor + "\""), "link to the broken cell");
        assertTrue(html.contains("equal rank in every layer"), "which invariant");
        assertTrue(html.contains("not converged: residuals 1.0e-3"), "FAILED reason");
        // the theory's own positive gaps (vector output, L >= 3) are not violations
        assertFalse(html.contains("zero duality gap (docs/theory.md §3)</td>"), "no zero-gap violation expected");
        long brokenOnly = html.lines().filter(l -> l.startsWith("<tr") && l.contains("docs/theory.md §11")).filter(
                l -> !l.contains(SyntheticSweep.BROKEN_SUFFIX) && !l.contains(SyntheticSweep.PLANTED)).count();
        assertEquals(0, brokenOnly, "only the broken and the planted cells violate an invariant");
    }

    /** The rows of the violation table that name {@code cellId}. */
    private static List<String> violationRows(String cellId) {
        return html.lines().filter(l -> l.startsWith("<tr") && l.contains("title=\"" + cellId + "\"")).toList();
    }

    @Test
    void pathChecksListEachPlantedViolationByItsCell() {
        List<String> drop = violationRows(SyntheticSweep.DROP_CELL);
        assertEquals(1, drop.size(), drop.toString());
        assertTrue(drop.get(0).contains(PathInvariantCheck.VALUE_NONDECREASING), drop.get(0));
        assertTrue(drop.get(0).contains("P = 0.3, below P(β′) = 0.4"), drop.get(0));
        assertTrue(drop.get(0).contains("oned"), "the data set: " + drop.get(0));
        List<String> above = violationRows(SyntheticSweep.ABOVE_CELL);
        assertEquals(1, above.size(), above.toString());
        assertTrue(above.get(0).contains(PathInvariantCheck.BELOW_ZERO_NETWORK), above.get(0));
        assertTrue(above.get(0).contains("P ≤ ½‖Y‖² = " + Format.number(SyntheticSweep.ONED_ZERO_NETWORK)),
                above.get(0));
        List<String> dual = violationRows(SyntheticSweep.DUAL_CELL);
        assertEquals(1, dual.size(), dual.toString());
        assertTrue(dual.get(0).contains(PathInvariantCheck.DUAL_BELOW_LATER_PRIMALS), dual.get(0));
        assertTrue(dual.get(0).contains(SyntheticSweep.DUAL_PATH_DROP_CELL), "names the later cell: " + dual.get(0));
        assertEquals(1, violationRows(SyntheticSweep.DUAL_PATH_DROP_CELL).size(), "the drop below the first primal");
        // every other cell of the planted paths, and every cell of the clean paths, is not listed
        long others = html.lines().filter(l -> l.startsWith("<tr") && l.contains("§11.10")).count();
        assertEquals(4, others, "exactly the four planted path violations");
        assertTrue(html.contains("id=\"count-path-violations\">4<"), "counted in the summary");
    }

    @Test
    void aCheckThatCouldNotRunIsReportedAsNotChecked() {
        // white3 has neither ‖Y‖² nor path targets recorded, and the report cannot rebuild it
        assertTrue(report.notChecked().keySet().stream().anyMatch(k -> k.contains("'white3'")), report.notChecked()
                .toString());
        long linearCells = sweep.rows.stream().filter(r -> r.getString(0).startsWith("lin-")).count();
        assertEquals(linearCells, report.notChecked().values().stream().mapToLong(Long::longValue).sum(),
                "every white3 cell, and no other, is not checked against ½‖Y‖²");
        assertTrue(html.contains("Not checked (neither held nor broken): primal ≤ ½‖Y‖²"), "said on the page");
        assertTrue(html.contains("id=\"count-not-checked\">" + linearCells + "<"), "counted in the summary");
    }

    @Test
    void gapCaptionsTellADualityGapFromAPrimalNotShownOptimal() {
        Figure linear = figure("heat_linear_white3_wd_gap.png");
        assertFalse(linear.caption().contains("expected, not errors"), linear.caption());
        assertTrue(linear.caption().contains("OPTIMAL, not certified: positive duality gap of the standard "
                + "architecture (the paper's dual is not tight"), linear.caption());
        assertFalse(linear.caption().contains("BOUNDS:"), "no BOUNDS cell in this panel: " + linear.caption());
        Figure oned = figure("heat_relu-1d_oned_wd_gap.png");
        assertTrue(oned.caption().contains("9 BOUNDS: primal not shown optimal"), oned.caption());
        assertTrue(oned.caption().contains("3 certified"), oned.caption());
    }

    private static Figure figure(String file) {
        return report.figures().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow(
                () -> new AssertionError(file + " not drawn"));
    }

    @Test
    void failedCellsAreMarkedOnTheHeatMapCaption() {
        Figure gap = report.figures().stream().filter(f -> f.file().equals("heat_bn-relu_fm3_wd_gap.png")).findFirst()
                .orElseThrow();
        assertTrue(gap.caption().contains("1 FAILED cell(s) are marked ×"), gap.caption());
    }

    @Test
    void theSweepHookWritesLocalOutputsOnly() {
        assertEquals(java.util.Optional.of(Path.of("/data/out")), ReportWriter.localPath("/data/out"));
        assertEquals(java.util.Optional.of(Path.of("results/q")), ReportWriter.localPath("results/q"));
        assertEquals(java.util.Optional.of(Path.of("/data/out")), ReportWriter.localPath("file:///data/out"));
        assertTrue(ReportWriter.localPath("hdfs://nn:8020/sweeps/q").isEmpty());
        assertTrue(ReportWriter.forSweepOutput(SharedSpark.get(), "s3a://bucket/q").isEmpty());
    }

    private static boolean uniform(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                if (img.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }
}

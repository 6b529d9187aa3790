package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real (small) sweep: BN on a 3-class mixture with L-BFGS baselines, solved by the
 * sweep's own Spark job and solvers. The theory's invariants hold on every cell, so the report
 * lists none, and the class means recomputed from the spec sit on the simplex ETF.
 */
class ReportOfRealSweepTest {
    @TempDir
    static Path tmp;
    static Report report;
    static String html;
    static List<Row> cells;

    @BeforeAll
    static void sweepAndReport() throws Exception {
        Path output = tmp.resolve("out");
        String spec = String.join("\n", "name: report-real", "output: " + output, "data:", "  - name: mix",
                "    generator: mixture", "    n: 12", "    d: 4", "    classes: 3", "    seed: 3", "settings:",
                "  - name: bn", "    variant: [relu, linear]", "    data: [mix]", "    depth: [3, 4]",
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 5}", "seeds: [0]",
                "baseline: {optimizer: lbfgs, fraction: 1.0, iters: 60, record_every: 5}", "cell_timeout_s: 30", "");
        SweepOptions quiet = SweepOptions.defaults().withProgress(new PrintStream(new ByteArrayOutputStream()), 60_000);
        new SweepRun(SharedSpark.get(), SpecReader.parse(spec, "report-real.yaml"), quiet).run();
        report = ReportWriter.write(SharedSpark.get(), output);
        html = Files.readString(report.index());
        cells = SharedSpark.get().read().parquet(output.resolve("cells").toString()).collectAsList();
    }

    @Test
    void countsMatchTheRows() {
        long optimal = cells.stream().filter(r -> "OPTIMAL".equals(r.getAs("status"))).count();
        long certified = cells.stream().filter(r -> Boolean.TRUE.equals(r.getAs("certified"))).count();
        assertEquals(20, cells.size());
        assertEquals(cells.size(), report.counts().cells());
        assertEquals(optimal, report.counts().optimal());
        assertEquals(certified, report.counts().certified());
        assertTrue(html.contains("id=\"count-cells\">" + cells.size() + "<"));
        assertTrue(html.contains("id=\"count-certified\">" + certified + "<"));
    }

    @Test
    void everyInvariantHoldsOnTheRealSolves() {
        assertEquals(0, report.violations(), "the BN closed form breaks an invariant; see " + report.index());
    }

    @Test
    void drawsHeatMapsCollapseTrainingAndClassMeanFigures() throws Exception {
        Set<String> files = report.figures().stream().map(Figure::file).collect(Collectors.toSet());
        for (String variant : List.of("relu", "linear")) {
            for (String m : List.of("optimal-value", "gap", "rank-w1", "nc1", "nc2")) {
                String f = "heat_bn-" + variant + "_mix_wd_" + m + ".png";
                assertTrue(files.contains(f), f + " missing from " + files);
            }
            assertTrue(files.contains("rank_bn-" + variant + "_mix_wd_L3.png"));
        }
        assertTrue(files.stream().filter(f -> f.startsWith("train_objective_")).count() >= 2, files.toString());
        List<Figure> means = report.figures().stream().filter(f -> f.file().startsWith("class_means_")).toList();
        assertTrue(!means.isEmpty(), "class means figure: " + report.outcomes());
        // the smallest β of the sample is collapsed: the caption reports the distance to the ETF
        Matcher d = Pattern.compile("Relative distance to it: ([-0-9.e]+[0-9])").matcher(means.get(0).caption());
        assertTrue(d.find(), means.get(0).caption());
        assertTrue(Double.parseDouble(d.group(1)) < 1e-6, means.get(0).caption());
        for (Figure f : report.figures()) {
            BufferedImage img = ImageIO.read(report.index().resolveSibling(f.file()).toFile());
            assertNotNull(img, f.file());
            assertEquals(f.width(), img.getWidth(), f.file());
            assertEquals(f.height(), img.getHeight(), f.file());
        }
    }
}

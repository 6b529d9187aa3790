package org.deepdual.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.deepdual.sweep.StepProgress;

/**
 * Turns a sweep's output directory into {@code OUTPUT/report/index.html} plus PNG figures
 * (docs/output.md): heat maps over (log β, L), rank staircases with the predicted
 * thresholds s*(L, β), per-layer norms against β, baseline training curves, class-mean geometry
 * for collapse settings and 1-D fits — one section per setting — then the cells that break an
 * invariant of docs/theory.md §11; above them the explorer ({@link ExplorerData}, {@code explorer.js}).
 * The page is self-contained: inline CSS, no fonts or network; its scripts, data and PNG figures are
 * files next to it.
 */
public final class ReportWriter {
    static final int BASELINE_CELLS_PER_PANEL = 3;
    static final int COLLAPSE_CELLS_PER_PANEL = 2;
    static final int FIT_CELLS_PER_PANEL = 4;

    /** The explorer's script, a resource of this package copied next to the page. */
    static final String EXPLORER_SCRIPT = "explorer.js";

    private ReportWriter() {
    }

    private static void copyAsset(Path dir, String name) {
        try (var in = ReportWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the deepdual jar");
            }
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    /**
     * The hook for the end of a sweep: writes {@code OUTPUT/report/} when the output is on the local
     * file system (a plain path or a {@code file:} URI); empty for other Hadoop file systems, whose
     * report is written by {@code deepdual report} on a copy (the figures are local PNG files).
     */
    public static Optional<Report> forSweepOutput(SparkSession spark, String output) {
        return localPath(output).map(p -> write(spark, p));
    }

    /** A plain path or a {@code file:} URI as a local path; empty for any other scheme. */
    static Optional<Path> localPath(String output) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(output);
        } catch (java.net.URISyntaxException e) {
            return Optional.of(Path.of(output));
        }
        if (uri.getScheme() == null || uri.getScheme().length() == 1) {
            return Optional.of(Path.of(output)); // no scheme, or a Windows drive letter
        }
        return uri.getScheme().equals("file") ? Optional.of(Path.of(uri)) : Optional.empty();
    }

    /** Writes the report of {@code output} into {@code output/report}. */
    public static Report write(SparkSession spark, Path output) {
        return write(spark, output, output.resolve("report"));
    }

    /**
     * Writes the report of {@code output} into {@code outDir}; the data sets for the recomputed
     * figures are rebuilt from {@code OUTPUT/spec.yaml}.
     */
    public static Report write(SparkSession spark, Path output, Path outDir) {
        SweepResults results = SweepResults.open(spark, output);
        DatasetSource data = SpecDatasets.of(results.specText(), output.resolve("spec.yaml").toString(),
                results.datasets());
        return write(spark, output, outDir, data);
    }

    /**
     * Writes the report of {@code output} into {@code outDir}; {@code data} supplies the data sets
     * for the figures recomputed from them (class means, 1-D fits).
     */
    public static Report write(SparkSession spark, Path output, Path outDir, DatasetSource data) {
        return write(spark, output, outDir, new CellNetworks(data));
    }

    static Report write(SparkSession spark, Path output, Path outDir, CellNetworks networks) {
        SweepResults results = SweepResults.open(spark, output);
        try {
            Files.createDirectories(outDir);
            clearOldReport(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare report directory " + outDir, e);
        }
        try (StepProgress progress = StepProgress.onStderr("report " + output.getFileName(), 3,
                spark.sparkContext())) {
            return write(results, output, outDir, networks, progress);
        }
    }

    private static Report write(SweepResults results, Path output, Path outDir, CellNetworks networks,
            StepProgress progress) {
        progress.step("reading cells/ and data sets", 0);
        Map<String, DatasetInfo> datasets = withTargets(results.datasets(), networks.source(),
                results.specText());
        ExplorerData explorer = new ExplorerData();
        Iterator<CellRow> rows = results.cellsByPath();
        SweepDigest digest = SweepDigest.of(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public CellRow next() {
                CellRow r = rows.next();
                explorer.add(r);
                return r;
            }
        }, datasets);
        Optional<String> spec = results.specText();

        Map<String, List<ReportPage.PanelSection>> sections = new LinkedHashMap<>();
        List<FigureOutcome> outcomes = new ArrayList<>();
        List<String> settings = settingsToReport(spec, digest);
        progress.step("figures", settings.stream().mapToInt(st -> digest.panelsOf(st).size()).sum());
        List<PanelGrid> allPanels = settings.stream().flatMap(st -> digest.panelsOf(st).stream()).toList();
        // predictions are memoized in a plain map: fill it here, before the drawing threads read it
        allPanels.forEach(grid -> digest.prediction(grid.key()));
        try (PanelFigures drawing = PanelFigures.forPanels(allPanels.size())) {
            Iterator<Future<List<FigureOutcome>>> drawn = drawing.start(allPanels,
                    grid -> figuresOf(grid, digest, results, networks, outDir)).iterator();
            addSections(settings, digest, drawn, sections, outcomes, progress);
        }
        progress.step("index.html", 0);
        Map<PanelKey, List<Figure>> figures = new java.util.HashMap<>();
        sections.values().forEach(ps -> ps.forEach(p -> figures.put(p.grid().key(),
                p.figures().stream().flatMap(f -> f.figure().stream()).toList())));
        explorer.write(outDir, digest, figures, output.getFileName() == null ? output.toString()
                : output.getFileName().toString());
        copyAsset(outDir, EXPLORER_SCRIPT);
        String html = new ReportPage(output, spec, results.provenance(20), digest, sections, datasets).render();
        Path index = outDir.resolve("index.html");
        try {
            Path tmp = outDir.resolve("index.html.tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + index, e);
        }
        return new Report(index, digest.counts, outcomes, digest.violationCount, digest.notChecked);
    }

    /** The report's sections in the settings' order, each panel's figures taken as their drawing finishes. */
    private static void addSections(List<String> settings, SweepDigest digest,
            Iterator<Future<List<FigureOutcome>>> drawn,
            Map<String, List<ReportPage.PanelSection>> sections, List<FigureOutcome> outcomes, StepProgress progress) {
        for (String setting : settings) {
            List<ReportPage.PanelSection> panels = new ArrayList<>();
            for (PanelGrid grid : digest.panelsOf(setting)) {
                List<FigureOutcome> figs = PanelFigures.await(drawn.next());
                progress.item(setting + " on " + grid.key().data() + ", " + (outcomes.size() + figs.size())
                        + " figures so far");
                outcomes.addAll(figs);
                panels.add(new ReportPage.PanelSection(grid, figs, digest.violationsByPanel.getOrDefault(grid.key(),
                        0L), digest.notCheckedByPanel.getOrDefault(grid.key(), Map.of())));
            }
            if (panels.isEmpty()) {
                outcomes.add(FigureOutcome.omitted(setting, "no rows for setting " + setting));
            }
            sections.put(setting, panels);
        }
    }

    /**
     * The recorded data sets completed with the thresholded values computed from the data (when the
     * report can rebuild it), so the staircase predictions do not depend on which columns the
     * sweep recorded.
     */
    static Map<String, DatasetInfo> withTargets(Map<String, DatasetInfo> recorded, DatasetSource source,
            Optional<String> spec) {
        Map<String, DatasetInfo> out = new java.util.TreeMap<>(recorded);
        Set<String> names = new LinkedHashSet<>(recorded.keySet());
        names.addAll(dataNames(spec));
        for (String name : names) {
            source.dataset(name).ifPresent(d -> {
                DatasetInfo base = out.getOrDefault(name, new DatasetInfo(name, "", 0, 0, 0, new double[0], Map.of()));
                out.put(name, base.withComputed(d, DatasetTargets.of(d)));
            });
        }
        return out;
    }

    private static List<String> dataNames(Optional<String> spec) {
        List<String> out = new ArrayList<>();
        spec.ifPresent(text -> {
            try {
                JsonNode data = new ObjectMapper(new YAMLFactory()).readTree(text).get("data");
                if (data != null && data.isArray()) {
                    data.forEach(d -> {
                        if (d.get("name") != null) {
                            out.add(d.get("name").asText());
                        }
                    });
                }
            } catch (IOException | RuntimeException e) {
                // no spec data names: only the recorded data sets are completed
            }
        });
        return out;
    }

    private static List<FigureOutcome> figuresOf(PanelGrid grid, SweepDigest digest, SweepResults results,
            CellNetworks networks, Path outDir) {
        List<FigureOutcome> figs = new ArrayList<>(HeatMapChart.drawAll(grid, outDir));
        if (GapChart.worthDrawing(grid)) {
            figs.add(GapChart.draw(grid, outDir));
        }
        for (int depth : StaircaseChart.chosenDepths(grid)) {
            figs.add(StaircaseChart.draw(grid, depth, digest.prediction(grid.key()), outDir));
            figs.add(NormChart.draw(grid, depth, outDir));
        }
        List<CellRow> withBaseline = grid.baselineSample(BASELINE_CELLS_PER_PANEL);
        if (!withBaseline.isEmpty()) {
            var traj = results.trajectories(withBaseline.stream().map(CellRow::cellId).toList());
            for (CellRow c : withBaseline) {
                List<TrajectorySample> t = traj.getOrDefault(c.cellId(), List.of());
                if (t.isEmpty()) {
                    figs.add(FigureOutcome.omitted("baseline of cell " + c.cellId(),
                            "the cell has a baseline but OUTPUT/trajectories/ holds no trajectory for it"));
                    continue;
                }
                figs.add(TrainingChart.objective(c, t, outDir));
                figs.add(TrainingChart.norms(c, t, outDir));
            }
        }
        if (grid.hasCollapse()) {
            for (CellRow c : collapseCells(grid)) {
                figs.add(ClassMeansChart.draw(c, networks, outDir));
            }
        }
        if (grid.key().setting().equals("relu-1d")) {
            figs.add(SplineFitChart.draw(grid.key(), grid.optimalSample(FIT_CELLS_PER_PANEL), networks, outDir));
        }
        if (grid.key().setting().equals("relu-1d-deep")) {
            figs.addAll(DeepSplineFitChart.draw(grid.key(), grid.boundsCells(), networks, outDir));
        }
        return figs;
    }

    /** The smallest β (collapse expected) and a middle β of the deepest L. */
    private static List<CellRow> collapseCells(PanelGrid grid) {
        List<CellRow> sample = grid.optimalSample(PanelGrid.MAX_SAMPLED_CELLS);
        if (sample.isEmpty()) {
            return List.of();
        }
        int deepest = sample.stream().mapToInt(c -> c.parameters().depth()).max().getAsInt();
        List<CellRow> path = sample.stream().filter(c -> c.parameters().depth() == deepest).toList();
        Set<CellRow> out = new LinkedHashSet<>();
        out.add(path.get(0));
        out.add(path.get(path.size() / 2));
        return new ArrayList<>(out).subList(0, Math.min(COLLAPSE_CELLS_PER_PANEL, out.size()));
    }

    /** The settings the spec names (in its order), then any other setting with rows. */
    static List<String> settingsToReport(Optional<String> spec, SweepDigest digest) {
        Set<String> out = new LinkedHashSet<>();
        spec.ifPresent(text -> {
            try {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
                JsonNode settings = root == null ? null : root.get("settings");
                if (settings != null && settings.isArray()) {
                    for (JsonNode s : settings) {
                        JsonNode name = s.get("name");
                        if (name != null && name.isTextual()) {
                            out.add(name.asText());
                        }
                    }
                }
            } catch (IOException e) {
                // an unreadable spec only loses the "no rows" notes; the rows still list every setting
            }
        });
        digest.panels.keySet().forEach(k -> out.add(k.setting()));
        return new ArrayList<>(out);
    }

    private static void clearOldReport(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".png") || n.equals("index.html") || n.equals(ExplorerData.DATA_FILE)
                        || n.equals(ExplorerData.CELLS_FILE) || n.equals(EXPLORER_SCRIPT)) {
                    Files.delete(p);
                }
            }
        }
    }
}

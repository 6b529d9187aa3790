package org.deepdual.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers behind the report's explorer (docs/output.md, report/): every β path with its
 * outcomes, every panel's (β, L) grid averaged over seeds, and every cell, written as two script files
 * that set a global ({@code data.js}: panels and paths, loaded with the page; {@code cells.js}: the
 * cells, loaded when the cell view is first shown). Scripts rather than JSON because a page opened
 * from disk may not fetch() a file next to it. Columns are arrays of equal length; undefined numbers
 * are null.
 */
final class ExplorerData {
    static final String DATA_FILE = "data.js";
    static final String CELLS_FILE = "cells.js";

    private final Map<String, PathSummary> paths = new LinkedHashMap<>();
    private final List<CellRow> cells = new ArrayList<>();

    /** Adds one cell; cells may arrive in any order. */
    void add(CellRow row) {
        paths.computeIfAbsent(row.pathId(), id -> new PathSummary(row)).add(row);
        cells.add(slim(row));
    }

    /** The cell without the per-layer arrays the explorer does not show, so memory stays small. */
    private static CellRow slim(CellRow r) {
        int[] ranks = r.layers().rank();
        CellRow.LayerStats layers = new CellRow.LayerStats(new double[0], new double[0],
                ranks.length == 0 ? new int[0] : new int[] {ranks[0]}, new double[0]);
        double align = r.alignment().minSubspace();
        CellRow.AlignmentStats a = new CellRow.AlignmentStats(new double[0], new double[0],
                Double.isNaN(align) ? new double[0] : new double[] {align});
        return new CellRow(r.cellId(), r.parameters(), r.status(), r.reason(), r.certified(), r.primal(), r.dual(),
                r.gap(), Double.NaN, Double.NaN, layers, a, Double.NaN, r.collapse(), r.baseline(), r.k(), r.pathId(),
                "", 0, r.iterations(), r.schemaVersion(), r.solveMs());
    }

    int pathCount() {
        return paths.size();
    }

    int cellCount() {
        return cells.size();
    }

    /**
     * Writes {@code data.js} and {@code cells.js} into {@code dir}. {@code figures} maps a panel to its
     * drawn figures; {@code violations} lists the cells named in the page's violation table.
     */
    void write(Path dir, SweepDigest digest, Map<PanelKey, List<Figure>> figures, String title) {
        Map<PanelKey, Integer> panelIndex = new HashMap<>();
        List<PanelGrid> grids = new ArrayList<>(digest.panels.values());
        for (int i = 0; i < grids.size(); i++) {
            panelIndex.put(grids.get(i).key(), i);
        }
        Map<String, Integer> listedViolations = new LinkedHashMap<>();
        for (Violation v : digest.violations) {
            listedViolations.merge(v.cell().cellId(), 1, Integer::sum);
        }
        Map<String, Integer> pathIndex = new HashMap<>();
        writeScript(dir.resolve(DATA_FILE), "DEEPDUAL_DATA", g -> {
            g.writeStringField("title", title);
            g.writeNumberField("cellCount", cells.size());
            g.writeNumberField("violationCount", digest.violationCount);
            g.writeStringField("cellsFile", CELLS_FILE);
            g.writeArrayFieldStart("panels");
            for (PanelGrid grid : grids) {
                writePanel(g, grid, figures.getOrDefault(grid.key(), List.of()));
            }
            g.writeEndArray();
            List<PathSummary> ps = new ArrayList<>(paths.values());
            for (int i = 0; i < ps.size(); i++) {
                pathIndex.put(ps.get(i).id, i);
            }
            g.writeObjectFieldStart("paths");
            strings(g, "id", ps, p -> p.id);
            ints(g, "panel", ps, p -> panelIndex.getOrDefault(p.panel, -1));
            ints(g, "depth", ps, p -> p.depth);
            ints(g, "seed", ps, p -> (int) p.seed);
            ints(g, "cells", ps, p -> p.cells);
            ints(g, "optimal", ps, p -> p.optimal);
            ints(g, "bounds", ps, p -> p.bounds);
            ints(g, "failed", ps, p -> p.failed);
            ints(g, "certified", ps, p -> p.certified);
            doubles(g, "betaMin", ps, p -> p.betaMin);
            doubles(g, "betaMax", ps, p -> p.betaMax);
            doubles(g, "valueMin", ps, p -> p.valueMin);
            doubles(g, "valueMax", ps, p -> p.valueMax);
            doubles(g, "gapMax", ps, p -> p.gapMax);
            doubles(g, "rankMax", ps, p -> p.rankMax);
            doubles(g, "nc1Min", ps, p -> p.nc1Min);
            doubles(g, "alignMin", ps, p -> p.alignMin);
            doubles(g, "timeMs", ps, p -> p.timeMs);
            ints(g, "violations", ps, p -> p.cellIds.stream().mapToInt(c -> listedViolations.getOrDefault(c, 0))
                    .sum());
            g.writeEndObject();
            g.writeObjectFieldStart("violations");
            for (Map.Entry<String, Integer> e : listedViolations.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
        writeScript(dir.resolve(CELLS_FILE), "DEEPDUAL_CELLS", g -> {
            strings(g, "id", cells, CellRow::cellId);
            ints(g, "path", cells, c -> pathIndex.getOrDefault(c.pathId(), -1));
            doubles(g, "beta", cells, c -> c.parameters().beta());
            strings(g, "status", cells, CellRow::status);
            ints(g, "certified", cells, c -> c.certified() ? 1 : 0);
            doubles(g, "value", cells, CellRow::primal);
            doubles(g, "dual", cells, CellRow::dual);
            doubles(g, "gap", cells, CellRow::relativeGap);
            doubles(g, "rank", cells, c -> c.layers().rankOf(1) < 0 ? Double.NaN : c.layers().rankOf(1));
            doubles(g, "nc1", cells, c -> c.collapse().map(CellRow.CollapseMetrics::nc1).orElse(Double.NaN));
            doubles(g, "align", cells, c -> c.alignment().minSubspace());
            doubles(g, "excess", cells, c -> c.baseline().map(CellRow.BaselineResult::excess).orElse(Double.NaN));
            doubles(g, "timeMs", cells, CellRow::solveMs);
            ints(g, "iterations", cells, CellRow::iterations);
            strings(g, "reason", cells, c -> c.reason().orElse(""));
        });
    }

    private static void writePanel(JsonGenerator g, PanelGrid grid, List<Figure> figs) throws IOException {
        PanelKey k = grid.key();
        g.writeStartObject();
        g.writeStringField("slug", k.slug());
        g.writeStringField("title", k.title());
        g.writeStringField("setting", k.setting());
        g.writeStringField("variant", k.variant().orElse(""));
        g.writeStringField("data", k.data());
        g.writeStringField("objective", k.objective());
        g.writeStringField("t", Double.isNaN(k.t()) ? "" : Format.number(k.t()));
        g.writeStringField("width", k.width().isPresent() ? Integer.toString(k.width().getAsInt()) : "");
        g.writeArrayFieldStart("depths");
        for (int d : grid.depths()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("betas");
        for (double b : grid.betas()) {
            g.writeNumber(b);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("figures");
        for (Figure f : figs) {
            g.writeStartObject();
            g.writeStringField("file", f.file());
            g.writeStringField("title", f.title());
            g.writeEndObject();
        }
        g.writeEndArray();
        List<GridPoint> pts = grid.all();
        g.writeObjectFieldStart("points");
        ints(g, "depth", pts, GridPoint::depth);
        doubles(g, "beta", pts, GridPoint::beta);
        ints(g, "cells", pts, GridPoint::cells);
        ints(g, "optimal", pts, GridPoint::optimal);
        ints(g, "bounds", pts, GridPoint::bounds);
        ints(g, "failed", pts, GridPoint::failed);
        ints(g, "certified", pts, GridPoint::certified);
        doubles(g, "value", pts, GridPoint::primal);
        doubles(g, "gap", pts, GridPoint::relativeGap);
        doubles(g, "rank", pts, GridPoint::rankW1);
        doubles(g, "stableRank", pts, GridPoint::meanStableRank);
        doubles(g, "align", pts, GridPoint::minAlignment);
        doubles(g, "nc1", pts, GridPoint::nc1);
        doubles(g, "nc2", pts, GridPoint::nc2EtfDev);
        doubles(g, "timeMs", pts, GridPoint::solveMs);
        g.writeEndObject();
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static void writeScript(Path file, String global, Body body) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("window." + global + "=");
            JsonGenerator g = new JsonFactory().createGenerator(w);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
            g.flush();
            w.write(";\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static <T> void strings(JsonGenerator g, String name, List<T> rows,
            java.util.function.Function<T, String> f) throws IOException {
        g.writeArrayFieldStart(name);
        for (T r : rows) {
            g.writeString(f.apply(r));
        }
        g.writeEndArray();
    }

    private static <T> void ints(JsonGenerator g, String name, List<T> rows,
            java.util.function.ToIntFunction<T> f) throws IOException {
        g.writeArrayFieldStart(name);
        for (T r : rows) {
            g.writeNumber(f.applyAsInt(r));
        }
        g.writeEndArray();
    }

    /** Doubles as JSON numbers that read back as the same double; NaN and ±∞ as null. */
    private static <T> void doubles(JsonGenerator g, String name, List<T> rows,
            java.util.function.ToDoubleFunction<T> f) throws IOException {
        g.writeArrayFieldStart(name);
        for (T r : rows) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
        g.writeEndArray();
    }

    /** One β path: its parameters and the range of its outcomes over β. */
    private static final class PathSummary {
        final String id;
        final PanelKey panel;
        final int depth;
        final long seed;
        final List<String> cellIds = new ArrayList<>();
        int cells;
        int optimal;
        int bounds;
        int failed;
        int certified;
        double betaMin = Double.NaN;
        double betaMax = Double.NaN;
        double valueMin = Double.NaN;
        double valueMax = Double.NaN;
        double gapMax = Double.NaN;
        double rankMax = Double.NaN;
        double nc1Min = Double.NaN;
        double alignMin = Double.NaN;
        double timeMs = Double.NaN;

        PathSummary(CellRow first) {
            id = first.pathId();
            panel = first.parameters().panel();
            depth = first.parameters().depth();
            seed = first.parameters().seed();
        }

        void add(CellRow r) {
            cells++;
            cellIds.add(r.cellId());
            betaMin = min(betaMin, r.parameters().beta());
            betaMax = max(betaMax, r.parameters().beta());
            timeMs = Double.isNaN(r.solveMs()) ? timeMs : (Double.isNaN(timeMs) ? 0 : timeMs) + r.solveMs();
            if (r.failed()) {
                failed++;
                return;
            }
            optimal += r.optimal() ? 1 : 0;
            bounds += r.bounds() ? 1 : 0;
            certified += r.certified() ? 1 : 0;
            valueMin = min(valueMin, r.primal());
            valueMax = max(valueMax, r.primal());
            gapMax = max(gapMax, r.relativeGap());
            int rank = r.layers().rankOf(1);
            rankMax = rank < 0 ? rankMax : max(rankMax, rank);
            nc1Min = min(nc1Min, r.collapse().map(CellRow.CollapseMetrics::nc1).orElse(Double.NaN));
            alignMin = min(alignMin, r.alignment().minSubspace());
        }

        private static double min(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
        }

        private static double max(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        }
    }
}

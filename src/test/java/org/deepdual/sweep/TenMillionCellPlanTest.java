package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One driver, 10^7 cells: {@code deepdual sweep SPEC --dry-run} plans a grid of 10,000 seeds × 10 depths × 100 β
 * in a child JVM whose heap is capped at 2 GB, against an output whose {@code cells/} already holds a known set of
 * cells (whole paths, half paths, and cells of no path of the grid), and counts exactly the missing ones.
 */
class TenMillionCellPlanTest {
    private static final int SEEDS = 10_000;
    private static final int DEPTHS = 10;
    private static final int BETAS = 100;

    @TempDir
    Path dir;

    @Test
    void aTenMillionCellGridIsPlannedAndResumedWithinATwoGigabyteDriverHeap() throws Exception {
        Path out = dir.resolve("out");
        Path specFile = dir.resolve("ten-million.yaml");
        Files.writeString(specFile, spec(out, LongStream.range(0, SEEDS), BETAS));

        // present: seeds 0-29 whole (300 paths), seeds 30-39 the lower half of their β (100 paths)
        List<Row> rows = new ArrayList<>();
        long present = 0;
        for (CellGroup g : groups(out, LongStream.range(0, 40), BETAS)) {
            String[] ids = g.cellIds();
            int n = g.seed() < 30 ? ids.length : ids.length / 2;
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create(ids[i], g.id()));
            }
            present += n;
        }
        // not of the grid: two seeds it does not list, and β between its values on ten of its seeds' paths
        for (CellGroup g : groups(out, LongStream.of(20_000, 20_001), BETAS)) {
            addAll(rows, g);
        }
        Set<Double> gridBetas = new HashSet<>(BetaGrid.logspace(1e-3, 1e2, BETAS));
        int between = 0;
        for (CellGroup g : groups(out, LongStream.range(0, 10), 8)) {
            String[] ids = g.cellIds();
            for (int i = 0; i < ids.length; i++) {
                if (!gridBetas.contains(g.beta(i))) {
                    rows.add(RowFactory.create(ids[i], g.id()));
                    between++;
                }
            }
        }
        assertEquals(DEPTHS * 10 * 6, between, "count-8 logspace meets count-100 only at its ends");
        StructType schema = new StructType().add(CellSchema.CELL_ID, DataTypes.StringType, false)
                .add(CellSchema.GROUP_ID, DataTypes.StringType, false);
        SharedSpark.get().createDataFrame(rows, schema).coalesce(2).write()
                .parquet(out.resolve("cells").resolve("setting=relu-rank1").toString());

        long grid = (long) SEEDS * DEPTHS * BETAS;
        long missing = grid - present;
        long solve = grid - 30L * DEPTHS * BETAS;   // a half-present path is solved whole
        Path log = dir.resolve("dry-run.log");
        Path gcLog = dir.resolve("gc.log");
        Process p = dryRun(specFile, log, gcLog);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the dry run ends");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), "the dry run succeeds in 2 GB:\n" + text);
        assertTrue(text.contains(String.format("%d cells in %d beta paths", grid, (long) SEEDS * DEPTHS)), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT,
                "cells present in the output: %,d of %,d; missing: %,d", present, grid, missing)), text);
        Matcher solved = Pattern.compile("relu-rank1 on r1 +([0-9,]+) cells to solve of +([0-9,]+) in +([0-9,]+) paths")
                .matcher(text);
        assertTrue(solved.find(), text);
        assertEquals(solve, Long.parseLong(solved.group(1).replace(",", "")));
        assertEquals(grid, Long.parseLong(solved.group(2).replace(",", "")));
        System.out.printf("10^7-cell dry run: %d present, %d missing; driver heap peak %s%n", present, missing,
                heapPeak(gcLog));
    }

    /** A spec of the seeds given × depths 2-11 × β logspace [1e-3, 1e2] of {@code betas} values. */
    private static String spec(Path out, LongStream seeds, int betas) {
        return String.join("\n", "name: ten-million", "output: " + out, "max_cells: 100000", "data:",
                "  - name: r1", "    generator: rank-one", "    n: 8", "    d: 3", "    seed: 2", "settings:",
                "  - name: relu-rank1", "    data: [r1]", "    depth: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]",
                "seeds: [" + seeds.mapToObj(Long::toString).collect(Collectors.joining(", ")) + "]",
                "beta: {logspace: [1.0e-3, 1.0e+2], count: " + betas + "}", "");
    }

    private static List<CellGroup> groups(Path out, LongStream seeds, int betas) {
        SweepSpec s = SpecReader.parse(spec(out, seeds, betas), "part.yaml");
        return SweepGrid.expand(s, DataCatalog.build(s).fingerprints()).groups();
    }

    private static void addAll(List<Row> rows, CellGroup g) {
        for (String id : g.cellIds()) {
            rows.add(RowFactory.create(id, g.id()));
        }
    }

    /** {@code deepdual sweep SPEC --dry-run --master local[1]} in a child JVM with a 2 GB heap, GC log in GC. */
    private static Process dryRun(Path specFile, Path log, Path gc) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        SweepKillTest.childJvmFlags().stream().filter(f -> !f.startsWith("-Xmx")).forEach(cmd::add);
        cmd.addAll(List.of("-Xmx2g", "-Xlog:gc:file=" + gc,
                "-cp", System.getProperty("java.class.path"), "org.deepdual.cli.Main", "sweep", specFile.toString(),
                "--dry-run", "--master", "local[1]"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** The largest heap in use before and after a collection, from the child's GC log (reported, not asserted). */
    private static String heapPeak(Path gc) throws Exception {
        long before = 0;
        long after = 0;
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(Files.readString(gc));
        while (m.find()) {
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
        }
        return before + " MB in use, " + after + " MB live after a collection";
    }
}

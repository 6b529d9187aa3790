package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.deepdual.Approx;
import org.deepdual.data.Dataset;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep on the shared local[2] session: every cell once, values equal to a direct solve, reruns compute nothing. */
class SweepRunTest {
    @TempDir
    Path dir;

    @Test
    void everyCellLandsOnceWithTheSolverValuesAndARerunComputesNothing() throws Exception {
        Path out = dir.resolve("out");
        String text = SweepFixtures.smallSpec(out);
        SweepResult first = SweepFixtures.run(text, SweepFixtures.quiet().withBatchCells(12));
        SweepSpec spec = SpecReader.parse(text, "test.yaml");
        DataCatalog catalog = DataCatalog.build(spec);
        SweepGrid grid = SweepGrid.expand(spec, catalog.fingerprints());
        Set<String> expected = grid.groups().stream().flatMap(g -> List.of(g.cellIds()).stream())
                .collect(Collectors.toSet());
        assertEquals(40, expected.size());
        assertEquals(40, first.totalCells());
        assertEquals(40, first.computed());
        assertEquals(0, first.alreadyDone());
        // one Parquet file per task: at most one per core for each setting of a batch, in its setting's directory
        long settings = grid.groups().stream().map(g -> g.setting().cliName()).distinct().count();
        List<Path> files;
        try (var walk = Files.walk(out.resolve("cells"))) {
            files = walk.filter(f -> f.toString().endsWith(".parquet")).toList();
        }
        int cores = SharedSpark.get().sparkContext().defaultParallelism();
        assertTrue(files.size() <= first.batches() * settings * cores,
                files.size() + " files for " + first.batches() + " batches of " + settings + " settings");
        for (Path f : files) {
            assertTrue(f.getParent().getFileName().toString().startsWith("setting="), f.toString());
        }

        List<Row> rows = SweepFixtures.cells(out);
        List<String> ids = rows.stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(40, ids.size(), "one row per cell");
        assertEquals(expected, new HashSet<>(ids));

        // each row's primal equals a solve done here, outside Spark
        Map<String, Dataset> data = Map.of("mix", catalog.get("mix"), "r1", catalog.get("r1"));
        for (CellGroup g : grid.groups()) {
            String[] gid = g.cellIds();
            for (int i = 0; i < g.size(); i++) {
                Row r = rows.get(ids.indexOf(gid[i]));
                Solution s = Solvers.solve(data.get(g.data()), g.cell(i).problem());
                assertEquals(s.status().name(), r.getAs("status"), "status of " + g.cell(i));
                if (s.primal().isPresent()) {
                    Approx.assertRel(s.primal().getAsDouble(), r.<Double>getAs("primal"), 1e-12, "primal");
                }
                assertEquals(g.depth(), r.<Integer>getAs("depth"));
                assertEquals(g.setting().cliName(), r.getAs("setting"));
                assertEquals(CellSchema.VERSION, r.<Integer>getAs("schema_version"));
                assertEquals(first.runId(), r.getAs("run_id"));
                if ("OPTIMAL".equals(r.getAs("status"))) {
                    Approx.assertRel(r.<Double>getAs("primal"), r.<Double>getAs("forward_primal"), 1e-8,
                            "forward primal");
                    assertEquals(g.depth(), r.<scala.collection.Seq<?>>getAs("layer_fro").size(), "one fro per layer");
                    assertEquals(g.depth() - 1, r.<scala.collection.Seq<?>>getAs("align_top1").size());
                }
            }
        }
        assertTrue(Files.exists(out.resolve("spec.yaml")));
        assertTrue(Files.exists(out.resolve("spec-" + first.runId() + ".yaml")));
        assertFalse(Files.exists(out.resolve("_lock")), "the lock is released");
        assertFalse(Files.exists(out.resolve("_staging")), "staging is removed");
        assertEquals(2, SharedSpark.get().read().parquet(out.resolve("datasets").toString()).count());

        SweepResult second = SweepFixtures.run(text, SweepFixtures.quiet());
        assertEquals(0, second.computed(), "a rerun computes nothing");
        assertEquals(40, second.alreadyDone());
        assertEquals(40, SweepFixtures.cells(out).size());
        assertEquals(2, SharedSpark.get().read().parquet(out.resolve("datasets").toString()).count(),
                "data sets are recorded once");

        // a longer beta path: each path has one missing cell; the path is solved whole, only that cell written
        String longer = text.replace("count: 4", "count: 5");
        SweepResult third = SweepFixtures.run(longer, SweepFixtures.quiet());
        SweepSpec longerSpec = SpecReader.parse(longer, "test.yaml");
        SweepGrid longerGrid = SweepGrid.expand(longerSpec, catalog.fingerprints());
        assertEquals(50, longerGrid.cellCount());
        long kept = longerGrid.groups().stream().flatMap(g -> List.of(g.cellIds()).stream()).filter(expected::contains)
                .count();
        assertEquals(2 * 10, kept, "on each of the 10 paths, 5 logspace points share only the end points with 4");
        assertEquals(50 - kept, third.computed());
        List<String> all = SweepFixtures.cells(out).stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(all.size(), new HashSet<>(all).size(), "no cell twice");
        assertEquals(40 + 50 - kept, all.size());

        // --recompute: a fresh run into a new output beside the old one
        SweepResult fresh = SweepFixtures.run(text, SweepFixtures.quiet().withRecompute(true));
        assertEquals(40, fresh.computed());
        assertEquals(out + "-" + fresh.runId(), fresh.output());
        assertEquals(40, SweepFixtures.cells(Path.of(fresh.output())).size());
        assertEquals(40 + 50 - kept, SweepFixtures.cells(out).size(), "the old output is untouched");
    }
}

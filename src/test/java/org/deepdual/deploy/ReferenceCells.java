package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.deepdual.sweep.CellSnapshot;
import org.deepdual.sweep.CellSnapshots;
import org.deepdual.sweep.DriftComparison;
import org.deepdual.sweep.DriftReport;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepResult;
import org.deepdual.sweep.SweepRun;

/**
 * What a cluster IT compares a cluster's cells with: the same spec run in the test JVM on the shared
 * local[2] session. A cluster run matches when it has the same cell ids, the same statuses, and values,
 * gaps, ranks and NC metrics equal to 1e-12.
 */
record ReferenceCells(Map<String, CellSnapshot> cells) {

    /** Runs SPEC locally (cells only: no reducer) into its output OUTPUT and reads the cells back. */
    static ReferenceCells run(Path spec, Path output) throws Exception {
        long t0 = System.nanoTime();
        SweepResult r = new SweepRun(SharedSpark.get(), SpecReader.read(spec), SweepOptions.defaults()
                .withProgress(new PrintStream(OutputStream.nullOutputStream()), 60_000)).run();
        System.out.printf("local run (in this JVM, local[2]): %.1f s, %d cells, %d failed%n",
                (System.nanoTime() - t0) / 1e9, r.computed(), r.failed());
        Map<String, CellSnapshot> cells = CellSnapshots.read(SharedSpark.get(), output.resolve("cells").toString());
        assertFalse(cells.isEmpty(), "the local run wrote no cells");
        return new ReferenceCells(cells);
    }

    /** Asserts that the cells under OUTPUT (the run called NAME) are these, each exactly once. */
    void assertSameCells(String name, Path output) {
        List<String> ids = SharedSpark.get().read().parquet(output.resolve("cells").toString()).select("cell_id")
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), name + ": a cell written twice");
        Map<String, CellSnapshot> other = CellSnapshots.read(SharedSpark.get(), output.resolve("cells").toString());
        assertEquals(cells.keySet(), other.keySet(), name + ": cell ids differ from the local run");
        DriftReport diff = new DriftComparison(1e-12).compare("local", cells, name, other);
        assertEquals(List.of(), diff.drifts(), name + " differs from the local run:\n" + diff.toCsv());
        for (String id : cells.keySet()) {
            assertEquals(cells.get(id).status(), other.get(id).status(), name + ": " + id);
        }
    }
}

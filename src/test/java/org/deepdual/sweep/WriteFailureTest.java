package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the output store fails in the middle of a run (a Hadoop file system that refuses part files
 * after a few). The run fails; the cells published before the failure are whole and each once, nothing
 * half-written is visible under cells/, the lock is released; a rerun on the healed store finishes with
 * every cell exactly once, recomputing only what was missing.
 */
class WriteFailureTest {
    @TempDir
    Path dir;

    @BeforeEach
    void register() {
        FailingFileSystem.register(SharedSpark.get().sparkContext().hadoopConfiguration());
    }

    @AfterEach
    void unregister() {
        FailingFileSystem.heal();
        FailingFileSystem.unregister(SharedSpark.get().sparkContext().hadoopConfiguration());
    }

    @Test
    void aWriteFailureMidRunFailsTheRunKeepsCompletedCellsAndARerunFinishes() throws Exception {
        Path out = dir.resolve("out");
        String spec = SweepFixtures.smallSpec(out);
        SweepOptions options = SweepFixtures.quiet().withBatchCells(8).withConcurrency(1);
        SweepSpec parsed = SpecReader.parse(spec, "test.yaml");
        Set<String> expected = SweepGrid.expand(parsed, DataCatalog.build(parsed).fingerprints()).groups().stream()
                .flatMap(g -> Stream.of(g.cellIds())).collect(Collectors.toSet());

        FailingFileSystem.failAfter(dir, 4);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> SweepFixtures.run(spec, options));
        assertTrue(FailingFileSystem.refused() > 0, "the failure was injected: " + chain(failure));
        assertTrue(chain(failure).contains("injected write failure"), "the run fails with the store's error: "
                + chain(failure));
        assertFalse(Files.exists(out.resolve("_lock")), "the failed run released its lock");

        List<String> landed = SweepFixtures.cells(out).stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(landed.size(), new HashSet<>(landed).size(), "no cell twice");
        assertTrue(!landed.isEmpty() && landed.size() < expected.size(),
                "failed midway: " + landed.size() + " of " + expected.size());
        assertTrue(expected.containsAll(landed));
        assertEquals(List.of(), partialFiles(out.resolve("cells")), "nothing half-written under cells/");

        FailingFileSystem.heal();
        SweepResult rerun = SweepFixtures.run(spec, options);
        List<String> ids = SweepFixtures.cells(out).stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(expected.size(), ids.size(), "every cell exactly once");
        assertEquals(expected, new HashSet<>(ids));
        assertEquals(landed.size(), rerun.alreadyDone(), "the cells that landed are kept");
        assertEquals(expected.size() - landed.size(), rerun.computed(), "only the missing cells run");
        assertFalse(Files.exists(out.resolve("_staging")), "staging is cleaned up");
    }

    /** Files a reader of cells/ would pick up although they are not whole published part files. */
    static List<String> partialFiles(Path cells) throws IOException {
        try (Stream<Path> s = Files.walk(cells)) {
            return s.filter(Files::isRegularFile).map(p -> cells.relativize(p).toString())
                    .filter(p -> !p.endsWith(".parquet") && !p.endsWith(".crc") || p.contains("_temporary")
                            || p.contains("/.") && !p.endsWith(".crc"))
                    .toList();
        }
    }

    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}

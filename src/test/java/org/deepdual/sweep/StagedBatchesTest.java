package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of staging left by a killed run, at the two moments a kill can hit: before a batch was
 * marked committed (its files are dropped) and after (its files are published, also when the kill
 * came halfway through publishing).
 */
class StagedBatchesTest {
    @TempDir
    Path dir;

    private static void part(Path batch, String setting, String name) throws Exception {
        Path p = batch.resolve("cells").resolve("setting=" + setting).resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, name);
    }

    private static List<String> published(Path out) throws Exception {
        if (!Files.exists(out.resolve("cells"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(out.resolve("cells"))) {
            // the local file system moves a part file's hidden .crc companion with it
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).map(p -> out.resolve("cells").relativize(p).toString()).sorted()
                    .toList();
        }
    }

    @Test
    void committedBatchesArePublishedAndUncommittedOnesDropped() throws Exception {
        Path out = dir.resolve("out");
        SweepOutput o = SweepOutput.resolve(out.toString(), new Configuration(), "o");
        StagedBatches staged = new StagedBatches(o);
        Path committed = out.resolve("_staging/rA/batch-00000");
        part(committed, "bn", "part-00000.parquet");
        part(committed, "linear", "part-00001.parquet");
        Files.createDirectories(committed.resolve("cells/_temporary/0"));
        Files.writeString(committed.resolve("cells/_SUCCESS"), "");
        Files.writeString(committed.resolve(StagedBatches.COMMITTED), "");
        Path halfPublished = out.resolve("_staging/rA/batch-00001");
        part(halfPublished, "bn", "part-00002.parquet");
        Files.writeString(halfPublished.resolve(StagedBatches.COMMITTED), "");
        Files.createDirectories(out.resolve("cells/setting=bn"));
        Files.writeString(out.resolve("cells/setting=bn/rA-batch-00001-part-00003.parquet"), "already moved");
        Path uncommitted = out.resolve("_staging/rB/batch-00000");
        part(uncommitted, "bn", "part-00009.parquet");

        assertEquals(2, staged.recover());
        assertEquals(List.of("setting=bn/rA-batch-00000-part-00000.parquet",
                "setting=bn/rA-batch-00001-part-00002.parquet", "setting=bn/rA-batch-00001-part-00003.parquet",
                "setting=linear/rA-batch-00000-part-00001.parquet"), published(out));
        assertFalse(Files.exists(out.resolve("_staging/rA")));
        assertFalse(Files.exists(out.resolve("_staging/rB")), "uncommitted staging is deleted");
        assertEquals(0, staged.recover(), "recovery is idempotent");
    }

    @Test
    void publishingMovesOnlyDataFilesUnderUniqueNames() throws Exception {
        Path out = dir.resolve("out2");
        SweepOutput o = SweepOutput.resolve(out.toString(), new Configuration(), "o");
        StagedBatches staged = new StagedBatches(o);
        Path b = staged.batch("rC", 3).toUri().getPath().transform(Path::of);
        part(b, "bn", "part-00000.parquet");
        part(b, "bn", ".part-00000.parquet.crc");
        Files.writeString(b.resolve("cells/_SUCCESS"), "");
        staged.markCommitted(staged.batch("rC", 3));
        assertEquals(1, staged.publish(staged.batch("rC", 3), "rC-b00003"));
        assertEquals(List.of("setting=bn/rC-b00003-part-00000.parquet"), published(out));
        assertTrue(Files.notExists(b));
    }
}

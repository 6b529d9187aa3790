package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault tests of the local commit path, on the S3 server with S3A's magic committer: a task that dies
 * after writing its cells file and is retried (the retry's file is the only one visible), and the store
 * failing mid-run (the {@link WriteFailureTest} scenario: the run fails, what landed is whole and once, the
 * lock is released, the rerun completes). Each ends with every cell exactly once and the values of a local
 * run of the same spec. The killed driver is in {@link S3CommitTest}; a killed executor, which needs a
 * cluster, in org.deepdual.deploy.ClusterS3FaultsIT.
 */
class S3FaultsTest {
    @TempDir
    Path dir;

    static S3Server s3;

    @BeforeAll
    static void server() {
        s3 = S3Server.get();
        s3.configure(SharedSpark.get().sparkContext().hadoopConfiguration());
    }

    @AfterEach
    void unregister() {
        FailingS3AFileSystem.heal();
        FailingS3AFileSystem.unregister(SharedSpark.get().sparkContext().hadoopConfiguration());
    }

    @Test
    void aTaskThatFailsAfterWritingItsFileIsRetriedAndOnlyTheRetryIsVisible() throws Exception {
        String s3out = s3.location("retried");
        String specText = S3CommitTest.spec(s3out);
        Path specFile = dir.resolve("retried.yaml");
        Files.writeString(specFile, specText);
        Path log = dir.resolve("child.log");
        // local[2,2]: a task may fail once and is retried; the first attempts of two cells writes fail at close
        Process child = S3CommitTest.childSweep(specFile, log, "local[2,2]",
                "-Dspark.hadoop.fs.s3a.impl=" + FailingS3AFileSystem.class.getName(),
                "-D" + FailingS3AFileSystem.FAIL_FIRST_ATTEMPTS + "=2");
        if (!child.waitFor(240, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the sweep did not finish in 240 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), "the retried tasks succeeded and so did the run:\n" + output);
        long injected = output.lines().filter(l -> l.contains("injected task failure after writing")).count();
        assertTrue(injected >= 2, "Spark reported the two failed attempts:\n" + output);
        S3CommitTest.assertSecretNowhere(output, "the child's output");

        assertEqualsALocalRun(specText, s3out, "retried");
        FileSystem fs = FileSystem.get(URI.create(s3out), SharedSpark.get().sparkContext().hadoopConfiguration());
        assertEquals(List.of(), hiddenOrForeign(S3CommitTest.keys(fs, s3out + "/cells")),
                "only whole published part files under cells/");
    }

    @Test
    void aWriteFailureMidRunFailsTheRunKeepsWhatLandedAndARerunFinishes() throws Exception {
        Configuration conf = SharedSpark.get().sparkContext().hadoopConfiguration();
        String s3out = s3.location("refused");
        String specText = S3CommitTest.spec(s3out);
        SweepOptions options = SweepFixtures.quiet().withBatchCells(8).withConcurrency(1);
        Set<String> expected = expectedIds(specText);

        FailingS3AFileSystem.register(conf);
        FailingS3AFileSystem.failAfter(4);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> SweepFixtures.run(specText, options));
        assertTrue(FailingS3AFileSystem.refused() > 0, "the failure was injected: " + WriteFailureTest.chain(failure));
        assertTrue(WriteFailureTest.chain(failure).contains("injected write failure"),
                "the run fails with the store's error: " + WriteFailureTest.chain(failure));
        FailingS3AFileSystem.unregister(conf);

        FileSystem fs = FileSystem.get(URI.create(s3out), conf);
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(s3out + "/_lock")), "the failed run released its lock");
        Set<String> landed = S3CommitTest.values(SharedSpark.get(), s3out + "/cells").keySet(); // fails on a twice
        assertTrue(!landed.isEmpty() && landed.size() < expected.size(),
                "failed midway: " + landed.size() + " of " + expected.size());
        assertTrue(expected.containsAll(landed));
        assertEquals(List.of(), hiddenOrForeign(S3CommitTest.keys(fs, s3out + "/cells")).stream()
                .filter(k -> !k.contains("__magic")).toList(), "nothing half-written is visible under cells/");

        SweepResult rerun = SweepFixtures.run(specText, options);
        assertEquals(landed.size(), rerun.alreadyDone(), "the cells that landed are kept");
        assertEquals(expected.size() - landed.size(), rerun.computed(), "only the missing cells run");
        assertEqualsALocalRun(specText, s3out, "refused");
        assertEquals(List.of(), hiddenOrForeign(S3CommitTest.keys(fs, s3out + "/cells")),
                "the rerun removed the failed run's __magic directories");
    }

    /** Every cell exactly once, with the values and trajectory points of a local run of the same spec. */
    private void assertEqualsALocalRun(String specText, String s3out, String name) {
        SparkSession spark = SharedSpark.get();
        Path local = dir.resolve("local-" + name);
        SweepFixtures.run(specText.replace("output: " + s3out, "output: " + local), SweepFixtures.quiet());
        Map<String, String> remote = S3CommitTest.values(spark, s3out + "/cells");
        assertEquals(expectedIds(specText), remote.keySet(), "every cell exactly once");
        assertEquals(S3CommitTest.values(spark, local.resolve("cells").toString()), remote,
                "the values of a local run");
        assertEquals(spark.read().parquet(local.resolve("trajectories").toString()).count(),
                spark.read().parquet(s3out + "/trajectories").count(), "the trajectory points of a local run");
    }

    static Set<String> expectedIds(String specText) {
        SweepSpec spec = SpecReader.parse(specText, "test.yaml");
        return SweepGrid.expand(spec, DataCatalog.build(spec).fingerprints()).groups().stream()
                .flatMap(g -> Stream.of(g.cellIds())).collect(Collectors.toSet());
    }

    /** Keys under cells/ other than published part files and the committer's _SUCCESS markers. */
    static List<String> hiddenOrForeign(List<String> cellKeys) {
        return cellKeys.stream().filter(k -> !k.matches("setting=[^/_.][^/]*/part-[^/]+\\.parquet")
                && !k.matches("setting=[^/]+/_SUCCESS")).toList();
    }
}

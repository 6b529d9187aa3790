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
 * run of the same spec; and an executor killed (SIGKILL) mid-sweep on a {@code local-cluster} master (a
 * standalone master and workers inside the sweep's JVM, executors in JVMs of their own): Spark reruns its
 * tasks elsewhere and the run completes. The killed driver is in {@link S3CommitTest}.
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
        Process child = S3CommitTest.childSweep(specFile, log, "local[2,2]", Map.of(),
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
    void anExecutorKilledMidSweepLosesNothingAndLeavesNothingOfItsAttempts() throws Exception {
        String s3out = s3.location("executor");
        // batches of 8 cells one at a time, each task 1.5 s longer (InjectedDelay): time to kill an executor
        String specText = S3CommitTest.spec(s3out)
                + "spark: {spark.deepdual.batch.cells: \"8\", spark.deepdual.batch.concurrency: \"1\"}\n";
        Path specFile = dir.resolve("executor.yaml");
        Files.writeString(specFile, specText);
        Path log = dir.resolve("child.log");
        // the worker builds the executors' command from SPARK_HOME/jars (empty here) and their extra classpath
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars")).getParent();
        Process child = S3CommitTest.childSweep(specFile, log, "local-cluster[2,1,1024]",
                Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                        InjectedDelay.ENV, "1500,0"),
                "-Dspark.executor.extraClassPath=" + System.getProperty("java.class.path"),
                "-Dspark.executor.memory=512m");
        FileSystem fs = FileSystem.get(URI.create(s3out), SharedSpark.get().sparkContext().hadoopConfiguration());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (S3CommitTest.visibleCellFiles(fs, s3out) < 1) {
            if (!child.isAlive()) {
                fail("the sweep ended (exit " + child.exitValue() + ") before the fault:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                fail("no cells landed in 180 s:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        List<ProcessHandle> executors = child.descendants().filter(S3FaultsTest::isExecutor).toList();
        assertFalse(executors.isEmpty(), "executors in JVMs of their own");
        long before = S3CommitTest.values(SharedSpark.get(), s3out + "/cells").size();
        ProcessHandle victim = executors.get(0);
        victim.destroyForcibly();
        victim.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(child.isAlive() && before < expectedIds(specText).size(),
                "killed mid-sweep: " + before + " cells visible");
        if (!child.waitFor(240, TimeUnit.SECONDS)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            fail("the sweep did not finish in 240 s after the kill:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), "the sweep completes without the killed executor:\n" + output);
        S3CommitTest.assertSecretNowhere(output, "the child's output");
        System.out.printf("killed executor %d with %d cells visible%n", victim.pid(), before);

        assertEqualsALocalRun(specText, s3out, "executor");
        List<String> keys = S3CommitTest.keys(fs, s3out);
        assertFalse(keys.stream().anyMatch(k -> k.contains("__magic") || k.startsWith("_staging")),
                "no magic or staging leftovers: " + keys);
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

    /** From /proc: ProcessHandle.Info cuts a command line as long as the test classpath short. */
    private static boolean isExecutor(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.ISO_8859_1).contains("CoarseGrainedExecutorBackend");
        } catch (java.io.IOException gone) {
            return false;
        }
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

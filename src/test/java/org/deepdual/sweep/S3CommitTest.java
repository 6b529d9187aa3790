package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results on an object store: sweeps into {@code s3a://} on S3Proxy (127.0.0.1) commit through S3A's magic
 * committer (no rename), equal a local run of the same spec, leave no staging or {@code __magic} keys, and
 * a rerun computes nothing; the secret key is printed, logged and written nowhere.
 */
class S3CommitTest {
    @TempDir
    Path dir;

    static S3Server s3;

    @BeforeAll
    static void server() {
        s3 = S3Server.get();
        // what spark.hadoop.fs.s3a.* sets on a real run
        s3.configure(SharedSpark.get().sparkContext().hadoopConfiguration());
    }

    /** smallSpec with L-BFGS baselines, so that trajectories/ is written too. */
    static String spec(String output) {
        return SweepFixtures.smallSpec(Path.of("/placeholder")).replace("output: /placeholder", "output: " + output)
                + "baseline: {optimizer: lbfgs, fraction: 1.0, iters: 20, record_every: 5}\n";
    }

    @Test
    void aSweepIntoS3CommitsWithTheMagicCommitterAndEqualsALocalRun() throws Exception {
        String s3out = s3.location("equal");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SweepOptions options = SweepOptions.defaults().withProgress(new PrintStream(progress, true), 60_000)
                .withBatchCells(16).withConcurrency(2);
        SweepResult remote;
        try (CapturedOutput captured = CapturedOutput.start()) {
            remote = SweepFixtures.run(spec(s3out), options);
            assertSecretNowhere(captured.text() + progress.toString(StandardCharsets.UTF_8), "logs, stdout, stderr");
        }
        SweepResult local = SweepFixtures.run(spec(dir.resolve("local").toString()), options);
        assertEquals(local.totalCells(), remote.computed());

        SparkSession spark = SharedSpark.get();
        assertEquals(values(spark, dir.resolve("local").resolve("cells").toString()), values(spark, s3out + "/cells"),
                "the same cells with the same values");
        assertEquals(spark.read().parquet(dir.resolve("local").resolve("trajectories").toString()).count(),
                spark.read().parquet(s3out + "/trajectories").count(), "the same trajectory points");
        assertTrue(spark.read().parquet(s3out + "/trajectories").count() > 0, "baselines recorded trajectories");

        FileSystem fs = FileSystem.get(URI.create(s3out), SharedSpark.get().sparkContext().hadoopConfiguration());
        List<String> keys = keys(fs, s3out);
        assertFalse(keys.stream().anyMatch(k -> k.startsWith("_staging") || k.contains("__magic")),
                "no staging, no magic leftovers: " + keys);
        List<String> success = keys.stream().filter(k -> k.startsWith("cells/") && k.endsWith("/_SUCCESS")).toList();
        assertFalse(success.isEmpty(), "the committer marked its jobs: " + keys);
        for (String k : success) {
            String manifest = read(fs, s3out + "/" + k, StandardCharsets.UTF_8);
            assertTrue(manifest.matches("(?s).*\"committer\"\\s*:\\s*\"magic\".*"), "S3A's magic committer wrote "
                    + k + ": " + manifest);
        }
        assertEquals(0, SweepFixtures.run(spec(s3out), options).computed(), "a rerun finds every cell done");

        for (String k : keys(fs, s3out)) {
            assertSecretNowhere(read(fs, s3out + "/" + k, StandardCharsets.ISO_8859_1), "output file " + k);
        }
        assertSecretNowhere(Files.readString(s3.log(), StandardCharsets.ISO_8859_1), "the server's log");
    }

    @Test
    void aKilledDriverLeavesNoPartialResultAndTheRerunCompletesEveryCellOnce() throws Exception {
        String s3out = s3.location("killed");
        String specText = SweepKillTest.spec(Path.of("/placeholder"))
                .replace("output: /placeholder", "output: " + s3out);
        Path specFile = dir.resolve("killed.yaml");
        Files.writeString(specFile, specText);
        Path log = dir.resolve("child.log");
        Process child = childSweep(specFile, log);
        FileSystem fs = FileSystem.get(URI.create(s3out), SharedSpark.get().sparkContext().hadoopConfiguration());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (visibleCellFiles(fs, s3out) < 2) {
            if (!child.isAlive()) {
                fail("the child sweep ended (exit " + child.exitValue() + ") before it could be killed:\n"
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("no cells landed in 180 s:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the child is gone");
        assertSecretNowhere(Files.readString(log, StandardCharsets.ISO_8859_1), "the child's output");

        SparkSession spark = SharedSpark.get();
        int landed = values(spark, s3out + "/cells").size();
        SweepSpec spec = SpecReader.parse(specText, "killed.yaml");
        Set<String> expected = SweepGrid.expand(spec, DataCatalog.build(spec).fingerprints()).groups().stream()
                .flatMap(g -> Stream.of(g.cellIds())).collect(Collectors.toSet());
        assertTrue(landed > 0 && landed < expected.size(), "killed midway: " + landed + " of " + expected.size());

        SweepResult rerun = SweepFixtures.run(specText, SweepFixtures.quiet());
        assertEquals(expected.size() - landed, rerun.computed(), "the rerun solves only the missing cells");
        assertEquals(expected, values(spark, s3out + "/cells").keySet(), "every cell exactly once");
        List<String> keys = keys(fs, s3out);
        assertFalse(keys.stream().anyMatch(k -> k.contains("__magic") || k.startsWith("_staging")),
                "the rerun removed the killed run's leftovers: " + keys);
    }

    static long visibleCellFiles(FileSystem fs, String root) throws IOException {
        if (!fs.exists(new org.apache.hadoop.fs.Path(root + "/cells"))) {
            return 0;
        }
        return keys(fs, root + "/cells").stream().filter(k -> k.endsWith(".parquet") && !k.contains("__magic"))
                .count();
    }

    private static Process childSweep(Path specFile, Path log) throws IOException {
        return childSweep(specFile, log, "local[2]", Map.of());
    }

    /**
     * {@code deepdual sweep} in a child JVM: the endpoint as spark.hadoop.* properties, keys from the environment;
     * {@code env} is added to the child's environment and {@code jvmFlags} to its JVM flags. Cells only: the
     * reducer is not what these tests are about.
     */
    static Process childSweep(Path specFile, Path log, String master, Map<String, String> env, String... jvmFlags)
            throws IOException {
        S3Server server = S3Server.get();
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + java.io.File.separator + "bin" + java.io.File.separator + "java");
        cmd.addAll(SweepKillTest.childJvmFlags());
        cmd.addAll(List.of(jvmFlags));
        server.connection().forEach((k, v) -> cmd.add("-Dspark.hadoop." + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.deepdual.cli.Main", "sweep",
                specFile.toString(), "--master", master, "--no-reduce"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("AWS_ACCESS_KEY_ID", server.accessKey);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", server.secretKey);
        pb.environment().putAll(env);
        return pb.start();
    }

    static String read(FileSystem fs, String path, java.nio.charset.Charset charset) throws IOException {
        try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), charset);
        }
    }

    static void assertSecretNowhere(String text, String where) {
        assertFalse(text.contains(S3Server.get().secretKey), "the secret key appears in " + where);
    }

    /** cell_id → the row's results (not what differs between runs: run id, times, host). */
    static Map<String, String> values(SparkSession spark, String cells) {
        Map<String, String> byId = new TreeMap<>();
        for (Row r : spark.read().parquet(cells).select(CellSchema.CELL_ID, CellSchema.SETTING, CellSchema.BETA,
                CellSchema.STATUS, CellSchema.PRIMAL, CellSchema.DUAL, CellSchema.GAP, CellSchema.ITERATIONS,
                CellSchema.BASELINE_OBJECTIVE).collectAsList()) {
            String id = r.getAs(CellSchema.CELL_ID);
            assertFalse(byId.containsKey(id), "cell " + id + " twice");
            byId.put(id, r.toString());
        }
        return byId;
    }

    static List<String> keys(FileSystem fs, String root) throws IOException {
        List<String> keys = new ArrayList<>();
        org.apache.hadoop.fs.Path rootPath = fs.makeQualified(new org.apache.hadoop.fs.Path(root));
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootPath, true);
        while (it.hasNext()) {
            keys.add(rootPath.toUri().relativize(it.next().getPath().toUri()).getPath());
        }
        return keys;
    }
}

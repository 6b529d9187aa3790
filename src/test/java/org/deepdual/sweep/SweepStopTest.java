package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
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
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A graceful stop: {@code deepdual sweep} in a child JVM gets SIGTERM after some batches landed. It
 * commits what finished, releases its lock, prints one line saying how many cells are saved, exits 143
 * with no stack trace, and the same command rerun runs only the missing cells, each exactly once. On local
 * disk (staging and renames) and on the S3 server (S3A's magic committer).
 */
class SweepStopTest {
    private static final Pattern STOPPED =
            Pattern.compile("(?m)^stopped: (\\d+) of (\\d+) cells saved; rerun the same command to continue$");

    @TempDir
    Path dir;

    /** SweepKillTest's grid, cut by work: batches of about a second, one in flight, a short grace. */
    private static String spec(String out) {
        return SweepKillTest.spec(Path.of("/placeholder")).replace("output: /placeholder", "output: " + out).replace("seeds: [0, 1, 2]", "seeds: [0]").replace(
                "spark: {spark.deepdual.batch.cells: \"8\", spark.deepdual.batch.concurrency: \"1\"}",
                "spark: {spark.deepdual.batch.seconds: \"1\", spark.deepdual.batch.concurrency: \"1\","
                        + " spark.deepdual.stop.graceSeconds: \"20\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void sigtermSavesWhatFinishedAndTheRerunCompletesTheGridExactlyOnce(String store) throws Exception {
        boolean s3 = store.equals("s3");
        org.apache.hadoop.conf.Configuration conf = SharedSpark.get().sparkContext().hadoopConfiguration();
        if (s3) {
            S3Server.get().configure(conf);
        }
        String out = s3 ? S3Server.get().location("stopped") : dir.resolve("out").toString();
        FileSystem fs = FileSystem.get(URI.create(out), conf);
        Path specFile = dir.resolve("stopped.yaml");
        Files.writeString(specFile, spec(out));
        Path stdout = dir.resolve("child.out");
        Path stderr = dir.resolve("child.err");
        // every task sleeps 700 ms, so that the run is still going when the signal comes
        Process child = sweep(specFile, stdout, stderr, "700", s3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (S3CommitTest.visibleCellFiles(fs, out) < 2) {
            if (!child.isAlive()) {
                fail("the child sweep ended (exit " + child.exitValue() + ") before the signal:\n"
                        + Files.readString(stderr));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("no cells landed in 180 s:\n" + Files.readString(stderr));
            }
            Thread.sleep(50);
        }
        child.destroy();   // SIGTERM
        if (!child.waitFor(90, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the stopped sweep did not end within 90 s:\n" + Files.readString(stderr));
        }
        String err = Files.readString(stderr);
        assertEquals(143, child.exitValue(), "SIGTERM's exit status:\n" + err);
        Matcher m = STOPPED.matcher(err);
        assertTrue(m.find(), "the one-line stop message:\n" + err);
        long saved = Long.parseLong(m.group(1));
        long total = Long.parseLong(m.group(2));
        assertTrue(!err.contains("\tat ") && !err.contains("Exception") && !err.contains("internal error"),
                "no stack trace, no error:\n" + err);
        if (s3) {
            S3CommitTest.assertSecretNowhere(err + Files.readString(stdout), "the child's output");
        }
        assertTrue(!fs.exists(new org.apache.hadoop.fs.Path(out, "_lock")), "the lock is released");
        assertTrue(!fs.exists(new org.apache.hadoop.fs.Path(out, "_staging")), "nothing is left staged");

        SweepSpec spec = SpecReader.parse(spec(out), "stopped.yaml");
        Set<String> expected = SweepGrid.expand(spec, DataCatalog.build(spec).fingerprints()).groups().stream()
                .flatMap(g -> Stream.of(g.cellIds())).collect(Collectors.toSet());
        List<String> landed = cellIds(out);
        assertEquals(expected.size(), total, "M is the grid");
        assertEquals(saved, landed.size(), "the cells said saved are the cells in cells/");
        assertEquals(landed.size(), new HashSet<>(landed).size(), "no cell twice");
        assertTrue(saved > 0 && saved < total, "stopped midway with work saved: " + saved + " of " + total);

        Path rerunErr = dir.resolve("rerun.err");
        Process rerun = sweep(specFile, dir.resolve("rerun.out"), rerunErr, null, s3);
        if (!rerun.waitFor(240, TimeUnit.SECONDS)) {
            rerun.destroyForcibly();
            fail("the rerun did not finish in 240 s:\n" + Files.readString(rerunErr));
        }
        String log = Files.readString(rerunErr);
        assertEquals(0, rerun.exitValue(), "the rerun succeeds:\n" + log);
        Matcher r = Pattern.compile("found (\\d+) of (\\d+) cells done, ran (\\d+) ").matcher(log);
        assertTrue(r.find(), "the rerun says what it found done and what it ran:\n" + log);
        assertEquals(saved, Long.parseLong(r.group(1)), "N is what the stop saved: " + r.group());
        assertEquals(total, Long.parseLong(r.group(1)) + Long.parseLong(r.group(3)), "N + K = M: " + r.group());
        List<String> ids = cellIds(out);
        assertEquals(expected.size(), ids.size(), "every cell exactly once");
        assertEquals(expected, new HashSet<>(ids));
        System.out.printf("%s: SIGTERM saved %d of %d cells; the rerun %s%n", store, saved, total, r.group());
    }

    private static List<String> cellIds(String out) {
        return SharedSpark.get().read().parquet(out + "/cells").select(CellSchema.CELL_ID).collectAsList().stream()
                .map(r -> r.getString(0)).toList();
    }

    /**
     * {@code deepdual sweep SPEC} in a child JVM, each task delayed by {@code delayMillis} when not null; with
     * {@code s3}, S3A pointed at the S3 server (keys in the environment).
     */
    private static Process sweep(Path specFile, Path stdout, Path stderr, String delayMillis, boolean s3)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(SweepKillTest.childJvmFlags());
        if (s3) {
            S3Server.get().connection().forEach((k, v) -> cmd.add("-Dspark.hadoop." + k + "=" + v));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.deepdual.cli.Main", "sweep",
                specFile.toString(), "--master", "local[2]", "--no-report"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        if (s3) {
            pb.environment().put("AWS_ACCESS_KEY_ID", S3Server.get().accessKey);
            pb.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.get().secretKey);
        }
        if (delayMillis != null) {
            pb.environment().put(InjectedDelay.ENV, delayMillis);
        } else {
            pb.environment().remove(InjectedDelay.ENV);
        }
        return pb.start();
    }
}

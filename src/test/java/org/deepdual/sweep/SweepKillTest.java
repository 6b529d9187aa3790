package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under interruption: a sweep started with {@code deepdual sweep} in a child JVM is
 * killed (SIGKILL) after some batches landed; what it left visible is whole files only, readable with no
 * duplicates, and the same command rerun takes over its stale lock, runs only the missing cells (its
 * log says how many it found done and how many it ran) and ends with every cell exactly once.
 */
class SweepKillTest {
    @TempDir
    Path dir;

    static String spec(Path out) {
        return String.join("\n",
                "name: killed",
                "output: " + out,
                SweepFixtures.MIX_DATA,
                SweepFixtures.RANK_ONE_DATA,
                SweepFixtures.bnAndRankOneSettings("[3, 4]", "[2, 3, 4, 5]"),
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 8}",
                "seeds: [0, 1, 2]",
                "spark: {spark.deepdual.batch.cells: \"8\", spark.deepdual.batch.concurrency: \"1\"}",
                "");
    }

    static List<String> childJvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-XX:+IgnoreUnrecognized")
                    || a.startsWith("-Dio.netty")) {
                flags.add(a);
            }
        }
        flags.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        return flags;
    }

    @Test
    void killedRunThenTheSameCommandRerunRunsOnlyTheMissingCellsExactlyOnce() throws Exception {
        Path out = dir.resolve("out");
        Path specFile = dir.resolve("killed.yaml");
        Files.writeString(specFile, spec(out));
        Process child = sweep(specFile, dir.resolve("child.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (SweepFixtures.publishedParts(out) < 3) {
            if (!child.isAlive()) {
                fail("the child sweep ended (exit " + child.exitValue() + ") before it could be killed:\n"
                        + Files.readString(dir.resolve("child.log")));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("no cells landed in 180 s:\n" + Files.readString(dir.resolve("child.log")));
            }
            Thread.sleep(50);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is gone");
        assertTrue(Files.exists(out.resolve("_lock")), "the killed run left its lock");
        assertNoPartialFileVisible(out);

        SweepSpec spec = SpecReader.parse(spec(out), "killed.yaml");
        Set<String> expected = SweepGrid.expand(spec, DataCatalog.build(spec).fingerprints()).groups().stream()
                .flatMap(g -> Stream.of(g.cellIds())).collect(Collectors.toSet());
        List<String> landed = SweepFixtures.cells(out).stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(landed.size(), new HashSet<>(landed).size(), "no cell twice after the kill");
        assertTrue(landed.size() < expected.size(), "killed midway: " + landed.size() + " of " + expected.size());
        assertTrue(expected.containsAll(landed));

        // the same command again: it takes over the stale lock, publishes what the killed run had committed
        // in staging, and says what it found done and what it ran
        Path rerunLog = dir.resolve("rerun.log");
        Process rerun = sweep(specFile, rerunLog);
        if (!rerun.waitFor(240, TimeUnit.SECONDS)) {
            rerun.destroyForcibly();
            fail("the rerun did not finish in 240 s:\n" + Files.readString(rerunLog));
        }
        String log = Files.readString(rerunLog);
        assertEquals(0, rerun.exitValue(), "the rerun succeeds:\n" + log);
        Matcher m = Pattern.compile("found (\\d+) of (\\d+) cells done, ran (\\d+) ").matcher(log);
        assertTrue(m.find(), "the rerun's log says what it found done and what it ran:\n" + log);
        long found = Long.parseLong(m.group(1));
        long grid = Long.parseLong(m.group(2));
        long ran = Long.parseLong(m.group(3));
        assertEquals(expected.size(), grid, "M is the grid");
        assertTrue(found >= landed.size() && found > 0, "N counts at least the " + landed.size()
                + " cells that were visible after the kill: " + m.group());
        assertEquals(grid, found + ran, "only the missing cells ran: " + m.group());
        assertTrue(ran > 0, "the kill left cells to run: " + m.group());
        System.out.printf("killed with %d of %d cells visible; the rerun %s%n", landed.size(), grid, m.group());

        List<Row> rows = SweepFixtures.cells(out);
        List<String> ids = rows.stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(expected.size(), ids.size(), "every cell exactly once");
        assertEquals(expected, new HashSet<>(ids));
        assertTrue(!Files.exists(out.resolve("_staging")), "staging is cleaned up");
        assertTrue(!Files.exists(out.resolve("_lock")), "the rerun released the lock");
        assertNoPartialFileVisible(out);
        assertEquals(0, SweepFixtures.run(spec(out), SweepFixtures.quiet()).computed(), "and then nothing is missing");
    }

    /** {@code deepdual sweep SPEC --master local[2]} in a child JVM with this test's classpath, output in LOG. */
    private static Process sweep(Path specFile, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.deepdual.cli.Main", "sweep",
                specFile.toString(), "--master", "local[2]", "--no-report"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /**
     * What a reader of OUTPUT can see (Spark and Hadoop skip names starting with "_" or ".", so
     * {@code _staging/}, {@code _lock} and hidden temporaries are not visible) holds only whole files: no
     * commit-protocol leftovers ({@code _temporary/}) outside {@code _staging/}, every Parquet file with its
     * header and footer magic, cell files only under the names publication gives them, and the spec as written.
     */
    private static void assertNoPartialFileVisible(Path out) throws IOException {
        List<Path> visible;
        List<String> all;
        try (Stream<Path> walk = Files.walk(out)) {
            all = walk.filter(p -> !p.equals(out)).map(p -> out.relativize(p).toString()).toList();
        }
        for (String rel : all) {
            // outside staging, the commit protocol leaves nothing behind: only _SUCCESS markers, the lock and
            // Spark's event logs (_events/, hidden from readers like _staging/; a killed run's log stays .inprogress)
            if (rel.equals("_lock") || rel.equals("_staging") || rel.startsWith("_staging/") || rel.equals("_events")
                    || rel.startsWith("_events/")) {
                continue;
            }
            for (String part : rel.split("/")) {
                assertTrue(!part.startsWith("_") || part.equals("_SUCCESS"),
                        "a commit leftover outside staging: " + rel);
            }
        }
        visible = all.stream().filter(rel -> Stream.of(rel.split("/"))
                .noneMatch(part -> part.startsWith("_") || part.startsWith("."))).map(out::resolve).toList();
        assertTrue(visible.stream().anyMatch(p -> p.toString().endsWith(".parquet")), "some results are visible");
        for (Path p : visible) {
            String rel = out.relativize(p).toString();
            assertTrue(!rel.contains("temporary") && !rel.contains(".tmp") && !rel.contains("inprogress"),
                    "a commit leftover is visible: " + rel);
            if (Files.isDirectory(p)) {
                continue;
            }
            if (rel.endsWith(".parquet")) {
                byte[] b = Files.readAllBytes(p);
                String head = new String(b, 0, Math.min(4, b.length), java.nio.charset.StandardCharsets.US_ASCII);
                String tail = new String(b, Math.max(0, b.length - 4), Math.min(4, b.length),
                        java.nio.charset.StandardCharsets.US_ASCII);
                assertTrue(head.equals("PAR1") && tail.equals("PAR1"), "a partial Parquet file is visible: " + rel);
                if (rel.startsWith("cells/")) {
                    assertTrue(p.getFileName().toString().matches("r\\d{8}T\\d{6}Z-[0-9a-f]{6}-b\\d{5}-part-.+"),
                            "a cell file not put there by publication: " + rel);
                }
            } else if (rel.equals("spec.yaml") || rel.matches("spec-r.*\\.yaml")) {
                assertEquals(spec(out), Files.readString(p), "the spec is whole: " + rel);
            } else if (rel.equals("summary.csv")) {
                String csv = Files.readString(p);
                assertTrue(csv.lines().count() > 1 && csv.endsWith("\n"), "summary.csv is whole");
            } else {
                fail("an unexpected file is visible in the output: " + rel);
            }
        }
    }
}

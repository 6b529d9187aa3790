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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under interruption: a sweep started with {@code deepdual sweep} in a child JVM is
 * killed (SIGKILL) after some batches landed; what it left is readable with no duplicates, and a
 * rerun takes over its stale lock and ends with every cell exactly once.
 */
class SweepKillTest {
    @TempDir
    Path dir;

    static String spec(Path out) {
        return String.join("\n",
                "name: killed",
                "output: " + out,
                "data:",
                "  - name: mix",
                "    generator: mixture",
                "    n: 12",
                "    d: 4",
                "    classes: 3",
                "    seed: 3",
                "  - name: r1",
                "    generator: rank-one",
                "    n: 8",
                "    d: 3",
                "    seed: 2",
                "settings:",
                "  - name: bn",
                "    variant: [relu, linear]",
                "    data: [mix]",
                "    depth: [3, 4]",
                "  - name: relu-rank1",
                "    data: [r1]",
                "    depth: [2, 3, 4, 5]",
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

    static long cellFiles(Path out) throws IOException {
        Path cells = out.resolve("cells");
        if (!Files.exists(cells)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(cells)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void killedRunThenRerunLeavesEveryCellExactlyOnce() throws Exception {
        Path out = dir.resolve("out");
        Path specFile = dir.resolve("killed.yaml");
        Files.writeString(specFile, spec(out));
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.deepdual.cli.Main", "sweep",
                specFile.toString(), "--master", "local[2]"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log")
                .toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process child = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (cellFiles(out) < 3) {
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

        SweepSpec spec = SpecReader.parse(spec(out), "killed.yaml");
        Set<String> expected = SweepGrid.expand(spec, DataCatalog.build(spec).fingerprints()).groups().stream()
                .flatMap(g -> Stream.of(g.cellIds())).collect(Collectors.toSet());
        List<String> landed = SweepFixtures.cells(out).stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(landed.size(), new HashSet<>(landed).size(), "no cell twice after the kill");
        assertTrue(landed.size() < expected.size(), "killed midway: " + landed.size() + " of " + expected.size());
        assertTrue(expected.containsAll(landed));

        SweepResult rerun = SweepFixtures.run(spec(out), SweepFixtures.quiet());
        List<Row> rows = SweepFixtures.cells(out);
        List<String> ids = rows.stream().map(r -> r.<String>getAs("cell_id")).toList();
        assertEquals(expected.size(), ids.size(), "every cell exactly once");
        assertEquals(expected, new HashSet<>(ids));
        assertTrue(rerun.alreadyDone() >= landed.size(), "cells that landed are not recomputed");
        assertEquals(expected.size() - rerun.alreadyDone(), rerun.computed());
        assertTrue(!Files.exists(out.resolve("_staging")), "staging is cleaned up");
        assertEquals(0, SweepFixtures.run(spec(out), SweepFixtures.quiet()).computed(), "and then nothing is missing");
    }
}

package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepdual.sweep.SweepFixtures;

/**
 * A sweep submitted in the background through deploy/bin/submit (standalone profile, client mode, cells
 * only) to a loopback cluster, so that a fault test can act on the cluster while it runs. Its output goes
 * to STATE/logs/submit-NAME.log.
 */
record ClusterSweep(String name, Process process, Path log) {

    /** Submits SPEC to the master MASTER_URL of the cluster whose state is STATE, with the Spark settings CONFS. */
    static ClusterSweep submit(Path root, Path state, String masterUrl, int restPort, String name, Path spec,
            String... confs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("deploy/bin/submit", "--profile", "standalone", "--master",
                masterUrl, "--deploy-mode", "client", "--conf", "deepdual.rest.url=http://127.0.0.1:" + restPort));
        for (String c : confs) {
            cmd.addAll(List.of("--conf", c));
        }
        cmd.add(spec.toString());
        // the faults concern the cells; the reducer runs on the cluster in StandaloneClusterIT's first test
        cmd.add("--no-reduce");
        Path log = state.resolve("logs/submit-" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("DEEPDUAL_STANDALONE_DIR", state.toString());
        return new ClusterSweep(name, pb.start(), log);
    }

    /** Waits (at most 5 minutes) for the sweep to end and asserts that it succeeded. */
    void assertSucceeded() throws Exception {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish in 5 minutes; see " + log);
        }
        assertEquals(0, process.exitValue(), name + " failed:\n" + ProjectScripts.tail(Files.readString(log)));
    }

    /** Waits (at most 3 minutes) until OUTPUT/cells holds AT_LEAST part files; fails if the sweep ends first. */
    void waitForParts(Path output, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (SweepFixtures.publishedParts(output) < atLeast) {
            assertTrue(process.isAlive(), name + ": the sweep ended before the fault could be injected");
            assertTrue(System.nanoTime() < deadline, name + ": no progress in 3 minutes");
            Thread.sleep(100);
        }
    }
}

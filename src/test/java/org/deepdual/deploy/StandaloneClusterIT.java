package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Spark standalone cluster on loopback, started and stopped by deploy/standalone/start and stop:
 * the quickstart sweep submitted through deploy/bin/submit in client mode and in cluster mode gives the
 * same cells as a local run (in this JVM, local[2]) (same cell ids; values, gaps, ranks and NC metrics equal to 1e-12), and a
 * cluster-mode driver that fails makes submit fail although spark-submit itself exits 0; last, a worker
 * decommissioned mid-sweep loses no committed cell (issue 18).
 *
 * <p>Two workers with two cores each: in cluster mode the driver holds one core, so the sweep still gets
 * two executors. Everything started here is stopped by the PIDs the scripts recorded, in {@link #stopCluster}
 * and, should the JVM be torn down first, by a shutdown hook.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final ProjectBuild BUILD = ProjectBuild.read();
    private static final Path STATE = BUILD.root().resolve("target/it-standalone");
    private static final LoopbackStandalone CLUSTER = new LoopbackStandalone(BUILD.root(), STATE);
    private static final Path QUICKSTART = BUILD.root().resolve(System.getProperty("deepdual.it.spec", "jobs/quickstart.yaml"));
    private static final long STARTED = System.nanoTime();
    private static final int IT_BETA_COUNT = 8;
    private static Thread stopHook;
    private static String masterUrl;
    private static int webUiPort;
    private static int restPort;

    @BeforeAll
    static void startCluster() throws Exception {
        CLUSTER.stopQuietly();   // a previous run of this test killed before its clean-up (by recorded PIDs only)
        stopHook = new Thread(CLUSTER::stopQuietly, "stop-standalone-cluster");
        Runtime.getRuntime().addShutdownHook(stopHook);
        int[] ports = LoopbackStandalone.freePorts(3);
        webUiPort = ports[1];
        restPort = ports[2];
        ProjectScripts.Run start = CLUSTER.run("start", Map.of(), 10, "deploy/standalone/start", "--dir",
                STATE.toString(), "--workers", "2", "--cores", "2", "--memory", "2g", "--port", Integer.toString(ports[0]),
                "--webui-port", Integer.toString(ports[1]), "--rest-port", Integer.toString(ports[2]), "--timeout", "240");
        assertEquals(0, start.exit(), "deploy/standalone/start failed:\n" + start.tail());
        masterUrl = "spark://127.0.0.1:" + ports[0];
        assertTrue(start.out().contains(masterUrl), start.out());
        assertTrue(masterJson().contains("\"aliveworkers\" : 2"), "two workers registered: " + masterJson());
        System.out.printf("cluster up after %.1f s%n", seconds());
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.stopQuietly();
        if (stopHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway
            }
        }
        System.out.printf("StandaloneClusterIT wall time %.1f s%n", seconds());
    }

    @Test
    @Order(1)
    void quickstartOnTheClusterGivesTheLocalCells() throws Exception {
        ReferenceCells reference = ReferenceCells.run(specCopy("local"), STATE.resolve("results").resolve("local"));
        Path client = submitSweep("client", "standalone", "client");
        Path cluster = submitSweep("cluster", "standalone", "cluster");
        reference.assertSameCells("client", client);
        reference.assertSameCells("cluster", cluster);
        String json = masterJson();
        assertEquals(2, count(json, "\"name\" : \"deepdual sweep "),
                "the client and cluster runs ran as applications of this master: " + json);
        assertTrue(json.contains("\"mainclass\" : \"org.deepdual.cli.Main\""), json);
    }

    @Test
    @Order(2)
    void aFailingClusterModeDriverFailsTheSubmission() throws Exception {
        ProjectScripts.Run bad = CLUSTER.run("submit-bad", Map.of("DEEPDUAL_STANDALONE_DIR", STATE.toString()), 10,
                "deploy/bin/submit", "--profile", "standalone", "--master", masterUrl, "--deploy-mode", "cluster",
                "--conf", "deepdual.rest.url=" + restUrl(), "--", "no-such-command");
        assertNotEquals(0, bad.exit(), bad.tail());
        assertTrue(bad.out().contains("FAILED"), bad.tail());
        assertTrue(bad.out().contains("Unmatched argument at index 0: 'no-such-command'"),
                "submit shows the driver's error: " + bad.tail());
    }

    /**
     * Issue 18: a worker decommissioned mid-sweep (SIGPWR, as a cloud agent or Kubernetes' preStop hook sends it)
     * while its executor runs a task. The profile's graceful decommissioning lets that task finish there and
     * commit, then removes the executor; the sweep ends on the other worker, every cell exactly once and as in
     * a local run, no task attempt failed (nothing was lost and rerun), and what was published before stays.
     */
    @Test
    @Order(3)
    void aWorkerDecommissionedMidSweepLosesNoCommittedCell() throws Exception {
        Path local = STATE.resolve("results/decommission-local");
        Path out = STATE.resolve("results/decommission");
        Path events = STATE.resolve("events-decommission");
        Path markers = STATE.resolve("markers-decommission");
        for (Path p : List.of(local, out, events, markers)) {
            LoopbackStandalone.deleteTree(p);
        }
        Files.createDirectories(events);
        ReferenceCells reference = ReferenceCells.run(Files.writeString(Files.createDirectories(STATE.resolve(
                "specs/decommission")).resolve("local.yaml"), ClusterFaultsIT.spec(local)), local);
        Path spec = Files.writeString(STATE.resolve("specs/decommission/cluster.yaml"), ClusterFaultsIT.spec(out));
        // no decommission setting here: the standalone profile's are the ones under test
        long submitted = System.nanoTime();
        ClusterSweep sweep = ClusterSweep.submit(BUILD.root(), STATE, masterUrl, restPort, "decommission", spec,
                "spark.cores.max=2", "spark.deepdual.batch.cells=12",
                "spark.executorEnv.DEEPDUAL_TEST_DELAY=2000,0," + markers, "spark.eventLog.enabled=true",
                "spark.eventLog.dir=" + events.toUri(), "spark.eventLog.compress=false");
        // 7 batches: the decommission comes while most of them are still to run, so the executor's removal
        // is logged before the sweep ends
        sweep.waitForParts(out, 1);
        // the worker whose executor starts the next task: the hook's marker names the executor as the attempt
        // starts, before it sleeps its 2 s
        String executorId = nextTaskStart(sweep, markers);
        long worker = -1;
        ProcessHandle executor = null;
        for (String w : List.of("worker1", "worker2")) {
            long pid = Long.parseLong(Files.readString(STATE.resolve("pids/" + w + ".pid")).strip());
            for (ProcessHandle h : ProcessHandle.of(pid).orElseThrow().children().toList()) {
                String cmd = h.info().commandLine().orElse("");
                if (cmd.contains("CoarseGrainedExecutorBackend") && argumentAfter(h, "--executor-id").equals(executorId)) {
                    worker = pid;
                    executor = h;
                }
            }
        }
        assertNotEquals(-1, worker, "no worker runs executor " + executorId);
        Set<Path> publishedBefore = partFiles(out);
        long signalled = System.currentTimeMillis();
        Process pwr = new ProcessBuilder("kill", "-PWR", Long.toString(worker)).inheritIO().start();
        assertEquals(0, pwr.waitFor(), "kill -PWR " + worker);
        executor.onExit().get(3, TimeUnit.MINUTES);
        System.out.printf("decommissioned worker %d %.1f s after the submission, with %d part files published; its "
                + "executor %s left after %.1f s%n", worker, (System.nanoTime() - submitted) / 1e9, publishedBefore.size(),
                executorId, (System.currentTimeMillis() - signalled) / 1e3);
        sweep.assertSucceeded();

        reference.assertSameCells("decommission", out);
        Set<Path> publishedAfter = partFiles(out);
        assertTrue(publishedAfter.containsAll(publishedBefore),
                "a part file published before the decommission is gone: " + publishedBefore + " vs " + publishedAfter);
        assertFalse(Files.exists(out.resolve("_staging")), "staging cleaned up");
        SparkEventLog log = SparkEventLog.read(events);
        assertEquals(List.of(), log.taskEnds().stream().filter(t -> !t.succeeded()).toList(),
                "no task attempt was lost to the decommission");
        SparkEventLog.ExecutorRemoval removal = log.removals().stream().filter(r -> r.executor().equals(executorId))
                .findFirst().orElseThrow(() -> new AssertionError("executor " + executorId + " was not removed: "
                        + log.removals()));
        assertTrue(removal.reason().toLowerCase(java.util.Locale.ROOT).contains("decommission"),
                "removed for the decommission: " + removal);
        List<SparkEventLog.TaskEnd> across = log.taskEnds().stream().filter(t -> t.executor().equals(executorId)
                && t.launched() < signalled && t.finished() > signalled).toList();
        assertFalse(across.isEmpty(), "the task executor " + executorId + " ran when it was told to leave finished there: "
                + log.taskEnds());
        String json = masterJson();
        assertEquals(1, count(json, "\"state\" : \"DECOMMISSIONED\""), "the master shows the worker decommissioned: " + json);
        System.out.printf("decommission: %s; %d task(s) finished on it after the signal%n", removal, across.size());
    }

    /** Waits (at most 2 minutes, while the sweep runs) for a task to start and returns the executor it runs on. */
    private static String nextTaskStart(ClusterSweep sweep, Path markers) throws Exception {
        Set<Path> old = markers(markers);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            assertTrue(sweep.process().isAlive(), "the sweep ended before another task started");
            assertTrue(System.nanoTime() < deadline, "no task started for 2 minutes");
            for (Path m : markers(markers)) {
                String executor = old.contains(m) ? "" : Files.readString(m);
                if (!executor.isEmpty()) {
                    return executor;
                }
            }
            Thread.sleep(20);
        }
    }

    private static Set<Path> markers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toSet());
        }
    }

    private static String argumentAfter(ProcessHandle process, String option) {
        List<String> args = List.of(process.info().arguments().orElse(new String[0]));
        int i = args.indexOf(option);
        assertTrue(i >= 0 && i + 1 < args.size(), option + " in " + args);
        return args.get(i + 1);
    }

    private static Set<Path> partFiles(Path output) throws IOException {
        try (Stream<Path> s = Files.walk(output.resolve("cells"))) {
            return s.filter(f -> f.getFileName().toString().endsWith(".parquet")).collect(Collectors.toSet());
        }
    }

    private static final String QUICKSTART_COPY = "quickstart.yaml";

    /**
     * A copy of the quickstart spec in STATE/specs/NAME/ whose output is STATE/results/NAME (emptied): every
     * setting, data set, depth and seed of the quickstart, on 8 of its beta values, since three runs of the
     * full 40-value grid would take minutes on 2 cores; -Ddeepdual.it.full=true runs them.
     */
    private static Path specCopy(String name) throws IOException {
        Path output = STATE.resolve("results").resolve(name);
        LoopbackStandalone.deleteTree(output);
        return QuickstartSpec.write(QUICKSTART, STATE.resolve("specs").resolve(name).resolve(QUICKSTART_COPY), output,
                Boolean.getBoolean("deepdual.it.full") ? 0 : IT_BETA_COUNT, null);
    }

    /** Runs the quickstart through deploy/bin/submit into OUTPUT = STATE/results/NAME and returns OUTPUT. */
    private static Path submitSweep(String name, String profile, String deployMode) throws Exception {
        Path spec = specCopy(name);
        Path output = STATE.resolve("results").resolve(name);
        // two executor cores in either mode (in cluster mode the driver holds a third): the machine has two
        List<String> cmd = List.of("deploy/bin/submit", "--profile", profile, "--master", masterUrl, "--deploy-mode",
                deployMode, "--conf", "deepdual.rest.url=" + restUrl(), "--conf", "spark.cores.max=2", spec.toString(),
                "--no-report");
        long t0 = System.nanoTime();
        ProjectScripts.Run r = CLUSTER.run("submit-" + name, Map.of("DEEPDUAL_STANDALONE_DIR", STATE.toString()), 10,
                cmd.toArray(String[]::new));
        System.out.printf("%s run: %.1f s, exit %d: %s%n", name, (System.nanoTime() - t0) / 1e9, r.exit(),
                r.out().lines().filter(l -> l.startsWith("submit: ")).findFirst().orElse(""));
        assertEquals(0, r.exit(), name + " run failed:\n" + r.tail());
        assertTrue(Files.isDirectory(output.resolve("cells")), name + ": no cells under " + output + "\n" + r.tail());
        return output;
    }

    private static String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    private static String masterJsonUrl() {
        return "http://127.0.0.1:" + webUiPort + "/json/";
    }

    private static String masterJson() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(masterJsonUrl())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static double seconds() {
        return (System.nanoTime() - STARTED) / 1e9;
    }
}

package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.deepdual.sweep.CellSnapshot;
import org.deepdual.sweep.CellSnapshots;
import org.deepdual.sweep.DriftComparison;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SpecReader;
import org.deepdual.sweep.SweepFixtures;
import org.deepdual.sweep.SweepOptions;
import org.deepdual.sweep.SweepRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 10, faults on a real standalone cluster on loopback (deploy/standalone/start, 2 workers × 2 cores, on
 * the distinct loopback hosts 127.0.0.2 and 127.0.0.3):
 * <ol>
 * <li>speculation on, with one artificially slow task in the run (the executor-side hook
 * {@code DEEPDUAL_TEST_DELAY}, see org.deepdual.sweep.InjectedDelay): Spark's event log shows a speculative
 * copy launched on the other host, and
 * cells/ still holds every cell exactly once;</li>
 * <li>an executor JVM killed with SIGKILL in the middle of a sweep, then a whole worker (and its
 * executors): the sweep completes, every cell exactly once.</li>
 * </ol>
 * In both, the rows equal those of an undisturbed local run (same ids; values, gaps, ranks, NC metrics to
 * 1e-12), and every daemon and executor listens on loopback only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {
    private static final ProjectBuild BUILD = ProjectBuild.read();
    private static final Path STATE = BUILD.root().resolve("target/it-faults");
    private static final LoopbackStandalone CLUSTER = new LoopbackStandalone(BUILD.root(), STATE);
    private static Thread stopHook;
    private static String masterUrl;
    private static int restPort;
    private static Map<String, CellSnapshot> reference;
    private static Set<String> expectedIds;

    static String spec(Path output) {
        return String.join("\n",
                "name: faults",
                "output: " + output,
                SweepFixtures.MIX_DATA,
                SweepFixtures.RANK_ONE_DATA,
                SweepFixtures.bnAndRankOneSettings("[2, 3]", "[2, 3, 4]"),
                "beta: {logspace: [1.0e-2, 1.0e+1], count: 6}",
                "seeds: [0, 1]",
                "");
    }

    @BeforeAll
    static void startClusterAndReference() throws Exception {
        stopHook = new Thread(CLUSTER::stopQuietly, "stop-faults-cluster");
        Runtime.getRuntime().addShutdownHook(stopHook);
        int[] ports = LoopbackStandalone.freePorts(3);
        restPort = ports[2];
        ProjectScripts.Run start = CLUSTER.run("start", Map.of(), 5, "deploy/standalone/start", "--dir",
                STATE.toString(), "--workers", "2", "--cores", "2", "--memory", "2g", "--port", Integer.toString(ports[0]),
                "--webui-port", Integer.toString(ports[1]), "--rest-port", Integer.toString(ports[2]), "--timeout", "240",
                // distinct hosts: Spark never copies a task to a host where an attempt of it already runs
                "--worker-hosts", "127.0.0.2,127.0.0.3");
        assertEquals(0, start.exit(), "deploy/standalone/start failed:\n" + start.out());
        masterUrl = "spark://127.0.0.1:" + ports[0];

        Path local = STATE.resolve("results/undisturbed");
        LoopbackStandalone.deleteTree(local);
        new SweepRun(SharedSpark.get(), SpecReader.parse(spec(local), "faults.yaml"),
                SweepOptions.defaults().withProgress(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                        60_000)).run();
        reference = CellSnapshots.read(SharedSpark.get(), local.resolve("cells").toString());
        expectedIds = reference.keySet();
        assertEquals(84, expectedIds.size(), "the undisturbed run has every cell (bn 48, relu-rank1 36)");
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    @Test
    @Order(1)
    void withSpeculationAndAStragglerEveryCellLandsExactlyOnce() throws Exception {
        Path markers = STATE.resolve("markers-speculation");
        Path events = STATE.resolve("events-speculation");
        LoopbackStandalone.deleteTree(markers);
        LoopbackStandalone.deleteTree(events);
        Files.createDirectories(events);
        Path out = STATE.resolve("results/speculation");
        // the straggler sleeps 20 s through interrupts: killed by the speculative copy's success, it wakes up
        // while the run still goes on (the reducer), as a zombie attempt whose writes must not count
        ClusterSweep p = submit("speculation", out, "spark.speculation=true", "spark.speculation.interval=100ms",
                "spark.speculation.quantile=0.5", "spark.speculation.multiplier=1.2",
                "spark.speculation.minTaskRuntime=200ms", "spark.speculation.efficiency.enabled=false",
                "spark.eventLog.enabled=true", "spark.eventLog.dir=" + events.toUri(), "spark.eventLog.compress=false",
                "spark.executorEnv.DEEPDUAL_TEST_DELAY=200,20000," + markers);
        p.assertSucceeded();
        Path claim = markers.resolve("straggler");
        assertTrue(Files.exists(claim), "one task attempt became the straggler (InjectedDelay)");
        int sweepStage = Integer.parseInt(Files.readString(claim).strip());
        SparkEventLog log = SparkEventLog.read(events);
        assertTrue(log.executorHosts().size() >= 2, "executors on distinct hosts: " + log.executorHosts());
        List<SparkEventLog.TaskAttempt> straggler = log.taskStarts().stream()
                .filter(t -> t.stage() == sweepStage && t.partition() == 0).toList();
        SparkEventLog.TaskAttempt first = straggler.stream().filter(t -> t.attempt() == 0).findFirst()
                .orElseThrow(() -> new AssertionError("no start of the straggler in " + straggler));
        assertTrue(straggler.stream().anyMatch(t -> t.speculative() && !t.host().equals(first.host())),
                "Spark launched a speculative copy of the straggler on another host: " + straggler);
        // which attempt wins is timing (the copy usually does: the straggler sleeps 20 s more); either way two
        // attempts computed the same cells and only one may land
        List<SparkEventLog.TaskAttempt> won = log.successfulEnds().stream()
                .filter(t -> t.stage() == sweepStage && t.partition() == 0).toList();
        assertFalse(won.isEmpty(), "the straggler's partition finished");
        System.out.printf("speculation: straggler of stage %d started %s, succeeded %s%n", sweepStage, straggler, won);
        assertSameCells(out, "speculation");
    }

    @Test
    @Order(2)
    void anExecutorKilledAndThenAWholeWorkerKilledMidSweepLoseNothing() throws Exception {
        Path out = STATE.resolve("results/killed");
        ClusterSweep p = submit("killed", out, "spark.deepdual.batch.cells=12", "spark.executor.memory=512m",
                "spark.executorEnv.DEEPDUAL_TEST_DELAY=1500,0");
        p.waitForParts(out, 1);
        List<ProcessHandle> executors = executors();
        assertFalse(executors.isEmpty(), "executors are running");
        assertLoopbackOnly();
        ProcessHandle victim = executors.get(0);
        victim.destroyForcibly(); // SIGKILL
        victim.onExit().get(30, TimeUnit.SECONDS);
        long afterExecutor = SweepFixtures.publishedParts(out);
        System.out.printf("killed executor %d with %d part files published%n", victim.pid(), afterExecutor);

        p.waitForParts(out, afterExecutor + 1);
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(Files.readString(STATE.resolve("pids/worker2.pid"))
                .strip())).orElseThrow();
        List<ProcessHandle> doomed = new ArrayList<>(worker.descendants().toList());
        doomed.add(worker);
        doomed.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : doomed) {
            h.onExit().get(30, TimeUnit.SECONDS);
        }
        System.out.printf("killed worker2 (%d) and %d of its processes with %d part files published%n", worker.pid(),
                doomed.size() - 1, SweepFixtures.publishedParts(out));
        p.assertSucceeded();
        assertSameCells(out, "killed");
    }

    private static void assertSameCells(Path out, String name) {
        List<Row> rows = SharedSpark.get().read().parquet(out.resolve("cells").toString()).select("cell_id")
                .collectAsList();
        List<String> ids = rows.stream().map(r -> r.getString(0)).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), name + ": no cell twice");
        assertEquals(expectedIds, new HashSet<>(ids), name + ": every cell");
        Map<String, CellSnapshot> cells = CellSnapshots.read(SharedSpark.get(), out.resolve("cells").toString());
        var diff = new DriftComparison(1e-12).compare("undisturbed", reference, name, cells);
        assertEquals(List.of(), diff.drifts(), name + " differs from the undisturbed run:\n" + diff.toCsv());
        assertFalse(Files.exists(out.resolve("summary")), name + ": --no-reduce wrote no summary");
        assertFalse(Files.exists(out.resolve("_staging")), () -> name + ": staging cleaned up, left: " + listing(out.resolve("_staging")));
    }

    private static String listing(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.map(f -> dir.relativize(f).toString()).toList().toString();
        } catch (IOException e) {
            return "(cannot list " + dir + ": " + e + ")";
        }
    }

    private static void assertLoopbackOnly() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String d : List.of("master", "worker1", "worker2")) {
            pids.add(Long.parseLong(Files.readString(STATE.resolve("pids/" + d + ".pid")).strip()));
        }
        executors().forEach(h -> pids.add(h.pid()));
        List<LoopbackSockets.Listening> exposed = new ArrayList<>();
        int total = 0;
        for (long pid : pids) {
            List<LoopbackSockets.Listening> l = LoopbackSockets.of(pid);
            total += l.size();
            l.stream().filter(s -> !s.loopback()).forEach(exposed::add);
        }
        assertTrue(total >= 6, "master RPC, web UI and REST, worker RPC and UIs, executors listen: " + total);
        assertEquals(List.of(), exposed, "cluster sockets bound beyond loopback");
    }

    /** Executor JVMs started by this cluster's workers. */
    private static List<ProcessHandle> executors() throws IOException {
        Set<Long> workers = new HashSet<>();
        for (String w : List.of("worker1", "worker2")) {
            Path f = STATE.resolve("pids/" + w + ".pid");
            workers.add(Long.parseLong(Files.readString(f).strip()));
        }
        return ProcessHandle.allProcesses()
                .filter(h -> h.parent().map(pp -> workers.contains(pp.pid())).orElse(false))
                .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .collect(Collectors.toList());
    }

    private static ClusterSweep submit(String name, Path out, String... confs) throws Exception {
        LoopbackStandalone.deleteTree(out);
        Path spec = STATE.resolve("specs").resolve(name + ".yaml");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, spec(out));
        return ClusterSweep.submit(BUILD.root(), STATE, masterUrl, restPort, name, spec, confs);
    }
}

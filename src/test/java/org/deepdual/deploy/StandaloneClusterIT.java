package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * cluster-mode driver that fails makes submit fail although spark-submit itself exits 0.
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

package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 20: deploy/bin/submit --profile yarn against a real YARN cluster, a ResourceManager and a
 * NodeManager started in this JVM on 127.0.0.1 ({@link LoopbackYarn}), whose configuration is the
 * HADOOP_CONF_DIR the script is given. A reduced quickstart (every setting, one seed, two β values: 82
 * cells) submitted in client mode and in cluster mode gives the cells of a local run (same ids; values,
 * gaps, ranks and NC metrics equal to 1e-12), and the ResourceManager reports both applications
 * SUCCEEDED; an application whose driver fails makes submit exit non-zero, and YARN reports it FAILED.
 *
 * <p>The profile's resources (4 executors × 4 cores × 4g) are cut by --conf to what a 2-core machine
 * holds: one executor of 2 cores, the parallelism of the local[2] reference; everything else is the profile's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnSubmitIT {
    private static final ProjectBuild BUILD = ProjectBuild.read();
    private static final Path STATE = BUILD.root().resolve("target/it-yarn");
    private static final ProjectScripts SCRIPTS = new ProjectScripts(BUILD.root(), STATE.resolve("logs"));
    private static final Path QUICKSTART = BUILD.root().resolve("jobs/quickstart.yaml");
    private static final long STARTED = System.nanoTime();
    private static final String QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private static LoopbackYarn yarn;

    @BeforeAll
    static void startYarn() throws Exception {
        // the node's memory: a 1g driver (or a 512m client-mode application master) and a 1g executor, each with
        // Spark's 384m overhead
        yarn = LoopbackYarn.start(YarnSubmitIT.class.getSimpleName(), 6144, STATE.resolve("hadoop-conf"));
        System.out.printf("YARN up after %.1f s%n", seconds());
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            long t0 = System.nanoTime();
            yarn.close();
            System.out.printf("YARN stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("YarnSubmitIT wall time %.1f s%n", seconds());
    }

    @Test
    @Order(1)
    void quickstartOnYarnGivesTheLocalCellsInClientAndClusterMode() throws Exception {
        ReferenceCells reference = ReferenceCells.run(specCopy("local"), output("local"));
        assertEquals(82, reference.cells().size(), "the reduced quickstart's cells (deepdual sweep --dry-run)");
        for (String mode : List.of("client", "cluster")) {
            reference.assertSameCells(mode, submitSweep(mode));
            ApplicationReport app = yarn.finishedApplication(tag(mode));
            assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), mode + ": " + app);
            // submit's --name in cluster mode; in client mode the driver's session names the application
            assertTrue(app.getName().startsWith("deepdual sweep quickstart"), app.getName());
            assertEquals("SPARK", app.getApplicationType());
        }
        List<LoopbackSockets.Listening> sockets = LoopbackSockets.of(ProcessHandle.current().pid());
        assertFalse(sockets.isEmpty(), "the ResourceManager and NodeManager listen in this JVM");
        assertEquals(List.of(), sockets.stream().filter(s -> !s.loopback()).toList(), "YARN bound beyond loopback");
    }

    @Test
    @Order(2)
    void aFailingApplicationFailsTheSubmissionAndYarnRecordsIt() throws Exception {
        List<String> cmd = submitCommand("failing", "cluster");
        cmd.addAll(List.of("--", "no-such-command"));
        long t0 = System.nanoTime();
        ProjectScripts.Run r = SCRIPTS.run("submit-failing", env(), 5, cmd.toArray(String[]::new));
        System.out.printf("failing run: %.1f s, exit %d%n", (System.nanoTime() - t0) / 1e9, r.exit());
        assertNotEquals(0, r.exit(), r.tail());
        ApplicationReport app = yarn.finishedApplication(tag("failing"));
        assertEquals(FinalApplicationStatus.FAILED, app.getFinalApplicationStatus(), app.toString());
        // the failure is the driver's own (deepdual's bad-input message), not the cluster's
        String logs = yarn.containerLogTails(app.getApplicationId().toString());
        assertTrue(logs.contains("Unmatched argument at index 0: 'no-such-command'"), logs);
    }

    /** Runs the reduced quickstart through deploy/bin/submit --profile yarn into STATE/results/MODE. */
    private static Path submitSweep(String mode) throws Exception {
        List<String> cmd = submitCommand(mode, mode);
        // the cells are the comparison; the reducer on a cluster is StandaloneClusterIT's (here it would double the time)
        cmd.addAll(List.of(specCopy(mode).toString(), "--no-reduce", "--no-report"));
        long t0 = System.nanoTime();
        ProjectScripts.Run r = SCRIPTS.run("submit-" + mode, env(), 5, cmd.toArray(String[]::new));
        System.out.printf("%s run: %.1f s, exit %d: %s%n", mode, (System.nanoTime() - t0) / 1e9, r.exit(),
                r.out().lines().filter(l -> l.startsWith("submit: ")).findFirst().orElse(""));
        assertEquals(0, r.exit(), mode + " run failed:\n" + r.tail() + "\n" + containerLogs(mode));
        assertTrue(Files.isDirectory(output(mode).resolve("cells")), mode + ": no cells\n" + r.tail());
        return output(mode);
    }

    /** deploy/bin/submit --profile yarn in DEPLOY_MODE, its application tagged for {@link LoopbackYarn#finishedApplication}. */
    private static List<String> submitCommand(String name, String deployMode) {
        List<String> cmd = new ArrayList<>(List.of("deploy/bin/submit", "--profile", "yarn", "--deploy-mode", deployMode,
                "--conf", "spark.yarn.tags=" + tag(name),
                "--conf", "spark.driver.memory=1g",
                "--conf", "spark.executor.instances=1", "--conf", "spark.executor.cores=2",
                "--conf", "spark.executor.memory=1g",
                // the containers' Spark binds where this machine's Spark binds: loopback
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                // short-lived JVMs on 2 shared cores start faster on the client compiler alone, as the test JVMs
                // do (the driver's default options come before the profile's extraJavaOptions, which stay)
                "--conf", "spark.driver.defaultJavaOptions=" + QUICK_JVM,
                "--conf", "spark.executor.defaultJavaOptions=" + QUICK_JVM));
        if (deployMode.equals("client")) {
            // the application master of client mode only launches executors (in cluster mode it is the driver)
            cmd.addAll(List.of("--conf", "spark.yarn.am.memory=512m", "--conf", "spark.yarn.am.extraJavaOptions=" + QUICK_JVM));
        }
        return cmd;
    }

    private static Map<String, String> env() {
        return Map.of("HADOOP_CONF_DIR", yarn.confDir().toString());
    }

    private static String containerLogs(String name) {
        try {
            return yarn.containerLogTails(yarn.finishedApplication(tag(name)).getApplicationId().toString());
        } catch (Exception | AssertionError e) {
            return "(no container logs: " + e + ")";
        }
    }

    private static Path specCopy(String name) throws Exception {
        LoopbackStandalone.deleteTree(output(name));
        return QuickstartSpec.write(QUICKSTART, STATE.resolve("specs").resolve(name).resolve("quickstart.yaml"),
                output(name), 2, "[0]");
    }

    private static Path output(String name) {
        return STATE.resolve("results").resolve(name);
    }

    private static String tag(String name) {
        return "deepdual-it-" + name;
    }

    private static double seconds() {
        return (System.nanoTime() - STARTED) / 1e9;
    }
}

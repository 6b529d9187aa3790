package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/bin/submit builds the spark-submit command the profiles promise (checked with --print-only,
 * which validates the inputs and prints the command without running it), refuses bad input with exit 2
 * naming the culprit, and deploy/cron/nightly never lets two nights overlap.
 */
class DeployScriptsTest {
    private static ProjectBuild build;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readBuild() {
        build = ProjectBuild.read();
    }

    @Test
    void everyProfileRunsTheMainClassWithOneBlasThreadPerTaskCore() throws Exception {
        // a spec inside the project: the k8s profile finds specs in the image under the same relative path
        Path spec = build.root().resolve("jobs/nightly.yaml");
        for (String profile : List.of("local", "standalone", "yarn", "k8s")) {
            ScriptRun r = submit(Map.of("HADOOP_CONF_DIR", tmp.toString()), "--profile", profile, "--print-only", spec.toString());
            assertEquals(0, r.exit(), profile + ": " + r.out());
            assertTrue(r.out().contains("--class org.deepdual.cli.Main"), profile + ": " + r.out());
            assertTrue(r.out().contains("--conf spark.executorEnv.OPENBLAS_NUM_THREADS=1"), profile + ": " + r.out());
            assertTrue(r.out().contains("--properties-file " + build.root().resolve("conf/spark-defaults.conf")), r.out());
        }
        ScriptRun two = submit(Map.of(), "--profile", "standalone", "--conf", "spark.task.cpus=2", "--print-only", spec.toString());
        assertTrue(two.out().contains("--conf spark.executorEnv.OPENBLAS_NUM_THREADS=2"), two.out());
        assertFalse(two.out().contains("OPENBLAS_NUM_THREADS=1"), two.out());
    }

    @Test
    void clusterProfilesServePrometheusMetricsFromConfMetricsProperties() throws Exception {
        Path spec = build.root().resolve("jobs/nightly.yaml");
        Path metrics = build.root().resolve("conf/metrics.properties");
        assertTrue(Files.readString(metrics).contains("*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet"));
        Map<String, String> where = Map.of("standalone", metrics.toString(), "yarn", metrics.toString(),
                "k8s", "/opt/deepdual/conf/metrics.properties");   // the image's copy of conf/ (KubernetesManifestsTest)
        for (Map.Entry<String, String> e : where.entrySet()) {
            ScriptRun r = submit(Map.of("HADOOP_CONF_DIR", tmp.toString()), "--profile", e.getKey(), "--print-only", spec.toString());
            assertEquals(0, r.exit(), e.getKey() + ": " + r.out());
            assertTrue(r.out().contains("--conf spark.ui.prometheus.enabled=true"), e.getKey() + ": " + r.out());
            assertTrue(r.out().contains("--conf spark.metrics.conf=" + e.getValue() + " "), e.getKey() + ": " + r.out());
        }
        ScriptRun local = submit(Map.of(), "--profile", "local", "--print-only", spec.toString());
        assertFalse(local.out().contains("spark.metrics.conf"), "embedded runs keep Spark's default metrics: " + local.out());
    }

    @Test
    void clusterModeDriverGetsTheJvmFlagsAndTheSpecByAbsolutePath() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), "name: s\n");
        ScriptRun r = submit(Map.of(), "--profile", "standalone", "--deploy-mode", "cluster", "--master",
                "spark://127.0.0.1:17077", "--print-only", spec.toString(), "--dry-run");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("--master spark://127.0.0.1:17077 --deploy-mode cluster"), r.out());
        String opts = r.out().substring(r.out().indexOf("spark.driver.extraJavaOptions="));
        for (String flag : build.jvmArgs()) {
            assertTrue(opts.contains(flag), "cluster-mode driver lacks " + flag);
        }
        assertTrue(r.out().strip().endsWith("-all.jar sweep " + spec.toRealPath() + " --dry-run"), r.out());

        ScriptRun k8s = submit(Map.of(), "--profile", "k8s", "--print-only", "nightly",
                build.root().resolve("jobs/nightly.yaml").toString(), "--date", "2026-01-02");
        assertEquals(0, k8s.exit(), k8s.out());
        assertTrue(k8s.out().strip().endsWith(build.jarUri() + " nightly /opt/deepdual/jobs/nightly.yaml --date 2026-01-02"),
                k8s.out());
    }

    @Test
    void yarnWithoutASparkDistributionGetsTheHadoopConfigurationAndTheMavenJars() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), "name: s\n");
        Path conf = Files.createDirectories(tmp.resolve("hadoop-conf"));
        ScriptRun r = submit(Map.of("HADOOP_CONF_DIR", conf.toString()), "--profile", "yarn", "--print-only", spec.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("-cp " + build.root().resolve("conf") + ":" + conf + ":"), r.out());
        // shown as "local:<each jar of target/runtime-classpath.txt>" once `package` wrote that file
        assertTrue(r.out().contains("--conf spark.yarn.jars=local:"), r.out());

        ScriptRun archive = submit(Map.of("HADOOP_CONF_DIR", conf.toString()), "--profile", "yarn", "--conf",
                "spark.yarn.archive=hdfs:///spark/jars.zip", "--print-only", spec.toString());
        assertEquals(0, archive.exit(), archive.out());
        assertTrue(archive.out().contains("--conf spark.yarn.archive=hdfs:///spark/jars.zip"), archive.out());
        assertFalse(archive.out().contains("spark.yarn.jars"), "a user's archive is not overridden: " + archive.out());

        ScriptRun standalone = submit(Map.of("HADOOP_CONF_DIR", conf.toString()), "--profile", "standalone", "--print-only",
                spec.toString());
        assertFalse(standalone.out().contains(conf.toString()), "only YARN reads the Hadoop configuration: " + standalone.out());
        assertFalse(standalone.out().contains("spark.yarn.jars"), standalone.out());
    }

    @Test
    void badInputExitsTwoNamingIt() throws Exception {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), "name: s\n");
        ScriptRun missing = submit(Map.of(), "--print-only", tmp.resolve("nope.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.out().contains("spec '" + tmp.resolve("nope.yaml") + "' does not exist"), missing.out());
        ScriptRun profile = submit(Map.of(), "--profile", "mesos", "--print-only", spec.toString());
        assertEquals(2, profile.exit());
        assertTrue(profile.out().contains("profile 'mesos' not found"), profile.out());
        ScriptRun local = submit(Map.of(), "--deploy-mode", "cluster", "--print-only", spec.toString());
        assertEquals(2, local.exit());
        assertTrue(local.out().contains("master 'local[2]' cannot run in cluster deploy mode"), local.out());
        ScriptRun mode = submit(Map.of(), "--deploy-mode", "both", "--print-only", spec.toString());
        assertEquals(2, mode.exit());
        assertTrue(mode.out().contains("got 'both'"), mode.out());
        ScriptRun yarn = submit(Map.of("HADOOP_CONF_DIR", "", "YARN_CONF_DIR", ""), "--profile", "yarn", "--print-only", spec.toString());
        assertEquals(2, yarn.exit());
        assertTrue(yarn.out().contains("HADOOP_CONF_DIR"), yarn.out());
    }

    @Test
    void cronNightsNeverOverlapAndLogToDatedFiles() throws Exception {
        Path fake = tmp.resolve("fake-submit");
        Files.writeString(fake, "#!/usr/bin/env bash\necho \"ran: $*\"\nsleep 4\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path logs = tmp.resolve("logs");
        Path out = tmp.resolve("out");
        Map<String, String> env = Map.of("DEEPDUAL_SUBMIT", fake.toString(), "DEEPDUAL_LOG_DIR", logs.toString(),
                "DEEPDUAL_NIGHTLY_PROFILE", "standalone", "DEEPDUAL_NIGHTLY_OUTPUT", out.toString());
        Path wrapper = build.root().resolve("deploy/cron/nightly");
        Process first = start(env, wrapper.toString(), "--date", "2026-03-01");
        Path log1 = logs.resolve("nightly-2026-03-01.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!(Files.exists(log1) && Files.readString(log1).contains("ran:")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ScriptRun second = finish(start(env, wrapper.toString(), "--date", "2026-03-02"));
        ScriptRun firstDone = finish(first);
        assertEquals(75, second.exit(), "a night that starts while another runs is skipped");
        assertEquals(0, firstDone.exit());
        String l1 = Files.readString(log1);
        assertTrue(l1.contains("ran: --profile standalone nightly " + build.root().resolve("jobs/nightly.yaml")
                + " --date 2026-03-01"), l1);
        assertTrue(l1.contains("nightly 2026-03-01 end: exit 0"), l1);
        assertTrue(Files.readString(logs.resolve("nightly-2026-03-02.log")).contains("skipped"));
        assertTrue(Files.readString(out.resolve("date=2026-03-02/FAILED")).contains("reason: skipped"), "a skipped night says so");
        assertEquals(0, finish(start(env, wrapper.toString(), "--date", "2026-03-02")).exit(), "once free, the lock is taken");
        assertEquals(2, finish(start(env, wrapper.toString(), "--date", "March")).exit());
    }

    private ScriptRun submit(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(build.root().resolve("deploy/bin/submit").toString()));
        cmd.addAll(List.of(args));
        return finish(start(env, cmd.toArray(String[]::new)));
    }

    private Process start(Map<String, String> env, String... cmd) throws IOException {
        return ScriptRun.start(tmp, env, cmd);
    }

    private static ScriptRun finish(Process p) throws Exception {
        return ScriptRun.finish(p);
    }
}

package org.deepdual.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN cluster in this JVM, as Spark tests its own YARN support: {@link MiniYARNCluster} with one
 * ResourceManager and one NodeManager bound to 127.0.0.1, its client configuration (yarn-site.xml,
 * core-site.xml) written to a directory for HADOOP_CONF_DIR, and the ResourceManager's own account of
 * the applications, read through {@link YarnClient}. {@code confDir} holds yarn-site.xml and core-site.xml:
 * HADOOP_CONF_DIR for spark-submit.
 */
record LoopbackYarn(MiniYARNCluster cluster, YarnClient client, Path confDir) implements AutoCloseable {

    /**
     * Starts the cluster (its work directories under target/NAME, MiniYARNCluster's choice) with NODE_MB of
     * container memory, and writes its configuration to CONF_DIR.
     */
    static LoopbackYarn start(String name, int nodeMb, Path confDir) throws Exception {
        MiniYARNCluster cluster = new MiniYARNCluster(name, 1, 1, 1);
        cluster.init(configuration(nodeMb));
        cluster.start();
        Configuration live = cluster.getConfig();
        // MiniYARNCluster may return from start() before the ResourceManager put its port in the configuration
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (live.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                cluster.stop();
                throw new IllegalStateException("the ResourceManager published no port in 30 s");
            }
            Thread.sleep(100);
        }
        Files.createDirectories(confDir);
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            live.writeXml(out);
        }
        // the spec's output is an absolute local path: the default file system is the local one
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "file:///");
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
        YarnClient client = YarnClient.createYarnClient();
        client.init(new YarnConfiguration(live));
        client.start();
        return new LoopbackYarn(cluster, client, confDir);
    }

    private static YarnConfiguration configuration(int nodeMb) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(YarnConfiguration.RM_BIND_HOST, "127.0.0.1");
        conf.set(YarnConfiguration.NM_BIND_HOST, "127.0.0.1");
        // a nearly full disk of a shared machine must not mark the only node unhealthy
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeMb);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMb);
        // JVMs reserve far more virtual memory than they use; the heap sizes are what the test controls
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // containers start $JAVA_HOME/bin/java; the NodeManager passes on JAVA_HOME only if its own environment has it
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        // a container's environment is YARN's, not the node's: this machine's OpenBLAS settings (its OPENBLAS_CORETYPE
        // picks the kernels, and other kernels round differently) reach containers only through the whitelist
        conf.set(YarnConfiguration.NM_ENV_WHITELIST, String.join(",", nodeEnvironmentWhitelist()));
        // hadoop-client-minicluster ships no capacity-scheduler.xml: one queue, all of the cluster
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        return conf;
    }

    /** YARN's default whitelist plus every OPENBLAS_* variable this JVM's environment sets. */
    private static List<String> nodeEnvironmentWhitelist() {
        List<String> names = new ArrayList<>(List.of(YarnConfiguration.DEFAULT_NM_ENV_WHITELIST.split(",")));
        System.getenv().keySet().stream().filter(k -> k.startsWith("OPENBLAS_")).sorted().forEach(names::add);
        return names;
    }

    /**
     * The one application tagged TAG (spark.yarn.tags), once the ResourceManager holds it in a final state
     * (a client-mode application master unregisters just after the driver exits); fails after 60 s.
     */
    ApplicationReport finishedApplication(String tag) throws Exception {
        String lower = tag.toLowerCase(Locale.ROOT); // YARN keeps tags in lower case
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<ApplicationReport> tagged = new ArrayList<>();
            for (ApplicationReport r : client.getApplications()) {
                if (r.getApplicationTags().contains(lower)) {
                    tagged.add(r);
                }
            }
            if (tagged.size() > 1) {
                throw new AssertionError("more than one application tagged " + tag + ": " + tagged);
            }
            if (tagged.size() == 1 && isFinal(tagged.get(0).getYarnApplicationState())) {
                return tagged.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no finished application tagged " + tag + " after 60 s: " + tagged);
            }
            Thread.sleep(200);
        }
    }

    private static boolean isFinal(YarnApplicationState s) {
        return s == YarnApplicationState.FINISHED || s == YarnApplicationState.FAILED || s == YarnApplicationState.KILLED;
    }

    /** The last lines of every container's stderr of APP (the NodeManager keeps them under its log directory). */
    String containerLogTails(String appId) throws IOException {
        StringBuilder out = new StringBuilder();
        // the NodeManager's own configuration: MiniYARNCluster sets its directories there
        for (String dir : cluster.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
            Path app = Path.of(dir.replaceFirst("^file:", "")).resolve(appId);
            if (!Files.isDirectory(app)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(app)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
                    out.append("== ").append(f).append('\n').append(ProjectScripts.tail(Files.readString(f))).append('\n');
                }
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.stop();
        cluster.stop();
    }
}

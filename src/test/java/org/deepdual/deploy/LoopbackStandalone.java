package org.deepdual.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback as the cluster ITs drive it: the project's scripts run from
 * {@code root}, deploy/standalone/start and stop keeping PIDs and logs under {@code state}.
 */
record LoopbackStandalone(Path root, Path state) {

    /** A finished script: its exit code and everything it printed. */
    record Run(int exit, String out) {
        String tail() {
            return LoopbackStandalone.tail(out);
        }
    }

    /**
     * Runs a project script from the project root with SPARK_HOME unset (the scripts find Spark themselves)
     * and ENV added; its output is kept in STATE/logs/NAME.log.
     */
    Run run(String name, Map<String, String> env, long timeoutMinutes, String... cmd) throws Exception {
        Path log = state.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + timeoutMinutes + " minutes; see " + log);
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** deploy/standalone/stop on STATE: stops what start recorded (by PID only); failures are only reported. */
    void stopQuietly() {
        try {
            new ProcessBuilder("deploy/standalone/stop", "--dir", state.toString()).directory(root.toFile())
                    .inheritIO().start().waitFor(2, TimeUnit.MINUTES);
        } catch (IOException | InterruptedException e) {
            System.err.println("stopping the standalone cluster failed: " + e);
        }
    }

    /** The last 60 lines of a script's output: enough for an assertion message. */
    static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** N distinct ports free on loopback now (all held open together, so no two are the same). */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /** Deletes P and everything below it, if it exists. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}

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

    /** Runs a project script from the project root (see {@link ProjectScripts}); its output is kept in STATE/logs/NAME.log. */
    ProjectScripts.Run run(String name, Map<String, String> env, long timeoutMinutes, String... cmd) throws Exception {
        return new ProjectScripts(root, state.resolve("logs")).run(name, env, timeoutMinutes, cmd);
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

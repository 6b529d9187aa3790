package org.deepdual.bench.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.deepdual.bench.solve.ResultTable;

/**
 * The projection's runs on a loopback standalone cluster (a master and 2 workers of 1 core on 127.0.0.1,
 * started and stopped by deploy/standalone/start and stop), each with the Spark settings deploy/bin/submit gives.
 */
final class LoopbackCluster {
    private LoopbackCluster() {
    }

    /**
     * Starts the loopback cluster (2 workers of 1 core), runs each spec on it in turn (each its own application, so
     * its own executors), and always stops it. The runs measured, in order, up to the first that failed.
     */
    static List<MeasuredRun> runAll(List<SpecText> texts, List<String> names, Path dir, Path root,
            PrintStream log, ResultTable cmp) {
        List<MeasuredRun> measured = new ArrayList<>();
        Path state = dir.resolve("standalone").toAbsolutePath();
        Path startScript = root.resolve("deploy/standalone/start");
        if (!Files.isExecutable(startScript)) {
            cmp.note("standalone: not run, no " + startScript + " (run from a deepdual checkout)");
            return measured;
        }
        int[] ports = freePorts(3);
        log.printf(Locale.ROOT, "  starting a standalone master and 2 workers x 1 core on 127.0.0.1 ...%n");
        try {
            Script start = script(root, dir.resolve("standalone-start.log"), 300, startScript.toString(), "--dir",
                    state.toString(), "--workers", "2", "--cores", "1", "--memory", "2g", "--port",
                    Integer.toString(ports[0]), "--webui-port", Integer.toString(ports[1]), "--rest-port",
                    Integer.toString(ports[2]), "--timeout", "240");
            if (start.exit != 0) {
                cmp.note("standalone: deploy/standalone/start failed (exit " + start.exit + "); see "
                        + start.log + " — local[2] alone checks the model");
                return measured;
            }
            String master = "spark://127.0.0.1:" + ports[0];
            for (int i = 0; i < texts.size(); i++) {
                String name = names.get(i);
                Path spec = texts.get(i).withOutput(dir.resolve(name + "-out")).writeTo(dir.resolve(name + ".yaml"));
                MeasuredRun m = MeasuredRun.measure(spec, master, submitted(root), dir.resolve(name + "-child"), log);
                if (m == null) {
                    cmp.note("standalone: the run " + name + " failed; see " + dir.resolve(name + "-child.err")
                            + " and " + state.resolve("work"));
                    break;
                }
                measured.add(m);
            }
            return measured;
        } finally {
            // stop can fail on a busy machine (a process leaving /proc while it lists the workers' children):
            // it signals only what the state directory recorded, so trying again is safe
            Script stop = null;
            for (int attempt = 1; attempt <= 3 && (stop == null || stop.exit != 0); attempt++) {
                stop = script(root, dir.resolve("standalone-stop-" + attempt + ".log"), 120,
                        root.resolve("deploy/standalone/stop").toString(), "--dir", state.toString());
            }
            log.printf(Locale.ROOT, "  standalone cluster stopped (exit %d)%n", stop.exit);
            if (stop.exit != 0) {
                cmp.note("standalone: deploy/standalone/stop --dir " + state + " failed 3 times; run it by hand");
            }
        }
    }

    /**
     * The Spark settings deploy/bin/submit gives a standalone run (conf/spark-defaults.conf: Kryo, 8 shuffle
     * partitions, ...; one core and 1 GB per executor, as conf/profiles/standalone.conf), as system properties.
     */
    private static List<String> submitted(Path root) {
        List<String> flags = new ArrayList<>();
        Path defaults = root.resolve("conf/spark-defaults.conf");
        if (Files.isRegularFile(defaults)) {
            try {
                for (String line : Files.readAllLines(defaults)) {
                    String[] kv = line.trim().split("\\s+", 2);
                    if (kv.length == 2 && kv[0].startsWith("spark.")) {
                        flags.add("-D" + kv[0] + "=" + kv[1]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + defaults, e);
            }
        }
        flags.add("-Dspark.executor.cores=1");
        flags.add("-Dspark.executor.memory=1g");
        return flags;
    }

    private record Script(int exit, Path log) {
    }

    private static Script script(Path root, Path log, long timeoutSeconds, String... cmd) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().remove("SPARK_HOME");
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Script(-1, log);
            }
            return new Script(p.exitValue(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd[0], e);
        }
    }

    private static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
        }
    }
}

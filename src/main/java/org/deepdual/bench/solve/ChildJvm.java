package org.deepdual.bench.solve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's own classpath: how the benchmark runs a part under other system
 * properties (the pure-Java BLAS) or as a separate program ({@code deepdual sweep}), so that the
 * parent's JIT state and heap do not leak into the measurement. Its stdout and stderr go to files.
 *
 * @param jvmArgs flags before the main class (heap, system properties, argument files)
 * @param mainClass the class to run
 * @param args its arguments
 * @param env extra environment variables
 * @param launcher words before the java executable (e.g. {@code taskset -c 0}), usually none
 */
public record ChildJvm(List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env,
        List<String> launcher) {
    /** Environment variable with extra flags for every child, e.g. a flight recording to profile it. */
    public static final String EXTRA_OPTS = "DEEPDUAL_BENCH_CHILD_OPTS";

    public ChildJvm {
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        launcher = List.copyOf(launcher);
    }

    public ChildJvm(List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env) {
        this(jvmArgs, mainClass, args, env, List.of());
    }

    /**
     * This child confined to the first {@code cpus} CPUs of the machine ({@code taskset}), with the JVM
     * told it has that many processors, so that its garbage collector and compiler threads share them too:
     * what an executor given {@code cpus} cores has. Empty when {@code taskset} is missing or the machine
     * has fewer CPUs.
     */
    public java.util.Optional<ChildJvm> pinnedTo(int cpus) {
        if (!canPin(cpus)) {
            return java.util.Optional.empty();
        }
        List<String> flags = new ArrayList<>(jvmArgs);
        flags.add("-XX:ActiveProcessorCount=" + cpus);
        return java.util.Optional.of(new ChildJvm(flags, mainClass, args, env,
                List.of(TASKSET.toString(), "-c", cpus == 1 ? "0" : "0-" + (cpus - 1))));
    }

    /** Whether {@link #pinnedTo} can confine a child to {@code cpus} CPUs on this machine. */
    public static boolean canPin(int cpus) {
        return cpus >= 1 && cpus <= Runtime.getRuntime().availableProcessors() && Files.isExecutable(TASKSET);
    }

    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    /** What a finished child did: exit status, wall time, and where its output went. */
    public record Outcome(int exitCode, double wallSeconds, Path stdout, Path stderr) {
        public String stdoutText() {
            try {
                return Files.readString(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + stdout, e);
            }
        }
    }

    /** The java executable of this JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's own flags (heap, module options such as {@code --add-modules=jdk.incubator.vector},
     * which decides netlib's Java fallback, and system properties), without profilers and agents and
     * without the netlib native switches, so that a child differs from its parent only where asked.
     */
    public static List<String> inheritedJvmArgs() {
        List<String> out = new ArrayList<>();
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:StartFlightRecording") || a.startsWith("-XX:FlightRecorderOptions")
                    || a.startsWith("-agentlib") || a.startsWith("-agentpath") || a.startsWith("-javaagent")
                    || a.startsWith("-Ddev.ludovic.netlib.") || a.startsWith("-Xrunjdwp")) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** The full command line. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(javaExecutable());
        cmd.addAll(jvmArgs);
        String extra = System.getenv(EXTRA_OPTS);
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Runs the child to completion (at most {@code timeoutSeconds}), logging into {@code logPrefix}.out/.err. */
    public Outcome run(Path logPrefix, double timeoutSeconds) {
        Path out = Path.of(logPrefix + ".out");
        Path err = Path.of(logPrefix + ".err");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor((long) Math.ceil(timeoutSeconds), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("child JVM " + mainClass + " " + String.join(" ", args)
                        + " did not finish within " + timeoutSeconds + " s (log " + err + ")");
            }
            return new Outcome(p.exitValue(), (System.nanoTime() - t0) / 1e9, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + mainClass, e);
        }
    }
}

package org.deepdual.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's scripts (deploy/bin/submit, deploy/standalone/start, ...) as the cluster ITs run them: from
 * {@code root}, with SPARK_HOME unset (the scripts find Spark themselves), each one's output kept in
 * {@code logs}/NAME.log.
 */
record ProjectScripts(Path root, Path logs) {

    /** A finished script: its exit code and everything it printed. */
    record Run(int exit, String out) {
        String tail() {
            return ProjectScripts.tail(out);
        }
    }

    /** Runs CMD with ENV added; fails the test when it takes longer than TIMEOUT minutes. */
    Run run(String name, Map<String, String> env, long timeoutMinutes, String... cmd) throws Exception {
        Path log = logs.resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + timeoutMinutes + " minutes; see " + log);
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** The last 60 lines of a script's output: enough for an assertion message. */
    static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}

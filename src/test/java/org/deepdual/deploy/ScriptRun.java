package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A deploy script run as a user would: in a directory, with extra environment, without the caller's SPARK_HOME. */
record ScriptRun(int exit, String out) {

    static Process start(Path dir, Map<String, String> env, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        return pb.start();
    }

    static ScriptRun finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new ScriptRun(p.exitValue(), out);
    }

    static ScriptRun run(Path dir, Map<String, String> env, String... cmd) throws Exception {
        return finish(start(dir, env, cmd));
    }
}

package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.deepdual.sweep.SharedSpark;
import org.deepdual.sweep.SweepOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, security and hygiene: no secrets in conf/ or deploy/; the Docker image runs as a non-root user;
 * Spark's endpoints bound to loopback in every local and test configuration (checked on the configuration
 * files and on the sockets this test JVM actually listens on); output locations normalized, with no
 * {@code ..} left to climb out of the output root. (YAML loaded safely: BadInputTest's custom-tag cases.)
 */
class HygieneTest {
    private static final ProjectBuild BUILD = ProjectBuild.read();

    @TempDir
    Path dir;

    static final List<Pattern> SECRETS = List.of(
            Pattern.compile("(?i)\\b(password|passwd|pwd)\\s*[=:]\\s*\\S+"),
            Pattern.compile("(?i)\\b(token|secret|api[_-]?key|access[_-]?key)\\s*[=:]\\s*[\"']?[A-Za-z0-9+/_\\-]{8,}"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}\\b"),
            Pattern.compile("(?i)://[^/\\s:@]+:[^/\\s@]+@"));

    static List<Path> files(String... roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String r : roots) {
            try (Stream<Path> s = Files.walk(BUILD.root().resolve(r))) {
                s.filter(Files::isRegularFile).forEach(out::add);
            }
        }
        return out;
    }

    static List<String> secretsIn(String text) {
        List<String> hits = new ArrayList<>();
        for (Pattern p : SECRETS) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                hits.add(m.group());
            }
        }
        return hits;
    }

    @Test
    void confAndDeployHoldNoSecrets() throws IOException {
        List<Path> files = files("conf", "deploy");
        assertTrue(files.size() > 10, "the scan sees the files: " + files);
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Path f : files) {
            List<String> hits = secretsIn(Files.readString(f));
            if (!hits.isEmpty()) {
                found.put(BUILD.root().relativize(f).toString(), hits);
            }
        }
        assertEquals(Map.of(), found, "secrets in the repository");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.password=hunter22", "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "-----BEGIN RSA PRIVATE KEY-----", "s3a://AKIAIOSFODNN7EXAMPLE@bucket", "api_key = 'abcdef0123456789'",
        "https://user:pa55word@example.org/x"})
    void theSecretScanFindsPlantedSecrets(String planted) {
        assertFalse(secretsIn("# config\nkey value\n" + planted + "\n").isEmpty(), planted);
    }

    @Test
    void theDockerImageRunsAsANonRootUser() throws IOException {
        List<String> lines = Files.readAllLines(BUILD.root().resolve("deploy/docker/Dockerfile"));
        Map<String, String> args = new LinkedHashMap<>();
        String user = null;
        for (String l : lines) {
            String s = l.strip();
            Matcher arg = Pattern.compile("ARG\\s+(\\w+)=(\\S+)").matcher(s);
            if (arg.matches()) {
                args.put(arg.group(1), arg.group(2));
            }
            if (s.startsWith("USER ")) {
                user = s.substring(5).strip();
            }
        }
        assertTrue(user != null, "the Dockerfile names a USER");
        Matcher ref = Pattern.compile("\\$\\{?(\\w+)}?").matcher(user);
        String resolved = ref.matches() ? args.getOrDefault(ref.group(1), "") : user;
        String uid = resolved.split(":")[0];
        assertFalse(uid.isEmpty(), "the last USER resolves: " + user);
        assertNotEquals("root", uid, "the last USER is not root");
        assertNotEquals("0", uid, "the last USER is not uid 0");
        String text = String.join("\n", lines);
        assertTrue(text.contains("useradd") && text.contains("--uid \"${" + (ref.matches() ? ref.group(1) : "") + "}\""),
                "the image creates that user");
    }

    @Test
    void everyLauncherAndTestRunBindsSparkToLoopback() throws IOException {
        for (String script : List.of("deploy/bin/deepdual", "deploy/bin/submit")) {
            assertTrue(Files.readString(BUILD.root().resolve(script)).contains("export SPARK_LOCAL_IP=\"${SPARK_LOCAL_IP:-127.0.0.1}\""),
                    script + " binds Spark (UI included: Spark's WebUI binds to SPARK_LOCAL_IP) to loopback");
        }
        String start = Files.readString(BUILD.root().resolve("deploy/standalone/start"));
        assertTrue(start.contains("SPARK_LOCAL_IP=127.0.0.1"), "standalone daemons and their web UIs on loopback");
        assertTrue(start.contains("-Dspark.master.rest.host=127.0.0.1"), "the master's REST server on loopback");
        assertEquals(1, count(start, "--host 127.0.0.1"), "master RPC on loopback");
        assertTrue(start.contains("host=\"${HOSTS[$((w - 1))]:-127.0.0.1}\"")
                && start.contains("env SPARK_LOCAL_IP=\"$host\" java") && start.contains("--host \"$host\""),
                "each worker's RPC, UI and executors on its loopback host, 127.0.0.1 unless --worker-hosts says");
        for (String beyond : List.of("10.0.0.2", "0.0.0.0", "127.0.0.2,localhost")) {
            Process p = new ProcessBuilder("deploy/standalone/start", "--dir", dir.resolve("never").toString(),
                    "--worker-hosts", beyond).directory(BUILD.root().toFile()).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes());
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertEquals(2, p.exitValue(), "--worker-hosts " + beyond + " refused: " + said);
            assertTrue(said.contains("--worker-hosts must list 127.x.y.z addresses"), said);
        }
        String pom = Files.readString(BUILD.root().resolve("pom.xml"));
        assertTrue(count(pom, "<SPARK_LOCAL_IP>127.0.0.1</SPARK_LOCAL_IP>") >= 2, "surefire and failsafe runs");
        String defaults = Files.readString(BUILD.root().resolve("conf/spark-defaults.conf"));
        // the UI is on, and Spark binds it to SPARK_LOCAL_IP, which every launcher above exports as 127.0.0.1
        assertTrue(defaults.matches("(?s).*\\nspark\\.ui\\.enabled\\s+true\\n.*"), "the UI is on for watching a run");
        assertEquals("127.0.0.1", System.getenv("SPARK_LOCAL_IP"), "this test JVM runs with SPARK_LOCAL_IP");
        var conf = SharedSpark.get().sparkContext().getConf();
        assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
        assertEquals("false", conf.get("spark.ui.enabled"));
    }

    @Test
    void theSparkDriverOfThisJvmListensOnLoopbackOnly() throws IOException {
        SharedSpark.get().range(3).count();
        List<LoopbackSockets.Listening> listening = LoopbackSockets.of(ProcessHandle.current().pid());
        assertFalse(listening.isEmpty(), "the driver listens (RPC, block manager)");
        List<LoopbackSockets.Listening> exposed = listening.stream().filter(l -> !l.loopback()).toList();
        assertEquals(List.of(), exposed, "sockets bound beyond loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"out/../out2", "a/./b/../../out3", "x/y/z/../../../out4/", "../" })
    void localOutputsAreNormalizedWithoutDotDot(String relative) {
        String location = dir.resolve("base") + "/" + relative;
        SweepOutput o = SweepOutput.resolve(location, new Configuration(), "test: output");
        String path = o.root().toUri().getPath().replaceAll("(.)/$", "$1");
        assertFalse(Pattern.compile("(^|/)\\.\\.?(/|$)").matcher(path).find(), "normalized: " + path);
        assertEquals(Path.of(location).toAbsolutePath().normalize().toString(), Path.of(path).toString());
        for (org.apache.hadoop.fs.Path p : List.of(o.cells(), o.datasets(), o.staging(), o.lock(), o.spec(),
                o.spec("r20260101T000000Z-abcdef"), o.summaryByBeta(), o.summaryCsv(), o.weights(), o.trajectories())) {
            assertTrue(p.toUri().getPath().startsWith(path + "/"), p + " lies under " + path);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///tmp/a/../../../etc/x", "file:/../../etc", "file:///tmp/./../../root"})
    void uriOutputsCannotClimbAboveTheRoot(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepOutput.resolve(uri, new Configuration(), "test: output"));
        assertTrue(e.getMessage().contains("test: output") && e.getMessage().contains(".."), e.getMessage());
    }

    @Test
    void aUriOutputIsNormalized() {
        SweepOutput o = SweepOutput.resolve("file:///tmp/deepdual-h/a/../b/./c", new Configuration(), "test: output");
        assertEquals("/tmp/deepdual-h/b/c", o.root().toUri().getPath());
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}

package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two image recipes (deploy/docker/Containerfile.debian on a locally made Debian base, and the apache/spark
 * Dockerfile) put things where deploy/k8s and conf/profiles/k8s.conf look for them, point SPARK_CONF_DIR at
 * the conf/ they copy, and get from .dockerignore exactly the build context they copy from. Building and
 * running the image is CI's image stage (deploy/docker/ci), not a unit test.
 */
class ContainerImageTest {
    private static final List<String> RECIPES = List.of("deploy/docker/Containerfile.debian", "deploy/docker/Dockerfile");
    private static ProjectBuild build;
    private static List<IgnoreRule> ignore;

    @BeforeAll
    static void read() throws IOException {
        build = ProjectBuild.read();
        ignore = IgnoreRule.parse(Files.readAllLines(build.root().resolve(".dockerignore")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/docker/Containerfile.debian", "deploy/docker/Dockerfile"})
    void recipePutsJarConfAndSpecsWhereTheManifestsLook(String recipe) throws IOException {
        String text = Files.readString(build.root().resolve(recipe));
        String jar = build.jarUri().substring("local://".length());
        assertTrue(Pattern.compile("(?m)^COPY .*target/" + build.artifactId() + "-\\S+-all\\.jar " + Pattern.quote(jar) + "$")
                .matcher(text).find(), recipe + " must put the shaded jar at " + jar);
        for (String dir : List.of("conf", "jobs")) {
            assertTrue(text.contains(dir + "/ /opt/deepdual/" + dir + "/"), recipe + " must copy " + dir + "/ to /opt/deepdual/" + dir + "/");
        }
        assertEquals("/opt/deepdual/conf", env(text, "SPARK_CONF_DIR"), recipe + ": SPARK_CONF_DIR must be the conf/ it copies");
        assertTrue(text.contains("WORKDIR /opt/spark/work-dir"), recipe + ": the manifests mount results/ under /opt/spark/work-dir");
    }

    @Test
    void debianImageHasSparkOnKubernetesAndTheNativeLibraries() throws IOException {
        String recipe = Files.readString(build.root().resolve(RECIPES.get(0)));
        assertTrue(recipe.contains("COPY target/image/spark-jars/ /opt/spark/jars/"), "Spark's jars at /opt/spark/jars");
        assertTrue(recipe.contains("SPARK_HOME=/opt/spark"), "SPARK_HOME");
        Matcher user = Pattern.compile("(?m)^USER\\s+\\$\\{DEEPDUAL_UID}\\s*$").matcher(recipe);
        assertTrue(user.find() && recipe.contains("ARG DEEPDUAL_UID=10001") && recipe.contains("--uid \"${DEEPDUAL_UID}\""),
                "the image ends as the deepdual user, uid 10001 (the manifests' runAsUser)");
        assertTrue(recipe.contains("ENTRYPOINT [\"/opt/entrypoint.sh\"]"), "the entrypoint serves Spark's driver and executor roles");

        List<String> packages = Files.readAllLines(build.root().resolve("deploy/docker/base-packages")).stream()
                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        for (String p : List.of("openjdk-17-jre-headless", "libopenblas0", "dataset-fashion-mnist", "tini")) {
            assertTrue(packages.contains(p), "deploy/docker/base-packages lacks " + p + ": " + packages);
        }

        String entrypoint = Files.readString(build.root().resolve("deploy/docker/entrypoint.sh"));
        assertTrue(entrypoint.contains("  driver)") && entrypoint.contains("--deploy-mode client"), "driver role: spark-submit in client mode");
        assertTrue(entrypoint.contains("  executor)") && entrypoint.contains("org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend"),
                "executor role: Spark on Kubernetes' executor backend");
        String pom = Files.readString(build.root().resolve("pom.xml"));
        Matcher profile = Pattern.compile("(?s)<id>image</id>.*?</profile>").matcher(pom);
        assertTrue(profile.find(), "pom.xml has no image profile");
        assertTrue(profile.group().contains("<artifactId>spark-kubernetes_${scala.binary.version}</artifactId>")
                && profile.group().contains("<version>${spark.version}</version>"),
                "the image profile must add spark-kubernetes of the build's Spark version");
    }

    @Test
    void dockerignoreSendsWhatTheRecipesCopyAndNothingElse() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String recipe : RECIPES) {
            Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+\\S+$").matcher(Files.readString(build.root().resolve(recipe)));
            while (copy.find()) {
                sources.add(copy.group(1).replace("${VERSION}", build.version()).replace("*", build.version()));
            }
        }
        assertTrue(sources.size() >= 10, "COPY lines found: " + sources);
        for (String source : sources) {
            assertFalse(IgnoreRule.excludes(ignore, source), ".dockerignore keeps " + source + " out of the context, but it is copied");
        }
        for (String left : List.of(".git", "src/main/java/org/deepdual/cli/Main.java", "results/quickstart/summary.csv",
                "target/classes/org", "target/" + build.artifactId() + "-" + build.version() + ".jar", "docs/cli.md", "benchmarks")) {
            assertTrue(IgnoreRule.excludes(ignore, left), ".dockerignore sends " + left + " to the build");
        }
    }

    @Test
    void theIgnoreRulesFollowDockerSemantics() {
        List<IgnoreRule> rules = IgnoreRule.parse(List.of("# comment", "*", "!keep/", "keep/drop.txt", "!a/*.jar"));
        assertTrue(IgnoreRule.excludes(rules, "x.txt"));
        assertFalse(IgnoreRule.excludes(rules, "keep/file"));
        assertTrue(IgnoreRule.excludes(rules, "keep/drop.txt"), "a later rule wins");
        assertFalse(IgnoreRule.excludes(rules, "a/b.jar"));
        assertTrue(IgnoreRule.excludes(rules, "a/b.txt"));
    }

    private static String env(String recipe, String name) {
        Matcher m = Pattern.compile("(?m)^(?:ENV\\s+|\\s+)" + name + "=(\\S+)").matcher(recipe);
        assertTrue(m.find(), "no ENV " + name);
        return m.group(1);
    }

    /** One line of .dockerignore: a glob over context-relative paths that also matches everything under a matched directory. */
    private record IgnoreRule(PathMatcher glob, boolean include) {
        static List<IgnoreRule> parse(List<String> lines) {
            List<IgnoreRule> rules = new ArrayList<>();
            for (String l : lines) {
                String s = l.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                boolean include = s.startsWith("!");
                String glob = (include ? s.substring(1) : s).replaceAll("/+$", "");
                rules.add(new IgnoreRule(FileSystems.getDefault().getPathMatcher("glob:" + glob), include));
            }
            return rules;
        }

        /** Whether the path (or a directory above it) is excluded: the last rule that matches decides. */
        static boolean excludes(List<IgnoreRule> rules, String path) {
            boolean excluded = false;
            for (IgnoreRule r : rules) {
                for (Path p = Path.of(path.replaceAll("/+$", "")); p != null; p = p.getParent()) {
                    if (r.glob.matches(p)) {
                        excluded = !r.include;
                        break;
                    }
                }
            }
            return excluded;
        }
    }
}

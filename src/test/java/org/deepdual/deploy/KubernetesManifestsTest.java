package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s and deploy/docker agree with the build: every YAML parses and has the fields its kind
 * needs; image, main class, jar path, Spark version, the cluster-mode driver's JVM flags and the
 * service account, volume claim and specs they name exist; the Dockerfile installs the same netlib
 * LAPACK the build resolves.
 */
class KubernetesManifestsTest {
    private static ProjectBuild build;
    private static K8sManifests manifests;
    private static Map<String, List<JsonNode>> byKind;   // kind -> documents (embedded ones included)

    @BeforeAll
    static void readManifests() throws IOException {
        build = ProjectBuild.read();
        manifests = K8sManifests.read(build.root());
        byKind = new TreeMap<>();
        assertTrue(manifests.all().stream().map(m -> m.where().split("#")[0]).distinct().count() >= 8,
                "expected the k8s manifests, found " + manifests.all());
        for (K8sManifests.Manifest m : manifests.all()) {
            JsonNode doc = m.doc();
            for (String field : List.of("apiVersion", "kind")) {
                assertTrue(doc.path(field).isTextual(), m.where() + ": a document has no " + field);
            }
            assertTrue(doc.path("metadata").path("name").isTextual(), m.where() + ": " + doc.get("kind") + " has no name");
            if (!doc.get("kind").asText().equals("Namespace")) {
                assertEquals("deepdual", doc.path("metadata").path("namespace").asText(), m.where() + ": " + doc.get("kind") + " namespace");
            }
            byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>()).add(doc);
        }
    }

    @Test
    void everyKindTheIssueAsksForIsThere() {
        for (String kind : List.of("SparkApplication", "ScheduledSparkApplication", "CronJob", "ServiceAccount", "Role",
                "RoleBinding", "PersistentVolumeClaim", "ConfigMap")) {
            assertTrue(byKind.containsKey(kind), "no " + kind + " under deploy/k8s (have " + byKind.keySet() + ")");
        }
        List<String> apis = byKind.get("SparkApplication").stream().map(d -> d.get("apiVersion").asText()).distinct().sorted().toList();
        assertEquals(List.of("spark.apache.org/v1", "sparkoperator.k8s.io/v1beta2"), apis);
        for (JsonNode cron : byKind.get("CronJob")) {
            assertEquals("batch/v1", cron.get("apiVersion").asText());
        }
        assertEquals("sparkoperator.k8s.io/v1beta2", only("ScheduledSparkApplication").get("apiVersion").asText());
    }

    @Test
    void kubeflowApplicationsRunTheBuildsJarImageAndMainClass() throws Exception {
        List<JsonNode> specs = new ArrayList<>();
        byKind.get("SparkApplication").stream().filter(d -> d.get("apiVersion").asText().startsWith("sparkoperator"))
                .forEach(d -> specs.add(d.get("spec")));
        specs.add(only("ScheduledSparkApplication").get("spec").get("template"));
        for (JsonNode spec : specs) {
            assertEquals("Java", spec.path("type").asText());
            assertEquals("cluster", spec.path("mode").asText());
            assertEquals(build.image(), spec.path("image").asText());
            assertMainClass(spec.path("mainClass").asText());
            assertEquals(build.jarUri(), spec.path("mainApplicationFile").asText());
            assertEquals(build.sparkVersion(), spec.path("sparkVersion").asText());
            assertEquals("Never", spec.path("restartPolicy").path("type").asText());
            assertEquals(serviceAccount(), spec.path("driver").path("serviceAccount").asText());
            assertSpecArguments(spec.path("arguments"));
            assertDriverJvmFlags(spec.path("sparkConf").path("spark.driver.extraJavaOptions").asText());
            String taskCpus = spec.path("sparkConf").path("spark.task.cpus").asText();
            assertEquals(taskCpus, spec.path("sparkConf").path("spark.executorEnv.OPENBLAS_NUM_THREADS").asText(),
                    "OPENBLAS_NUM_THREADS must equal spark.task.cpus");
            assertEquals(taskCpus, env(spec.path("executor").path("env"), "OPENBLAS_NUM_THREADS"));
            assertNonRoot(spec.path("driver").path("securityContext"));
            assertNonRoot(spec.path("executor").path("securityContext"));
            List<String> claims = new ArrayList<>();
            spec.path("volumes").forEach(v -> claims.add(v.path("persistentVolumeClaim").path("claimName").asText(null)));
            claims.removeIf(c -> c == null);
            assertEquals(List.of(claimName()), claims, "the results volume");
        }
    }

    @Test
    void nightlyScheduleNeverOverlaps() throws Exception {
        JsonNode scheduled = only("ScheduledSparkApplication").get("spec");
        assertEquals("Forbid", scheduled.path("concurrencyPolicy").asText());
        assertCron(scheduled.path("schedule").asText());
        assertEquals("nightly", scheduled.path("template").path("arguments").get(0).asText());

        JsonNode cron = manifests.named("CronJob", "deepdual-nightly").doc().get("spec");
        assertEquals("Forbid", cron.path("concurrencyPolicy").asText());
        assertCron(cron.path("schedule").asText());
        JsonNode pod = cron.path("jobTemplate").path("spec").path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText());
        assertEquals(serviceAccount(), pod.path("serviceAccountName").asText());
        assertNonRoot(pod.path("securityContext"));
        JsonNode container = pod.path("containers").get(0);
        assertEquals(build.image(), container.path("image").asText());
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertMainClass(args.get(args.indexOf("--class") + 1));
        assertDriverJvmFlags(args.get(args.indexOf("--driver-java-options") + 1));
        assertEquals("client", args.get(args.indexOf("--deploy-mode") + 1), "the pod is the driver, so its exit status is the study's");
        int jar = args.indexOf(build.jarUri());
        assertTrue(jar > 0, "CronJob args do not run " + build.jarUri() + ": " + args);
        assertEquals("nightly", args.get(jar + 1));
        assertSpecFromConfigMap(args.get(jar + 2));
        assertTrue(args.contains("spark.task.cpus=1") && args.contains("spark.executorEnv.OPENBLAS_NUM_THREADS=1"), args.toString());
    }

    @Test
    void apacheOperatorApplicationsRunTheBuildsJarImageAndMainClass() throws Exception {
        List<JsonNode> apache = byKind.get("SparkApplication").stream()
                .filter(d -> d.get("apiVersion").asText().equals("spark.apache.org/v1")).toList();
        assertEquals(2, apache.size(), "the Apache quickstart and nightly applications");
        for (JsonNode app : apache) {
            assertApacheApplication(app.get("spec"));
        }
    }

    private static void assertApacheApplication(JsonNode spec) throws Exception {
        assertMainClass(spec.path("mainClass").asText());
        assertEquals(build.jarUri(), spec.path("jars").asText());
        assertSpecArguments(spec.path("driverArgs"));
        JsonNode conf = spec.path("sparkConf");
        assertEquals(build.image(), conf.path("spark.kubernetes.container.image").asText());
        assertEquals(serviceAccount(), conf.path("spark.kubernetes.authenticate.driver.serviceAccountName").asText());
        assertDriverJvmFlags(conf.path("spark.driver.extraJavaOptions").asText());
        assertEquals(conf.path("spark.task.cpus").asText(), conf.path("spark.executorEnv.OPENBLAS_NUM_THREADS").asText());
        assertEquals(claimName(), conf.path("spark.kubernetes.executor.volumes.persistentVolumeClaim.results.options.claimName").asText());
        assertEquals(build.sparkVersion(), spec.path("runtimeVersions").path("sparkVersion").asText());
        assertEquals(build.scalaBinary(), spec.path("runtimeVersions").path("scalaVersion").asText());
        assertNonRoot(spec.path("driverSpec").path("podTemplateSpec").path("spec").path("securityContext"));
    }

    @Test
    void driverServiceAccountMayManageItsExecutorPods() {
        JsonNode role = manifests.named("Role", serviceAccount()).doc();
        JsonNode binding = manifests.named("RoleBinding", serviceAccount()).doc();
        assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        assertEquals("Role", binding.path("roleRef").path("kind").asText());
        JsonNode subject = binding.path("subjects").get(0);
        assertEquals("ServiceAccount", subject.path("kind").asText());
        assertEquals(serviceAccount(), subject.path("name").asText());
        boolean podsManaged = false;
        for (JsonNode rule : role.path("rules")) {
            List<String> res = new ArrayList<>();
            List<String> verbs = new ArrayList<>();
            rule.path("resources").forEach(r -> res.add(r.asText()));
            rule.path("verbs").forEach(v -> verbs.add(v.asText()));
            podsManaged |= res.contains("pods") && verbs.containsAll(List.of("create", "get", "list", "watch", "delete"));
            assertFalse(verbs.contains("*") || res.contains("*") || res.contains("secrets"),
                    "the driver's Role must not grant wildcards or secrets: " + rule);
        }
        assertTrue(podsManaged, "the driver's Role does not let it create, watch and delete pods");
    }

    @Test
    void dockerfileMatchesTheBuild() throws Exception {
        String docker = Files.readString(build.root().resolve("deploy/docker/Dockerfile"));
        String from = arg(docker, "SPARK_IMAGE");
        assertEquals("apache/spark:" + build.sparkVersion() + "-scala" + build.scalaBinary() + "-java17-ubuntu", from);
        assertTrue(docker.contains("FROM ${SPARK_IMAGE}"), "Dockerfile must build FROM the SPARK_IMAGE argument");
        assertEquals(ProjectBuild.netlibLapackVersion(), arg(docker, "NETLIB_VERSION"),
                "the image must keep the netlib LAPACK the build resolves (the thin-SVD workaround of linalg.Decompositions)");
        String jarPath = build.jarUri().substring("local://".length());
        assertTrue(docker.contains("target/" + build.artifactId() + "-*-all.jar " + jarPath), "the image must hold the jar at " + jarPath);
        assertTrue(docker.contains("conf/ /opt/deepdual/conf/"), "the image must carry conf/ (spark-jvm.args) at /opt/deepdual/conf/");
        Matcher apt = Pattern.compile("apt-get install[^;\\n]*").matcher(docker);
        assertTrue(apt.find(), "no apt-get install");
        assertTrue(apt.group().contains("libopenblas0") && apt.group().contains("dataset-fashion-mnist"), apt.group());
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$").matcher(docker);
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        assertEquals("${DEEPDUAL_UID}", last, "the image must end as the non-root deepdual user");
        assertFalse(arg(docker, "DEEPDUAL_UID").equals("0"));
    }

    @Test
    void k8sSubmitProfileAgreesWithTheImage() throws IOException {
        Map<String, String> profile = build.profile("k8s");
        assertEquals(build.image(), profile.get("spark.kubernetes.container.image"));
        assertEquals(build.jarUri(), profile.get("deepdual.jar"));
        assertEquals(serviceAccount(), profile.get("spark.kubernetes.authenticate.driver.serviceAccountName"));
    }

    @Test
    void noSecretsInDeploymentFiles() throws IOException {
        // NSS_WRAPPER_PASSWD is nss_wrapper's variable for the user database the image's entrypoint fakes
        Pattern secret = Pattern.compile("(?i)(password|(?<!NSS_WRAPPER_)passwd|secret|token|api[_-]?key|BEGIN [A-Z ]*PRIVATE KEY|AKIA[0-9A-Z]{16})");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("deploy", "conf")) {
            try (Stream<Path> s = Files.walk(build.root().resolve(dir))) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        for (Path f : files) {
            Matcher m = secret.matcher(Files.readString(f));
            if (m.find()) {
                fail(f + " mentions '" + m.group() + "': deployment files must not carry credentials");
            }
        }
    }

    private static JsonNode only(String kind) {
        List<JsonNode> docs = byKind.get(kind);
        assertEquals(1, docs.size(), "expected one " + kind);
        return docs.get(0);
    }

    /** The driver's service account: the one rbac.yaml creates (a second one, the Apache nightly's scheduler, only creates applications). */
    static String serviceAccount() {
        return manifests.named("ServiceAccount", "deepdual-driver").name();
    }

    private static String claimName() {
        return only("PersistentVolumeClaim").path("metadata").path("name").asText();
    }

    private static void assertMainClass(String mainClass) throws ReflectiveOperationException {
        assertEquals(build.mainClass(), mainClass);
        Class.forName(mainClass).getMethod("main", String[].class);
    }

    private static void assertSpecArguments(JsonNode args) {
        assertTrue(args.isArray() && args.size() >= 2, "arguments must be COMMAND SPEC: " + args);
        assertTrue(List.of("sweep", "nightly").contains(args.get(0).asText()), args.toString());
        assertSpecFromConfigMap(args.get(1).asText());
    }

    private static void assertDriverJvmFlags(String flags) {
        assertEquals(ProjectBuild.imageJvmArgsFile(), flags.strip(),
                "a cluster-mode driver needs exactly conf/spark-jvm.args (a cluster-mode driver is started without Spark's module options)");
    }

    private static void assertNonRoot(JsonNode securityContext) {
        assertTrue(securityContext.path("runAsNonRoot").asBoolean(), "runAsNonRoot missing: " + securityContext);
        assertTrue(securityContext.path("runAsUser").asInt() > 0, "runAsUser must be non-zero: " + securityContext);
    }

    private static void assertCron(String schedule) {
        assertTrue(schedule.matches("\\S+( \\S+){4}"), "not a 5-field cron schedule: " + schedule);
    }

    /** A spec path the driver reads from the ConfigMap deepdual-jobs, whose copy must equal jobs/ in the repository. */
    private static void assertSpecFromConfigMap(String path) {
        String inCluster = manifests.specAt(path);
        Path inRepo = build.root().resolve("jobs").resolve(path.substring(K8sManifests.JOBS_DIR.length()));
        try {
            assertEquals(Files.readString(inRepo), inCluster, "deploy/k8s/specs.yaml's copy of " + inRepo
                    + " differs: regenerate it (the command is in its header)");
        } catch (IOException e) {
            throw new AssertionError("spec " + path + " has no counterpart " + inRepo, e);
        }
    }

    private static String env(JsonNode envList, String name) {
        for (JsonNode e : envList) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        fail("no env " + name + " in " + envList);
        return "";
    }

    private static String arg(String dockerfile, String name) {
        Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(dockerfile);
        assertTrue(m.find(), "Dockerfile has no ARG " + name);
        return m.group(1);
    }
}

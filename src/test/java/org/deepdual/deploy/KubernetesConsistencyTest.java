package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the manifests under deploy/k8s must agree on among themselves and with conf/profiles/k8s.conf: the
 * executors' shape, where the driver reads its spec (the ConfigMap deepdual-jobs, a copy of jobs/), when
 * nights run (02:00 in a named UTC zone, never two at once), that finished runs expire, and that the Apache
 * operator's nightly CronJob creates exactly the SparkApplication that KubernetesCrdSchemaTest validates.
 */
class KubernetesConsistencyTest {
    private static final String KUBEFLOW = "sparkoperator.k8s.io/v1beta2";
    private static final String APACHE = "spark.apache.org/v1";
    private static ProjectBuild build;
    private static K8sManifests manifests;

    @BeforeAll
    static void read() throws IOException {
        build = ProjectBuild.read();
        manifests = K8sManifests.read(build.root());
    }

    /** What every application must share with conf/profiles/k8s.conf: the executors' shape and the Prometheus setup. */
    private static final List<String> SHARED = List.of("spark.executor.cores", "spark.executor.memory",
            "spark.ui.prometheus.enabled", "spark.metrics.conf");

    @Test
    void everyApplicationHasTheK8sProfilesExecutorsAndMetrics() {
        Map<String, String> profile = build.profile("k8s");
        List<String> expected = SHARED.stream().map(k -> String.valueOf(profile.get(k))).toList();
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (K8sManifests.Manifest m : manifests.all()) {
            JsonNode spec = m.doc().path("spec");
            if (m.apiVersion().equals(KUBEFLOW)) {
                JsonNode app = m.kind().equals("ScheduledSparkApplication") ? spec.path("template") : spec;
                JsonNode conf = app.path("sparkConf");
                found.put(m.where(), List.of(app.path("executor").path("cores").asText(), app.path("executor").path("memory").asText(),
                        conf.path(SHARED.get(2)).asText(), conf.path(SHARED.get(3)).asText()));
            } else if (m.apiVersion().equals(APACHE)) {
                JsonNode conf = spec.path("sparkConf");
                found.put(m.where(), SHARED.stream().map(k -> conf.path(k).asText()).toList());
            } else if (m.kind().equals("CronJob") && m.name().equals("deepdual-nightly")) {
                List<String> args = new ArrayList<>();
                container(m.doc()).path("args").forEach(a -> args.add(a.asText()));
                found.put(m.where(), SHARED.stream().map(k -> conf(args, k)).toList());
            }
        }
        assertEquals(5, found.size(), "the manifests that start executors: " + found.keySet());
        found.forEach((where, values) -> assertEquals(expected, values,
                where + ": " + SHARED + " differ from conf/profiles/k8s.conf's"));
        assertTrue(expected.get(3).startsWith("/opt/deepdual/conf/") && Files.isRegularFile(
                build.root().resolve("conf").resolve(expected.get(3).substring("/opt/deepdual/conf/".length()))),
                "spark.metrics.conf " + expected.get(3) + " is not the image's copy of a file in conf/");
    }

    /** Issue 18: an evicted or pre-empted executor pod leaves gracefully, whichever way the application was started. */
    @Test
    void everyApplicationDecommissionsItsExecutorsAsTheK8sProfileDoes() {
        Map<String, String> profile = build.profile("k8s");
        Map<String, String> expected = new java.util.TreeMap<>();
        profile.forEach((k, v) -> {
            if (k.toLowerCase(java.util.Locale.ROOT).contains("decommission")) {
                expected.put(k, String.valueOf(v));
            }
        });
        assertEquals("true", expected.get("spark.decommission.enabled"), "k8s.conf turns decommissioning on: " + expected);
        assertEquals("true", expected.get("spark.storage.decommission.enabled"), "and block migration: " + expected);
        int checked = 0;
        for (K8sManifests.Manifest m : manifests.all()) {
            JsonNode spec = m.doc().path("spec");
            Map<String, String> found = new java.util.TreeMap<>();
            if (m.apiVersion().equals(KUBEFLOW) || m.apiVersion().equals(APACHE)) {
                JsonNode app = m.kind().equals("ScheduledSparkApplication") ? spec.path("template") : spec;
                expected.keySet().forEach(k -> found.put(k, app.path("sparkConf").path(k).asText()));
            } else if (m.kind().equals("CronJob") && m.name().equals("deepdual-nightly")) {
                List<String> args = new ArrayList<>();
                container(m.doc()).path("args").forEach(a -> args.add(a.asText()));
                expected.keySet().forEach(k -> found.put(k, conf(args, k)));
            } else {
                continue;
            }
            assertEquals(expected, found, m.where() + ": decommission settings differ from conf/profiles/k8s.conf's");
            checked++;
        }
        assertEquals(5, checked, "the manifests that start executors");
    }

    @Test
    void everyDriverReadsItsSpecFromTheJobsConfigMap() throws IOException {
        List<String> checked = new ArrayList<>();
        for (K8sManifests.Manifest m : manifests.all()) {
            JsonNode spec = m.doc().path("spec");
            if (m.apiVersion().equals(KUBEFLOW)) {
                JsonNode app = m.kind().equals("ScheduledSparkApplication") ? spec.path("template") : spec;
                assertJobsMounted(m.where(), app.path("volumes"), app.path("driver").path("volumeMounts"));
            } else if (m.apiVersion().equals(APACHE)) {
                JsonNode pod = spec.path("driverSpec").path("podTemplateSpec").path("spec");
                JsonNode driver = pod.path("containers").get(0);
                assertEquals(spec.path("sparkConf").path("spark.kubernetes.driver.podTemplateContainerName").asText(),
                        driver.path("name").asText(), m.where() + ": Spark merges the template container of that name into the driver");
                assertJobsMounted(m.where(), pod.path("volumes"), driver.path("volumeMounts"));
            } else if (m.kind().equals("CronJob") && m.name().equals("deepdual-nightly")) {
                assertJobsMounted(m.where(), pod(m.doc()).path("volumes"), container(m.doc()).path("volumeMounts"));
            } else {
                continue;
            }
            checked.add(m.where());
        }
        assertEquals(5, checked.size(), checked.toString());
        JsonNode data = manifests.named("ConfigMap", "deepdual-jobs").doc().path("data");
        for (Iterator<String> keys = data.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            assertEquals(Files.readString(build.root().resolve("jobs").resolve(key)), data.get(key).asText(),
                    "deploy/k8s/specs.yaml's copy of jobs/" + key + " differs: regenerate it (the command is in its header)");
        }
    }

    @Test
    void nightsRunAtTwoInANamedUtcZoneNeverTwoAtOnce() {
        List<JsonNode> nights = List.of(manifests.named("ScheduledSparkApplication", "deepdual-nightly").doc(),
                manifests.named("CronJob", "deepdual-nightly").doc(), manifests.named("CronJob", "deepdual-nightly-apache").doc());
        for (JsonNode night : nights) {
            String what = night.path("kind").asText() + " " + night.path("metadata").path("name").asText();
            JsonNode spec = night.path("spec");
            assertEquals("0 2 * * *", spec.path("schedule").asText(), what + " schedule");
            assertTrue(spec.path("timeZone").isTextual(), what + " has no timeZone: it would run at 02:00 in the controller's zone");
            String zone = spec.path("timeZone").asText();
            assertEquals(ZoneOffset.UTC, ZoneId.of(zone).getRules().getOffset(java.time.Instant.EPOCH),
                    what + " timeZone '" + zone + "' is not UTC");
            assertTrue(ZoneId.of(zone).getRules().isFixedOffset(), what + " timeZone '" + zone + "' has daylight saving");
            assertEquals("Forbid", spec.path("concurrencyPolicy").asText(), what + " concurrencyPolicy");
        }
    }

    @Test
    void finishedRunsExpire() {
        for (K8sManifests.Manifest m : manifests.all()) {
            JsonNode spec = m.doc().path("spec");
            if (m.apiVersion().equals(KUBEFLOW)) {
                JsonNode app = m.kind().equals("ScheduledSparkApplication") ? spec.path("template") : spec;
                assertTrue(app.path("timeToLiveSeconds").asLong() > 0, m.where() + ": no timeToLiveSeconds");
            } else if (m.apiVersion().equals(APACHE)) {
                assertTrue(spec.path("applicationTolerations").path("ttlAfterStopMillis").asLong() > 0, m.where() + ": no ttlAfterStopMillis");
            } else if (m.kind().equals("CronJob")) {
                assertTrue(spec.path("jobTemplate").path("spec").path("ttlSecondsAfterFinished").asLong() > 0,
                        m.where() + ": no ttlSecondsAfterFinished");
            }
        }
        // the Apache nightly's fixed name is its lock: a stopped night must be gone before the next one is created
        long ttl = manifests.named(APACHE, "SparkApplication", "deepdual-nightly").doc().path("spec")
                .path("applicationTolerations").path("ttlAfterStopMillis").asLong();
        assertTrue(Duration.ofMillis(ttl).compareTo(Duration.ofHours(12)) <= 0,
                "ttlAfterStopMillis " + ttl + " keeps a stopped night past half a day, so the next night may be skipped");
    }

    @Test
    void theApacheNightlyCronJobCreatesTheValidatedApplication() {
        JsonNode cron = manifests.named("CronJob", "deepdual-nightly-apache").doc();
        List<String> command = new ArrayList<>();
        container(cron).path("command").forEach(c -> command.add(c.asText()));
        assertEquals(List.of("kubectl", "create", "-f"), command.subList(0, 3), "create (not apply): an existing application must fail the night");
        String file = command.get(3);
        String dir = file.substring(0, file.lastIndexOf('/'));
        String volume = null;
        for (JsonNode mount : container(cron).path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(dir)) {
                volume = mount.path("name").asText();
            }
        }
        assertTrue(volume != null, "nothing is mounted at " + dir);
        String configMap = null;
        for (JsonNode v : pod(cron).path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                configMap = v.path("configMap").path("name").asText();
            }
        }
        K8sManifests.Manifest app = manifests.named(APACHE, "SparkApplication", "deepdual-nightly");
        assertEquals(manifests.named("ConfigMap", configMap).where() + " data." + file.substring(dir.length() + 1), app.where(),
                "the CronJob must create the SparkApplication that is validated against the CRD");
        assertFalse(app.doc().path("metadata").has("generateName"), "a generated name would let two nights run at once");
        assertEquals("nightly", app.doc().path("spec").path("driverArgs").get(0).asText());
        assertSchedulerMayCreateApplications(pod(cron).path("serviceAccountName").asText());
    }

    private static void assertSchedulerMayCreateApplications(String serviceAccount) {
        manifests.named("ServiceAccount", serviceAccount);
        assertFalse(serviceAccount.equals(build.profile("k8s").get("spark.kubernetes.authenticate.driver.serviceAccountName")),
                "the scheduler needs no rights of the driver's");
        JsonNode binding = manifests.named("RoleBinding", serviceAccount).doc();
        assertEquals(serviceAccount, binding.path("subjects").get(0).path("name").asText());
        JsonNode role = manifests.named("Role", binding.path("roleRef").path("name").asText()).doc();
        boolean mayCreate = false;
        for (JsonNode rule : role.path("rules")) {
            mayCreate |= rule.path("apiGroups").toString().contains("\"spark.apache.org\"")
                    && rule.path("resources").toString().contains("\"sparkapplications\"")
                    && rule.path("verbs").toString().contains("\"create\"");
        }
        assertTrue(mayCreate, "Role " + role.path("metadata").path("name") + " does not let " + serviceAccount + " create sparkapplications");
    }

    private static void assertJobsMounted(String where, JsonNode volumes, JsonNode mounts) {
        String dir = K8sManifests.JOBS_DIR.substring(0, K8sManifests.JOBS_DIR.length() - 1);
        String volume = null;
        for (JsonNode m : mounts) {
            if (m.path("mountPath").asText().equals(dir)) {
                volume = m.path("name").asText();
                assertTrue(m.path("readOnly").asBoolean(), where + ": " + dir + " must be mounted readOnly");
            }
        }
        assertTrue(volume != null, where + ": the driver does not mount " + dir);
        for (JsonNode v : volumes) {
            if (v.path("name").asText().equals(volume)) {
                assertEquals("deepdual-jobs", v.path("configMap").path("name").asText(), where + ": volume " + volume);
                return;
            }
        }
        throw new AssertionError(where + ": the driver mounts volume '" + volume + "', which the pod does not declare");
    }

    private static JsonNode pod(JsonNode cronJob) {
        return cronJob.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
    }

    private static JsonNode container(JsonNode cronJob) {
        return pod(cronJob).path("containers").get(0);
    }

    private static String conf(List<String> args, String key) {
        return args.stream().filter(a -> a.startsWith(key + "=")).map(a -> a.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("CronJob args set no " + key + ": " + args));
    }
}

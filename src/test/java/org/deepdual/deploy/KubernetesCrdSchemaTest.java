package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under deploy/k8s is one the cluster would accept: operator kinds are validated against the
 * {@code openAPIV3Schema} of the operators' published CRDs (test resources k8s-crds/, closed against unknown
 * fields as the API server prunes them), built-in kinds by {@link BuiltInKindChecks}. Planted mistakes in
 * in-memory copies must fail, naming the field.
 */
class KubernetesCrdSchemaTest {
    private static final String KUBEFLOW = "sparkoperator.k8s.io/v1beta2";
    private static final String APACHE = "spark.apache.org/v1";
    private static K8sManifests manifests;
    private static CrdSchemas crds;

    @BeforeAll
    static void load() throws IOException {
        manifests = K8sManifests.read(ProjectBuild.read().root());
        crds = CrdSchemas.load();
    }

    @Test
    void theCrdsOfBothOperatorsAreLoaded() {
        assertEquals(List.of("spark.apache.org/v1 SparkApplication", "spark.apache.org/v1beta1 SparkApplication",
                "sparkoperator.k8s.io/v1beta2 ScheduledSparkApplication", "sparkoperator.k8s.io/v1beta2 SparkApplication"),
                List.copyOf(crds.kinds()));
    }

    @Test
    void everyOperatorManifestMatchesItsCrd() {
        Map<String, List<String>> violations = new LinkedHashMap<>();
        List<String> validated = new ArrayList<>();
        for (K8sManifests.Manifest m : manifests.all()) {
            if (crds.of(m.doc()).isPresent()) {
                validated.add(m.where());
                List<String> v = crds.violations(m.doc());
                if (!v.isEmpty()) {
                    violations.put(m.where() + " (" + m.kind() + " " + m.name() + ")", v);
                }
            }
        }
        assertEquals(Map.of(), violations, "manifests the operators' CRDs reject");
        assertEquals(List.of("deploy/k8s/apache/nightly.yaml#3 data.sparkapplication.yaml", "deploy/k8s/apache/quickstart.yaml#0",
                "deploy/k8s/kubeflow/nightly.yaml#0", "deploy/k8s/kubeflow/quickstart.yaml#0"), validated,
                "the operator manifests validated against a CRD");
    }

    @Test
    void everyBuiltInManifestHasWhatItsKindRequires() {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (K8sManifests.Manifest m : manifests.all()) {
            if (crds.of(m.doc()).isEmpty()) {
                List<String> p = BuiltInKindChecks.problems(m.doc());
                if (!p.isEmpty()) {
                    problems.put(m.where() + " (" + m.kind() + " " + m.name() + ")", p);
                }
            }
        }
        assertEquals(Map.of(), problems);
        for (String kind : List.of("CronJob", "ConfigMap", "Role", "RoleBinding", "ServiceAccount", "PersistentVolumeClaim")) {
            assertFalse(manifests.ofKind(kind).isEmpty(), "no " + kind + " was checked");
        }
    }

    @Test
    void aMisspeltFieldIsRejectedByName() {
        assertRejected(KUBEFLOW, "ScheduledSparkApplication", "deepdual-nightly", "timezone", doc -> {
            ObjectNode spec = (ObjectNode) doc.get("spec");
            spec.set("timezone", spec.remove("timeZone"));
        });
        assertRejected(APACHE, "SparkApplication", "deepdual-quickstart", "ttlAfterStop",
                doc -> ((ObjectNode) doc.path("spec").path("applicationTolerations")).put("ttlAfterStop", 3600000));
    }

    @Test
    void aWrongTypeOrValueIsRejectedByName() {
        assertRejected(KUBEFLOW, "ScheduledSparkApplication", "deepdual-nightly", "timeToLiveSeconds",
                doc -> ((ObjectNode) doc.path("spec").path("template")).put("timeToLiveSeconds", "two weeks"));
        assertRejected(KUBEFLOW, "ScheduledSparkApplication", "deepdual-nightly", "cores",
                doc -> ((ObjectNode) doc.path("spec").path("template").path("executor")).put("cores", "2"));
        assertRejected(KUBEFLOW, "ScheduledSparkApplication", "deepdual-nightly", "mode",
                doc -> ((ObjectNode) doc.path("spec").path("template")).put("mode", "both"));
        assertRejected(APACHE, "SparkApplication", "deepdual-nightly", "resourceRetainPolicy",
                doc -> ((ObjectNode) doc.path("spec").path("applicationTolerations")).put("resourceRetainPolicy", "Sometimes"));
    }

    @Test
    void aMissingRequiredFieldIsRejectedByName() {
        assertRejected(KUBEFLOW, "ScheduledSparkApplication", "deepdual-nightly", "sparkVersion",
                doc -> ((ObjectNode) doc.path("spec").path("template")).remove("sparkVersion"));
        assertRejected(APACHE, "SparkApplication", "deepdual-nightly", "runtimeVersions",
                doc -> ((ObjectNode) doc.path("spec")).remove("runtimeVersions"));
    }

    @Test
    void plantedMistakesInBuiltInKindsAreFoundByName() {
        JsonNode cron = manifests.named("CronJob", "deepdual-nightly").doc().deepCopy();
        ((ObjectNode) cron.get("spec")).put("timeZone", "Mars/Olympus_Mons");
        ((ObjectNode) cron.get("spec")).put("schedule", "0 2 * *");
        ((ObjectNode) cron.get("spec")).put("concurrencyPolicy", "Sometimes");
        ((ObjectNode) cron.get("metadata")).put("name", "deepdual-nightly-with-a-name-far-too-long-for-a-cronjob");
        List<String> p = BuiltInKindChecks.problems(cron);
        assertEquals(4, p.size(), p.toString());
        for (String expected : List.of("spec.timeZone: 'Mars/Olympus_Mons'", "spec.schedule: '0 2 * *'",
                "spec.concurrencyPolicy: 'Sometimes'", "metadata.name: 'deepdual-nightly-with-a-name-far-too-long")) {
            assertTrue(p.stream().anyMatch(s -> s.startsWith(expected)), expected + " not in " + p);
        }
        JsonNode claim = manifests.named("PersistentVolumeClaim", "deepdual-results").doc().deepCopy();
        ((ObjectNode) claim.path("spec")).putArray("accessModes").add("ReadWriteSometimes");
        ((ObjectNode) claim).put("sepc", "typo");
        assertEquals(List.of("sepc: not a field of PersistentVolumeClaim",
                "spec.accessModes: 'ReadWriteSometimes' is not one of [ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod]"),
                BuiltInKindChecks.problems(claim));
        JsonNode unknown = K8sManifests.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        assertEquals(List.of("kind: no structural check for 'Secret'"), BuiltInKindChecks.problems(unknown));
    }

    /** A copy of the named manifest, mutated, must fail its CRD with a violation that names the field. */
    private static void assertRejected(String apiVersion, String kind, String name, String field, Consumer<JsonNode> mutation) {
        JsonNode copy = manifests.named(apiVersion, kind, name).doc().deepCopy();
        assertTrue(crds.violations(copy).isEmpty(), "the original is valid");
        mutation.accept(copy);
        List<String> v = crds.violations(copy);
        assertFalse(v.isEmpty(), kind + " " + name + ": the planted mistake in '" + field + "' passed");
        assertTrue(v.stream().anyMatch(s -> s.contains(field)), "no violation names '" + field + "': " + v);
    }
}

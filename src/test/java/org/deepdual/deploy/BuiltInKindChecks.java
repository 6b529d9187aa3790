package org.deepdual.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks of the built-in kinds deploy/k8s uses, which no CRD describes: the apiVersion of the
 * kind, the fields the API server requires, the values it accepts (enums, time zone, cron schedule, names).
 * Each problem names the field and the value. A kind without a check here is itself a problem, so a new
 * kind cannot slip through unchecked.
 */
final class BuiltInKindChecks {
    private static final Map<String, String> API_VERSION = Map.of("Namespace", "v1", "ServiceAccount", "v1",
            "ConfigMap", "v1", "PersistentVolumeClaim", "v1", "Role", "rbac.authorization.k8s.io/v1",
            "RoleBinding", "rbac.authorization.k8s.io/v1", "CronJob", "batch/v1");
    private static final Map<String, Set<String>> TOP_LEVEL = Map.of(
            "ConfigMap", Set.of("data", "binaryData", "immutable"), "Role", Set.of("rules"),
            "RoleBinding", Set.of("subjects", "roleRef"), "PersistentVolumeClaim", Set.of("spec"),
            "CronJob", Set.of("spec"), "Namespace", Set.of("spec"), "ServiceAccount", Set.of());
    /** RFC 1123 subdomain, as metadata.name must be. */
    private static final String NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    private final List<String> problems = new ArrayList<>();

    private BuiltInKindChecks() {
    }

    static boolean covers(String kind) {
        return API_VERSION.containsKey(kind);
    }

    /** Every problem of one object of a built-in kind, as "field: what is wrong"; empty when it would be accepted. */
    static List<String> problems(JsonNode doc) {
        BuiltInKindChecks c = new BuiltInKindChecks();
        c.check(doc);
        return c.problems;
    }

    private void check(JsonNode doc) {
        String kind = doc.path("kind").asText();
        if (!covers(kind)) {
            problems.add("kind: no structural check for '" + kind + "'");
            return;
        }
        expect("apiVersion", doc.path("apiVersion").asText().equals(API_VERSION.get(kind)),
                doc.path("apiVersion") + ", " + kind + " is " + API_VERSION.get(kind));
        String name = doc.path("metadata").path("name").asText();
        expect("metadata.name", name.matches(NAME) && name.length() <= 253, "'" + name + "' is not a DNS subdomain name");
        for (Iterator<String> it = doc.fieldNames(); it.hasNext();) {
            String field = it.next();
            expect(field, Set.of("apiVersion", "kind", "metadata").contains(field) || TOP_LEVEL.get(kind).contains(field),
                    "not a field of " + kind);
        }
        switch (kind) {
            case "ConfigMap" -> configMap(doc);
            case "PersistentVolumeClaim" -> claim(doc.path("spec"));
            case "Role" -> role(doc);
            case "RoleBinding" -> binding(doc);
            case "CronJob" -> cronJob(name, doc.path("spec"));
            default -> { }
        }
    }

    private void configMap(JsonNode doc) {
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("data").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            expect("data." + e.getKey(), e.getKey().matches("[-._a-zA-Z0-9]+"), "not a valid ConfigMap key");
            expect("data." + e.getKey(), e.getValue().isTextual(), "value must be a string, got " + e.getValue().getNodeType());
        }
    }

    private void claim(JsonNode spec) {
        expect("spec.accessModes", spec.path("accessModes").isArray() && !spec.path("accessModes").isEmpty(), "missing");
        for (JsonNode mode : spec.path("accessModes")) {
            oneOf("spec.accessModes", mode.asText(), "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
        }
        String storage = spec.path("resources").path("requests").path("storage").asText();
        expect("spec.resources.requests.storage", storage.matches("[0-9]+(\\.[0-9]+)?([KMGTPE]i?)?"),
                "'" + storage + "' is not a quantity");
    }

    private void role(JsonNode doc) {
        expect("rules", doc.path("rules").isArray() && !doc.path("rules").isEmpty(), "missing");
        int i = 0;
        for (JsonNode rule : doc.path("rules")) {
            for (String f : List.of("apiGroups", "resources", "verbs")) {
                expect("rules[" + i + "]." + f, rule.path(f).isArray() && !rule.path(f).isEmpty(), "missing");
            }
            for (JsonNode verb : rule.path("verbs")) {
                oneOf("rules[" + i + "].verbs", verb.asText(), "get", "list", "watch", "create", "update", "patch", "delete",
                        "deletecollection");
            }
            i++;
        }
    }

    private void binding(JsonNode doc) {
        JsonNode ref = doc.path("roleRef");
        expect("roleRef.apiGroup", ref.path("apiGroup").asText().equals("rbac.authorization.k8s.io"), ref.path("apiGroup").toString());
        oneOf("roleRef.kind", ref.path("kind").asText(), "Role", "ClusterRole");
        expect("roleRef.name", ref.path("name").isTextual(), "missing");
        expect("subjects", doc.path("subjects").isArray() && !doc.path("subjects").isEmpty(), "missing");
        for (JsonNode s : doc.path("subjects")) {
            oneOf("subjects[].kind", s.path("kind").asText(), "ServiceAccount", "User", "Group");
            expect("subjects[].name", s.path("name").isTextual(), "missing");
        }
    }

    private void cronJob(String name, JsonNode spec) {
        // the controller appends an 11-character suffix to Job names, which must stay within 63 characters
        expect("metadata.name", name.length() <= 52, "'" + name + "' is longer than a CronJob's 52 characters");
        String schedule = spec.path("schedule").asText();
        expect("spec.schedule", schedule.matches("[0-9*/,-]+( [0-9*/,-]+){4}"), "'" + schedule + "' is not a 5-field cron schedule");
        if (spec.has("timeZone")) {
            String zone = spec.path("timeZone").asText();
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                problems.add("spec.timeZone: '" + zone + "' is not an IANA time zone");
            }
        }
        oneOf("spec.concurrencyPolicy", spec.path("concurrencyPolicy").asText("Allow"), "Allow", "Forbid", "Replace");
        JsonNode pod = spec.path("jobTemplate").path("spec").path("template").path("spec");
        oneOf("spec.jobTemplate.spec.template.spec.restartPolicy", pod.path("restartPolicy").asText(), "Never", "OnFailure");
        expect("spec.jobTemplate.spec.template.spec.containers", pod.path("containers").isArray()
                && !pod.path("containers").isEmpty(), "missing");
        Set<String> volumes = new HashSet<>();
        pod.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        for (JsonNode c : pod.path("containers")) {
            String where = "spec.jobTemplate.spec.template.spec.containers[" + c.path("name").asText() + "]";
            expect(where + ".name", c.path("name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), c.path("name").toString());
            expect(where + ".image", !c.path("image").asText().isBlank(), "missing");
            for (JsonNode m : c.path("volumeMounts")) {
                expect(where + ".volumeMounts.name", volumes.contains(m.path("name").asText()),
                        "'" + m.path("name").asText() + "' is not one of the pod's volumes " + volumes);
                expect(where + ".volumeMounts.mountPath", m.path("mountPath").asText().startsWith("/"), m.path("mountPath").toString());
            }
        }
    }

    private void oneOf(String field, String value, String... allowed) {
        expect(field, List.of(allowed).contains(value), "'" + value + "' is not one of " + List.of(allowed));
    }

    private void expect(String field, boolean ok, String why) {
        if (!ok) {
            problems.add(field + ": " + why);
        }
    }
}

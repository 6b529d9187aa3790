package org.deepdual.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every Kubernetes object under deploy/k8s, each with where it came from. A ConfigMap value that is itself a
 * manifest (the Apache operator's nightly SparkApplication, which a CronJob creates with kubectl) is read as
 * one more object, so it is validated like the files are.
 */
record K8sManifests(List<Manifest> all) {

    /** One object: its document and a human-readable origin (file, document index, embedding ConfigMap key). */
    record Manifest(String where, JsonNode doc) {
        String kind() {
            return doc.path("kind").asText();
        }

        String apiVersion() {
            return doc.path("apiVersion").asText();
        }

        String name() {
            return doc.path("metadata").path("name").asText();
        }

        boolean embedded() {
            return where.contains(" data.");
        }
    }

    static final ObjectMapper YAML = new YAMLMapper();

    static K8sManifests read(Path root) throws IOException {
        Path dir = root.resolve("deploy/k8s");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<Manifest> out = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                int i = 0;
                for (JsonNode doc : docs.readAll()) {
                    if (doc == null || doc.isMissingNode() || doc.isEmpty()) {
                        continue;
                    }
                    Manifest m = new Manifest(rel + "#" + i++, doc);
                    out.add(m);
                    out.addAll(embeddedIn(m));
                }
            }
        }
        return new K8sManifests(List.copyOf(out));
    }

    /** Where the driver pods mount the ConfigMap deepdual-jobs (deploy/k8s/specs.yaml), so a spec edit needs no image. */
    static final String JOBS_DIR = "/etc/deepdual/jobs/";

    /** The text the driver reads at a spec path under {@link #JOBS_DIR}: the key of that name in deepdual-jobs. */
    String specAt(String path) {
        if (!path.startsWith(JOBS_DIR)) {
            throw new AssertionError("spec path '" + path + "' is not under " + JOBS_DIR + ", where the ConfigMap deepdual-jobs is mounted");
        }
        String key = path.substring(JOBS_DIR.length());
        JsonNode value = named("ConfigMap", "deepdual-jobs").doc().path("data").path(key);
        if (!value.isTextual()) {
            throw new AssertionError("spec path '" + path + "': the ConfigMap deepdual-jobs has no key '" + key + "'");
        }
        return value.asText();
    }

    List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    Manifest named(String kind, String name) {
        return only(all.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).toList(), kind + " named '" + name + "'");
    }

    Manifest named(String apiVersion, String kind, String name) {
        return only(all.stream().filter(m -> m.apiVersion().equals(apiVersion) && m.kind().equals(kind) && m.name().equals(name))
                .toList(), apiVersion + " " + kind + " named '" + name + "'");
    }

    private static Manifest only(List<Manifest> hits, String what) {
        if (hits.size() != 1) {
            throw new AssertionError("expected one " + what + " under deploy/k8s, found " + hits.size());
        }
        return hits.get(0);
    }

    /** ConfigMap values that parse as a Kubernetes object (apiVersion and kind); plain data such as specs is skipped. */
    private static List<Manifest> embeddedIn(Manifest m) throws IOException {
        List<Manifest> out = new ArrayList<>();
        if (!m.kind().equals("ConfigMap")) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.doc().path("data").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode inner = YAML.readTree(e.getValue().asText());
            if (inner != null && inner.path("apiVersion").isTextual() && inner.path("kind").isTextual()) {
                out.add(new Manifest(m.where() + " data." + e.getKey(), inner));
            }
        }
        return out;
    }
}

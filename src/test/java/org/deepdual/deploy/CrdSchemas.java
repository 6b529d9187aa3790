package org.deepdual.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code openAPIV3Schema} of every served version of the operators' CRDs in test resources k8s-crds/,
 * as JSON Schemas keyed by "apiVersion kind".
 *
 * <p>The API server drops (or, with kubectl's default strict field validation, rejects) fields a structural
 * schema does not declare, while plain JSON Schema allows them. So every object schema that lists its
 * properties and neither declares additionalProperties nor preserves unknown fields gets
 * {@code additionalProperties: false}: a misspelt {@code timezone:} fails here as it would on a cluster.
 * CEL rules (x-kubernetes-validations) are not evaluated; these CRDs have none.
 */
final class CrdSchemas {
    private final Map<String, Schema> byKind;

    private CrdSchemas(Map<String, Schema> byKind) {
        this.byKind = byKind;
    }

    static CrdSchemas load() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        Map<String, Schema> byKind = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(resourceDir())) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            JsonNode crd = K8sManifests.YAML.readTree(f.toFile());
            if (!crd.path("kind").asText().equals("CustomResourceDefinition")) {
                throw new IllegalStateException(f + " is not a CustomResourceDefinition");
            }
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("served").asBoolean()) {
                    ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    byKind.put(group + "/" + version.path("name").asText() + " " + kind, registry.getSchema(strict(withTypeMeta(schema))));
                }
            }
        }
        return new CrdSchemas(byKind);
    }

    /** The schema of an object's apiVersion and kind, if one of the CRDs defines it. */
    Optional<Schema> of(JsonNode doc) {
        return Optional.ofNullable(byKind.get(doc.path("apiVersion").asText() + " " + doc.path("kind").asText()));
    }

    java.util.Set<String> kinds() {
        return byKind.keySet();
    }

    /** Every violation of the object's CRD schema as "location: message" (the location names the field). */
    List<String> violations(JsonNode doc) {
        Schema schema = of(doc).orElseThrow(() -> new IllegalArgumentException(
                "no CRD defines apiVersion '" + doc.path("apiVersion").asText() + "' kind '" + doc.path("kind").asText() + "'"));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(doc)) {
            String at = e.getInstanceLocation().toString();
            out.add((at.isEmpty() ? "$" : at) + ": " + e.getMessage());
        }
        return out;
    }

    private static Path resourceDir() {
        URL url = CrdSchemas.class.getResource("/k8s-crds");
        if (url == null) {
            throw new IllegalStateException("test resources k8s-crds/ are not on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    /** Every object has apiVersion, kind and metadata (checked by the API server itself), even where a CRD omits them. */
    private static ObjectNode withTypeMeta(ObjectNode schema) {
        ObjectNode props = schema.withObjectProperty("properties");
        for (String field : List.of("apiVersion", "kind")) {
            if (!props.has(field)) {
                props.putObject(field).put("type", "string");
            }
        }
        if (!props.has("metadata")) {
            props.putObject("metadata").put("type", "object");
        }
        return schema;
    }

    /**
     * Closes object schemas as the API server's pruning does, and drops descriptions (only prose). Walks schema
     * positions only, so a field that happens to be called "description" or "properties" is left alone.
     */
    private static JsonNode strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode o)) {
            return schema;
        }
        o.remove("description");
        boolean preserves = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (o.has("properties") && !o.has("additionalProperties") && !preserves) {
            o.put("additionalProperties", false);
        }
        o.path("properties").forEach(CrdSchemas::strict);
        for (String sub : List.of("items", "additionalProperties", "not")) {
            strict(o.path(sub));
        }
        for (String list : List.of("allOf", "anyOf", "oneOf")) {
            o.path(list).forEach(CrdSchemas::strict);
        }
        return o;
    }
}

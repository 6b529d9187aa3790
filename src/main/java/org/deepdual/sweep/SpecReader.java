package org.deepdual.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a sweep spec (docs/spec.md). YAML is loaded with SnakeYAML's {@link SafeConstructor}
 * (plain maps, lists and scalars only, never arbitrary types; duplicate keys refused), bound to
 * records with unknown keys refused and no lenient coercions, then validated by {@link SpecValidator}.
 * Every refusal is one {@link IllegalArgumentException} naming the file, the key path (for example
 * {@code settings[1].depth[0]}) and the value.
 */
public final class SpecReader {
    private static final ObjectMapper MAPPER = mapper();

    private SpecReader() {
    }

    /** Reads and validates the spec in {@code file}. */
    public static SweepSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the spec: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates spec {@code text}; {@code source} names it in messages. */
    public static SweepSpec parse(String text, String source) {
        JsonNode tree = load(text, source);
        SpecDocument doc;
        try {
            doc = MAPPER.treeToValue(tree, SpecDocument.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(source + ": " + describe(e, tree), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return new SpecValidator(source, text).validate(doc);
    }

    private static JsonNode load(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(20);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                    + ": ";
            throw new IllegalArgumentException(source + ": " + where + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(source + ": a spec is a YAML mapping with the keys "
                    + SpecDocument.TOP_KEYS + ", got " + (root == null ? "an empty document" : describeValue(root)));
        }
        return MAPPER.valueToTree(root);
    }

    /** "settings[1].depth[0]: expected an integer, got "x"" from Jackson's exception and the tree. */
    static String describe(JsonMappingException e, JsonNode tree) {
        List<JsonMappingException.Reference> refs = existing(tree, e.getPath());
        String path = pathOf(refs);
        JsonNode value = at(tree, refs);
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            String knownKeys = known == null ? "" : "; known keys here: " + known.stream().map(Object::toString)
                    .map(k -> MAPPER.getPropertyNamingStrategy() == null ? k : snake(k)).sorted()
                    .collect(Collectors.joining(", "));
            return path + ": unknown key '" + u.getPropertyName() + "'" + knownKeys;
        }
        String expected = refs.size() < e.getPath().size() ? "a list"
                : e instanceof MismatchedInputException m && m.getTargetType() != null
                ? expectedType(m.getTargetType()) : "a different value";
        return path + ": expected " + expected + ", got " + (value == null ? "(nothing)" : show(value));
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String expectedType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
    }

    static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    /**
     * The longest prefix of {@code refs} that exists in the tree: a scalar read as a one-element list
     * is reported at the scalar, not at an index that was never written.
     */
    private static List<JsonMappingException.Reference> existing(JsonNode tree,
            List<JsonMappingException.Reference> refs) {
        JsonNode node = tree;
        for (int i = 0; i < refs.size(); i++) {
            JsonMappingException.Reference r = refs.get(i);
            JsonNode next = node == null ? null
                    : r.getFieldName() != null ? (node.isObject() ? node.get(r.getFieldName()) : null)
                    : (node.isArray() ? node.get(r.getIndex()) : null);
            if (next == null && r.getFieldName() == null) {
                return refs.subList(0, i);
            }
            node = next;
        }
        return refs;
    }

    private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> refs) {
        JsonNode node = tree;
        for (JsonMappingException.Reference r : refs) {
            if (node == null) {
                return null;
            }
            node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
        }
        return node;
    }

    /** A value as a message shows it: strings quoted, numbers and booleans as written, containers by kind. */
    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "(nothing)";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.isContainerNode()) {
            String s = v.toString();
            return (v.isArray() ? "a list " : "a mapping ") + (s.length() > 60 ? s.substring(0, 57) + "..." : s);
        }
        return v.asText();
    }

    private static String describeValue(Object o) {
        if (o instanceof List) {
            return "a list";
        }
        return "the scalar '" + o + "'";
    }

    private static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // "0.5" is not a number and 3 is not a name: no coercion between scalar kinds
        m.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        for (LogicalType t : List.of(LogicalType.Textual, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail);
        }
        return m;
    }

    /** Keys of a mapping node, for messages. */
    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

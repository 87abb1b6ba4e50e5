package io.github.aksbackup.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.aksbackup.api.ValidationProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A position in a JSON document being read: the node, its JSON-path-like location ({@code
 * $.policyRules[1].lifecycles[0]}) and the problem list the whole read shares.
 *
 * <p>Readers never stop at the first problem: every getter records what is wrong at the exact place
 * and returns {@code null}, so a reader can go on and report everything in one pass. Field names are
 * looked up exactly first, then ignoring letter case and underscores, because Azure's command line
 * prints some documents in {@code snake_case} ({@code include_cluster_scope_resources}), then in the
 * singular Azure PowerShell uses for list fields ({@code IncludedNamespace} for {@code includedNamespaces}).
 */
public final class JsonCursor {

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final JsonNode node;
    private final String path;
    private final List<ValidationProblem> problems;

    private JsonCursor(JsonNode node, String path, List<ValidationProblem> problems) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.problems = problems;
    }

    /** The document root, at {@code $}. */
    public static JsonCursor root(JsonNode node, List<ValidationProblem> problems) {
        return new JsonCursor(node, "$", Objects.requireNonNull(problems, "problems"));
    }

    public JsonNode node() {
        return node;
    }

    public String path() {
        return path;
    }

    /** The location of a field below this node. */
    public String path(String field) {
        return path + (SIMPLE_KEY.matcher(field).matches() ? "." + field : "['" + field.replace("'", "\\'") + "']");
    }

    /** True when this node exists and is not JSON {@code null}. */
    public boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    /** True when the field exists and is not JSON {@code null}. */
    public boolean has(String field) {
        return field(field).isPresent();
    }

    /** Records a problem at this node. */
    public void problem(String message) {
        problems.add(new ValidationProblem(path, message));
    }

    /** Records a problem at a field of this node, located under the name the document gives it ({@code object_type}). */
    public void problem(String field, String message) {
        problems.add(new ValidationProblem(field(field).path(), message));
    }

    /** Number of problems recorded so far by the whole read. */
    public int problemCount() {
        return problems.size();
    }

    /** The field's cursor (a missing node when absent), found exactly or ignoring case and underscores. */
    public JsonCursor field(String name) {
        if (!node.isObject()) {
            return new JsonCursor(MissingNode.getInstance(), path(name), problems);
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return new JsonCursor(exact, path(name), problems);
        }
        String wanted = normalize(name);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (normalize(e.getKey()).equals(wanted)) {
                return new JsonCursor(e.getValue(), path(e.getKey()), problems);
            }
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (plurals(normalize(e.getKey())).contains(wanted)) {
                return new JsonCursor(e.getValue(), path(e.getKey()), problems);
            }
        }
        return new JsonCursor(MissingNode.getInstance(), path(name), problems);
    }

    /**
     * The fields of this object that are none of {@code known} (matched as {@link #field} matches
     * them), in document order; empty when this is not an object.
     */
    public List<String> unknownFields(List<String> known) {
        List<String> out = new ArrayList<>();
        if (!node.isObject()) {
            return out;
        }
        List<String> wanted = known.stream().map(JsonCursor::normalize).toList();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = normalize(e.getKey());
            if (!wanted.contains(key) && plurals(key).stream().noneMatch(wanted::contains)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Records a problem for each field of this object that is none of {@code known} (matched as
     * {@link #field} matches them), naming the fields {@code what} has: a misspelt or foreign field
     * would otherwise be dropped, and what it asked for silently not done.
     *
     * @param what what this object is, for the message ({@code AzureRetentionRule})
     */
    public void refuseUnknownFields(String what, List<String> known) {
        for (String field : unknownFields(known)) {
            problem(field, "is not a field of " + what + "; expected " + String.join(", ", known));
        }
    }

    private static String normalize(String key) {
        return key.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The plurals a singular field name may stand for: Azure PowerShell names list fields in the
     * singular ({@code IncludedNamespace}, {@code Property}, {@code RestoreCriterion}) where the REST
     * API and the CLI use the plural ({@code includedNamespaces}, {@code properties}, {@code restoreCriteria}).
     */
    private static List<String> plurals(String key) {
        List<String> out = new ArrayList<>(List.of(key + "s"));
        if (key.endsWith("y")) {
            out.add(key.substring(0, key.length() - 1) + "ies");
        }
        if (key.endsWith("ion")) {
            out.add(key.substring(0, key.length() - 2) + "a");
        }
        return out;
    }

    /** The present field, or {@code null} (with a problem when required) when it is absent or JSON null. */
    private JsonCursor value(String field, boolean required) {
        JsonCursor c = field(field);
        if (!c.isPresent()) {
            if (required) {
                c.problem("is required");
            }
            return null;
        }
        return c;
    }

    /** The field as an object; records a problem and returns {@code null} when absent (if required) or not an object. */
    public JsonCursor object(String field, boolean required) {
        JsonCursor c = value(field, required);
        if (c == null) {
            return null;
        }
        if (!c.node.isObject()) {
            c.problem("must be an object, found " + describe(c.node));
            return null;
        }
        return c;
    }

    /** The field as a string; blank strings count as absent for required fields. */
    public String string(String field, boolean required) {
        JsonCursor c = value(field, required);
        if (c == null) {
            return null;
        }
        if (!c.node.isTextual()) {
            c.problem("must be a string, found " + describe(c.node));
            return null;
        }
        if (required && c.node.asText().isBlank()) {
            c.problem("must not be empty");
            return null;
        }
        return c.node.asText();
    }

    /** The field as a boolean, or {@code fallback} when it is absent and not required. */
    public Boolean bool(String field, boolean required, Boolean fallback) {
        JsonCursor c = value(field, required);
        if (c == null) {
            return fallback;
        }
        if (!c.node.isBoolean()) {
            c.problem("must be true or false, found " + describe(c.node));
            return null;
        }
        return c.node.booleanValue();
    }

    /** The field as a whole number that fits an {@code int}. */
    public Integer integer(String field, boolean required) {
        JsonCursor c = value(field, required);
        if (c == null) {
            return null;
        }
        if (!c.node.isIntegralNumber()) {
            c.problem("must be a whole number, found " + describe(c.node));
            return null;
        }
        if (!c.node.canConvertToInt()) {
            c.problem("is too large: " + c.node.asText() + " (at most " + Integer.MAX_VALUE + ")");
            return null;
        }
        return c.node.intValue();
    }

    /**
     * The field's elements; an empty list when it is absent and not required, {@code null} (with a
     * problem) when required and absent, or not an array.
     */
    public List<JsonCursor> array(String field, boolean required) {
        JsonCursor c = value(field, required);
        if (c == null) {
            return required ? null : List.of();
        }
        return c.elements();
    }

    /** This node's elements; {@code null} with a problem when it is not an array. */
    public List<JsonCursor> elements() {
        if (!node.isArray()) {
            problem("must be an array, found " + describe(node));
            return null;
        }
        List<JsonCursor> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonCursor(node.get(i), path + "[" + i + "]", problems));
        }
        return out;
    }

    /** This node as a string element of an array; records a problem and returns {@code null} otherwise. */
    public String asString() {
        if (!node.isTextual()) {
            problem("must be a string, found " + describe(node));
            return null;
        }
        return node.asText();
    }

    /** An optional array of strings; {@code null} when it or any element is bad. */
    public List<String> strings(String field, boolean required) {
        List<JsonCursor> items = array(field, required);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (JsonCursor item : items) {
            String s = item.asString();
            ok &= s != null;
            out.add(s);
        }
        return ok ? out : null;
    }

    /**
     * An optional array whose string elements parse into values; each bad element is a problem at its
     * own index, and the result is {@code null} when any is bad.
     */
    public <T> List<T> list(String field, boolean required, Function<JsonCursor, T> element) {
        List<JsonCursor> items = array(field, required);
        if (items == null) {
            return null;
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (JsonCursor item : items) {
            T value = element.apply(item);
            ok &= value != null;
            out.add(value);
        }
        return ok ? out : null;
    }

    /** An optional object whose values are strings, as a map keeping document order. */
    public Map<String, String> stringMap(String field) {
        JsonCursor c = field(field);
        if (!c.isPresent()) {
            return Map.of();
        }
        if (!c.node.isObject()) {
            c.problem("must be an object mapping names to names, found " + describe(c.node));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> e : c.node.properties()) {
            if (!e.getValue().isTextual()) {
                problems.add(new ValidationProblem(c.path(e.getKey()), "must be a string, found " + describe(e.getValue())));
                ok = false;
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return ok ? out : null;
    }

    /** This node's text as one of {@code values}, compared ignoring letter case. */
    public <E extends Enum<E>> E asEnum(E[] values) {
        return asEnum(values, Enum::name);
    }

    /**
     * This node's text as one of {@code values}, compared ignoring letter case with each value's
     * {@code spelling}, which messages list.
     */
    public <E extends Enum<E>> E asEnum(E[] values, Function<E, String> spelling) {
        String text = asString();
        if (text == null) {
            return null;
        }
        for (E v : values) {
            if (spelling.apply(v).equalsIgnoreCase(text.strip())) {
                return v;
            }
        }
        problem("'" + text + "' is not one of " + Arrays.stream(values).map(spelling).collect(Collectors.joining(", ")));
        return null;
    }

    /** A field holding one of {@code values}, compared ignoring letter case. */
    public <E extends Enum<E>> E enumField(String field, boolean required, E[] values) {
        JsonCursor c = field(field);
        if (!c.isPresent()) {
            if (required) {
                c.problem("is required; expected one of " + names(values));
            }
            return null;
        }
        return c.asEnum(values);
    }

    /**
     * Checks this object's {@code objectType} discriminator against the allowed values (ignoring
     * letter case) and returns the matching allowed spelling; records a problem naming the allowed
     * values and returns {@code null} when it is missing or unknown.
     */
    public String objectType(String... allowed) {
        JsonCursor c = field("objectType");
        if (!c.isPresent()) {
            c.problem("is required; expected " + alternatives(allowed));
            return null;
        }
        if (!c.node.isTextual()) {
            c.problem("must be a string, found " + describe(c.node) + "; expected " + alternatives(allowed));
            return null;
        }
        String text = c.node.asText();
        for (String a : allowed) {
            if (a.equalsIgnoreCase(text.strip())) {
                return a;
            }
        }
        c.problem("unknown objectType '" + text + "'; expected " + alternatives(allowed));
        return null;
    }

    /** "A", "A or B", "one of A, B, C". */
    public static String alternatives(String... allowed) {
        if (allowed.length == 1) {
            return allowed[0];
        }
        if (allowed.length == 2) {
            return allowed[0] + " or " + allowed[1];
        }
        return "one of " + String.join(", ", allowed);
    }

    private static <E extends Enum<E>> String names(E[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** A short description of a node for messages: {@code number 5}, {@code an array}, {@code null}. */
    public static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            String t = n.asText();
            return "string '" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "'";
        }
        if (n.isNumber()) {
            return "number " + n.asText();
        }
        if (n.isBoolean()) {
            return "boolean " + n.asText();
        }
        if (n.isArray()) {
            return "an array";
        }
        return n.isObject() ? "an object" : n.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}

package io.github.aksbackup.restore.modifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.json.Json;
import jakarta.json.JsonPatchBuilder;
import jakarta.json.JsonPointer;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One JSON Patch (RFC 6902) operation of a rule: {@code add}, {@code remove}, {@code replace},
 * {@code move}, {@code copy} or {@code test}, applied with Parsson's {@code JsonPatch} (a {@code test}
 * is evaluated here, comparing numbers by value as Velero does, so that {@code 1} equals {@code 1.0}).
 *
 * <p><b>Values, by Velero's rule.</b> Velero reads {@code value} as text and writes it into the JSON
 * Patch document either as it is (JSON) or between quotes (a string), and so does this reader:
 * <ul>
 *   <li>empty: the empty string;</li>
 *   <li>starting and ending with {@code "}: a string, the text between those quotes (so
 *       {@code value: '"true"'} is the string {@code true} and {@code value: '"1"'} the string {@code 1});</li>
 *   <li>{@code null}; {@code true} or {@code false} in any letter case; starting with <code>{</code> or
 *       {@code [}; or a number as Go's {@code strconv.ParseFloat} reads one: JSON, as written;</li>
 *   <li>anything else: a string.</li>
 * </ul>
 * A string is the body of a JSON string literal, as in Velero: {@code \n}, {@code \"} and {@code \\}
 * are escapes. Where Velero would hand the JSON Patch library text that is not JSON (for example
 * {@code True}, {@code 01}, {@code +1}, {@code .5}, {@code NaN}, {@code {name: x}}, or an unescaped
 * {@code "} inside a string) and fail every object the rule matches at restore time, this reader
 * refuses the value at input. A {@code value} that YAML reads as a number or boolean ({@code value: 3})
 * is refused too, as Velero's strict reader does: Velero's format holds values as text.
 */
record JsonPatchOperation(String op, String path, String from, Object value) {
    /** The operations, as Velero accepts them (in any letter case). */
    static final java.util.List<String> OPERATIONS = java.util.List.of("add", "remove", "replace", "move", "copy", "test");
    private static final Pattern POINTER = Pattern.compile("(/([^~]|~[01])*)+");
    /** JSON as Go's encoding/json reads it: no leading zeros or plus signs, no NaN, names quoted, nothing after the value. */
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    /** What Go's strconv.ParseFloat reads: decimal and hexadecimal floats, infinities and NaN. */
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?"
                    + "|0[xX](_?[0-9a-fA-F])*\\.?(_?[0-9a-fA-F])*[pP][+-]?[0-9]+"
                    + "|(?i:inf|infinity|nan))");

    /** Why the text is not a JSON pointer (RFC 6901) a patch can name, or {@code null} when it is one. */
    static String pointerProblem(String path) {
        if (path.isEmpty()) {
            return "must not be empty: name a field, such as /spec/replicas";
        }
        if (!POINTER.matcher(path).matches()) {
            return "'" + path + "' is not a JSON pointer: it starts with '/' and separates field names with '/'"
                    + " (~1 stands for '/' and ~0 for '~' inside a name), such as /metadata/labels/app";
        }
        return null;
    }

    /**
     * A {@code value} text read by Velero's rule (see the class comment).
     *
     * @throws IllegalArgumentException saying why Velero's JSON Patch library would not take it
     */
    static Object value(String text) {
        if (text.isEmpty() || text.equals("\"")) {
            // Velero strips a leading and a trailing quote, which for a lone '"' leaves nothing.
            return "";
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return string(text.substring(1, text.length() - 1), text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean json = text.equals("null") || lower.equals("true") || lower.equals("false") || text.startsWith("{")
                || text.startsWith("[") || GO_FLOAT.matcher(text).matches() && goFloatInRange(text);
        if (!json) {
            return string(text, text);
        }
        try {
            return Trees.fromNode(STRICT_JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + text + "' is written into the patch as JSON (Velero's rule for values"
                    + " that look like null, true, false, a number, an object or a list) but is not valid JSON"
                    + hint(lower) + "; to mean the string, write it between double quotes: '\"" + text + "\"'");
        }
    }

    private static String hint(String lower) {
        if (lower.equals("true") || lower.equals("false")) {
            return " (JSON writes " + lower + " in lower case)";
        }
        if (lower.startsWith("{") || lower.startsWith("[")) {
            return " (JSON quotes every name and string: {\"name\": \"web\"})";
        }
        return "";
    }

    /** Whether ParseFloat succeeds: a decimal float that overflows a double is an error to Go, so the text stays a string. */
    private static boolean goFloatInRange(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace("_", "");
        if (t.contains("inf") || t.contains("nan") || t.contains("x")) {
            return true;
        }
        return Double.isFinite(Double.parseDouble(t));
    }

    private static String string(String body, String text) {
        try {
            return STRICT_JSON.readTree("\"" + body + "\"").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + text + "' is written into the patch as a JSON string (Velero's rule),"
                    + " where a '\"' inside must be written \\\" and a backslash \\\\");
        }
    }

    /** Applies this operation (not a {@code test}) to a document. */
    JsonStructure apply(JsonStructure doc) {
        JsonPatchBuilder b = Json.createPatchBuilder();
        JsonValue v = value == null ? JsonValue.NULL : Trees.toJson(value);
        switch (op) {
            case "add" -> b.add(path, v);
            case "remove" -> b.remove(path);
            case "replace" -> b.replace(path, v);
            case "move" -> b.move(path, from);
            case "copy" -> b.copy(path, from);
            default -> throw new IllegalStateException("not applied as a patch: " + op);
        }
        return b.build().apply(doc);
    }

    /** Whether this {@code test} holds: the path exists and its value equals the operation's. */
    boolean holds(JsonStructure doc) {
        JsonPointer pointer = Json.createPointer(path);
        return pointer.containsValue(doc) && Trees.same(Trees.fromJson(pointer.getValue(doc)), value);
    }

    @Override
    public String toString() {
        return op + " " + (from == null ? "" : from + " -> ") + path;
    }
}

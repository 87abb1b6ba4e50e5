package io.github.aksbackup.restore.modifier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.internal.json.JsonCursor;
import io.github.aksbackup.internal.json.JsonDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a resource modifier document (Velero's format, {@code version: v1}) into rules, collecting
 * every problem before it throws, each located by rule index and field
 * ({@code $.resourceModifierRules[2].patches[0].operation}). Field names are matched as Velero's Go
 * reader matches them, ignoring letter case; unknown fields are problems, as with Velero's strict reader.
 */
final class RulesReader {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final List<String> TOP = List.of("version", "resourceModifierRules");
    private static final List<String> RULE = List.of("conditions", "patches", "mergePatches", "strategicPatches");
    private static final List<String> CONDITIONS = List.of("groupResource", "resourceNameRegex", "namespaces", "labelSelector", "matches");
    private static final List<String> PATCH = List.of("operation", "path", "from", "value");
    private static final List<String> MATCH = List.of("path", "value");
    private static final List<String> PATCH_DATA = List.of("patchData");
    private static final List<String> SELECTOR = List.of("matchLabels", "matchExpressions");
    private static final List<String> EXPRESSION = List.of("key", "operator", "values");

    private final List<ValidationProblem> problems = new ArrayList<>();

    private RulesReader() {
    }

    /**
     * Reads the rules of {@code text}.
     *
     * @param source what to call the text in problem locations (a file name, {@code ConfigMap ns/name data.key})
     * @throws InvalidInputException with every problem, each located as {@code source $.path}
     */
    static List<ModifierRule> read(String text, String source) {
        RulesReader r = new RulesReader();
        List<ModifierRule> rules = r.document(text.startsWith("\uFEFF") ? text.substring(1) : text);
        if (!r.problems.isEmpty()) {
            throw new InvalidInputException(r.problems.stream()
                    .map(p -> new ValidationProblem(source + " " + p.path(), p.message())).toList());
        }
        return rules;
    }

    private List<ModifierRule> document(String text) {
        if (text.length() > JsonDocuments.MAX_BYTES) {
            problems.add(new ValidationProblem("$", "the document is larger than " + JsonDocuments.MAX_BYTES / (1024 * 1024)
                    + " MiB; expected resource modifier rules"));
            return List.of();
        }
        if (text.isBlank()) {
            problems.add(new ValidationProblem("$", "the document is empty; expected 'version: v1' and resourceModifierRules"));
            return List.of();
        }
        List<JsonNode> docs;
        try {
            docs = documents(text);
        } catch (JsonProcessingException e) {
            problems.add(new ValidationProblem("$", "not valid YAML" + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage())));
            return List.of();
        } catch (IOException e) {
            problems.add(new ValidationProblem("$", "cannot be read: " + e.getMessage()));
            return List.of();
        }
        if (docs.size() != 1) {
            problems.add(new ValidationProblem("$", "holds " + docs.size() + " YAML documents; expected one, with 'version: v1'"
                    + " and resourceModifierRules"));
            return List.of();
        }
        if (!docs.get(0).isObject()) {
            problems.add(new ValidationProblem("$", "expected 'version: v1' and resourceModifierRules, found "
                    + JsonCursor.describe(docs.get(0))));
            return List.of();
        }
        JsonCursor root = JsonCursor.root(docs.get(0), problems);
        unknown(root, "the resource modifier document", TOP);
        String version = root.string("version", true);
        if (version != null && !version.equalsIgnoreCase("v1")) {
            root.problem("version", "'" + version + "' is not a version of the resource modifier format this reader knows; expected v1");
        }
        List<JsonCursor> items = root.array("resourceModifierRules", true);
        List<ModifierRule> rules = new ArrayList<>();
        if (items != null && items.isEmpty()) {
            root.problem("resourceModifierRules", "holds no rule; give at least one");
        }
        for (int i = 0; items != null && i < items.size(); i++) {
            ModifierRule rule = rule(i, items.get(i));
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private ModifierRule rule(int index, JsonCursor c) {
        if (!c.node().isObject()) {
            c.problem("must be a rule (conditions and patches), found " + JsonCursor.describe(c.node()));
            return null;
        }
        int before = problems.size();
        unknown(c, "a rule", RULE);
        JsonCursor cond = c.object("conditions", true);
        ModifierRule.Conditions conditions = cond == null ? null : conditions(cond);
        List<JsonPatchOperation> patches = new ArrayList<>();
        List<JsonCursor> ops = c.array("patches", false);
        for (int i = 0; ops != null && i < ops.size(); i++) {
            patches.add(operation(ops.get(i)));
        }
        List<Map<String, Object>> merge = patchData(c, "mergePatches", false);
        List<Map<String, Object>> strategic = patchData(c, "strategicPatches", true);
        int kinds = (patches.isEmpty() ? 0 : 1) + (merge.isEmpty() ? 0 : 1) + (strategic.isEmpty() ? 0 : 1);
        if (kinds == 0) {
            c.problem("changes nothing: give patches, mergePatches or strategicPatches");
        } else if (kinds > 1) {
            c.problem("gives more than one of patches, mergePatches and strategicPatches; a rule takes one kind"
                    + " (Velero would apply only the first); split it into one rule per kind");
        }
        return problems.size() > before ? null : new ModifierRule(index, conditions, patches, merge, strategic);
    }

    private ModifierRule.Conditions conditions(JsonCursor c) {
        unknown(c, "conditions", CONDITIONS);
        Glob groupResource = null;
        String gr = c.string("groupResource", true);
        if (gr != null) {
            groupResource = glob(c, "groupResource", gr, '.');
        }
        Pattern regex = null;
        String re = c.string("resourceNameRegex", false);
        if (re != null) {
            try {
                regex = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                c.problem("resourceNameRegex", "'" + re + "' is not a valid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
        }
        List<Glob> namespaces = new ArrayList<>();
        for (JsonCursor ns : orEmpty(c.array("namespaces", false))) {
            String text = ns.asString();
            if (text != null) {
                namespaces.add(glob(ns, null, text, (char) 0));
            }
        }
        LabelSelector selector = null;
        JsonCursor sel = c.object("labelSelector", false);
        if (sel != null) {
            selector = selector(sel);
        }
        List<JsonPatchOperation> matches = new ArrayList<>();
        for (JsonCursor m : orEmpty(c.array("matches", false))) {
            if (!m.node().isObject()) {
                m.problem("must be {path, value}, found " + JsonCursor.describe(m.node()));
                continue;
            }
            unknown(m, "a match", MATCH);
            String path = pointer(m, "path", true);
            Object value = value(m);
            matches.add(new JsonPatchOperation("test", path, null, value));
        }
        return new ModifierRule.Conditions(groupResource, regex, namespaces, selector, matches);
    }

    private static Glob glob(JsonCursor c, String field, String text, char separator) {
        try {
            return Glob.compile(text, separator);
        } catch (IllegalArgumentException e) {
            String message = "is not a valid glob: " + e.getMessage();
            if (field == null) {
                c.problem(message);
            } else {
                c.problem(field, message);
            }
            return null;
        }
    }

    private LabelSelector selector(JsonCursor c) {
        unknown(c, "a label selector", SELECTOR);
        Map<String, String> labels = c.stringMap("matchLabels");
        List<LabelSelector.Requirement> expressions = new ArrayList<>();
        for (JsonCursor e : orEmpty(c.array("matchExpressions", false))) {
            if (!e.node().isObject()) {
                e.problem("must be {key, operator, values}, found " + JsonCursor.describe(e.node()));
                continue;
            }
            unknown(e, "a label selector requirement", EXPRESSION);
            String key = e.string("key", true);
            String operator = e.string("operator", true);
            List<String> values = e.strings("values", false);
            if (key == null || operator == null || values == null) {
                continue;
            }
            try {
                expressions.add(new LabelSelector.Requirement(key, LabelSelector.Operator.ofExpression(operator), new LinkedHashSet<>(values)));
            } catch (IllegalArgumentException bad) {
                e.problem(bad.getMessage());
            }
        }
        try {
            return labels == null ? null : LabelSelector.of(labels, expressions);
        } catch (IllegalArgumentException bad) {
            c.problem("matchLabels", bad.getMessage());
            return null;
        }
    }

    private JsonPatchOperation operation(JsonCursor c) {
        if (!c.node().isObject()) {
            c.problem("must be an operation {operation, path, ...}, found " + JsonCursor.describe(c.node()));
            return null;
        }
        unknown(c, "a JSON Patch operation", PATCH);
        String op = c.string("operation", true);
        if (op != null && !JsonPatchOperation.OPERATIONS.contains(op.toLowerCase(Locale.ROOT))) {
            c.problem("operation", "'" + op + "' is not a JSON Patch operation; expected one of "
                    + String.join(", ", JsonPatchOperation.OPERATIONS));
            op = null;
        }
        op = op == null ? null : op.toLowerCase(Locale.ROOT);
        String path = pointer(c, "path", true);
        boolean moves = "move".equals(op) || "copy".equals(op);
        String from = null;
        if (moves) {
            from = pointer(c, "from", true);
        } else if (op != null && c.has("from")) {
            c.problem("from", "is used by move and copy only, not by " + op);
        }
        Object value = null;
        if ("add".equals(op) || "replace".equals(op) || "test".equals(op)) {
            value = value(c);
        } else if (op != null && c.has("value")) {
            c.problem("value", "is not used by " + op);
        }
        return new JsonPatchOperation(op, path, from, value);
    }

    private static String pointer(JsonCursor c, String field, boolean required) {
        String p = c.string(field, required);
        if (p == null) {
            return null;
        }
        String problem = JsonPatchOperation.pointerProblem(p);
        if (problem != null) {
            c.problem(field, problem);
            return null;
        }
        return p;
    }

    /** The {@code value} of an operation or match, by Velero's rule; absent is the empty string, as in Velero. */
    private static Object value(JsonCursor c) {
        JsonCursor v = c.field("value");
        if (!v.isPresent()) {
            return "";
        }
        if (!v.node().isTextual()) {
            v.problem("must be text, found " + JsonCursor.describe(v.node()) + ": Velero's format holds values as text and"
                    + " decides from it (quote it: value: \"" + v.node().asText() + "\" for the JSON value, value: '\""
                    + v.node().asText() + "\"' for the string)");
            return null;
        }
        try {
            return JsonPatchOperation.value(v.node().asText());
        } catch (IllegalArgumentException e) {
            v.problem(e.getMessage());
            return null;
        }
    }

    private List<Map<String, Object>> patchData(JsonCursor rule, String field, boolean strategic) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonCursor item : orEmpty(rule.array(field, false))) {
            if (!item.node().isObject()) {
                item.problem("must be {patchData: ...}, found " + JsonCursor.describe(item.node()));
                continue;
            }
            unknown(item, "a " + (strategic ? "strategic merge" : "merge") + " patch", PATCH_DATA);
            String data = item.string("patchData", true);
            if (data == null) {
                continue;
            }
            JsonNode patch;
            try {
                List<JsonNode> docs = documents(data);
                patch = docs.size() == 1 ? docs.get(0) : null;
            } catch (IOException e) {
                item.problem("patchData", "is neither JSON nor YAML" + (e instanceof JsonProcessingException j ? where(j.getLocation())
                        + ": " + firstLine(j.getOriginalMessage()) : ": " + e.getMessage()));
                continue;
            }
            if (patch == null || !patch.isObject()) {
                item.problem("patchData", "must hold one object (the fields to change), found "
                        + (patch == null ? "several documents or none" : JsonCursor.describe(patch)));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) Trees.fromNode(patch);
            String problem = strategic ? StrategicMerge.directiveProblem(tree) : null;
            if (problem != null) {
                item.problem("patchData", problem);
                continue;
            }
            out.add(tree);
        }
        return out;
    }

    /** The YAML documents of a text (JSON is YAML too); empty ones are left out. */
    private static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                JsonNode doc = YAML.readTree(p);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static void unknown(JsonCursor c, String what, List<String> known) {
        for (String f : c.unknownFields(known)) {
            String hint = f.equalsIgnoreCase("op") ? "; Velero's resource modifiers call it 'operation'"
                    : f.equalsIgnoreCase("groupKind") ? "; Velero renamed it groupResource (deployments.apps, pods)"
                    : "";
            c.problem(f, "is not a field of " + what + "; expected " + String.join(", ", known) + hint);
        }
    }

    private static List<JsonCursor> orEmpty(List<JsonCursor> l) {
        return l == null ? List.of() : l;
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String firstLine(String message) {
        String line = message == null ? "unreadable input" : message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

package io.github.aksbackup.hook;

import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.api.selector.LabelSelectorSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The field helpers of hook decoding: a value of the expected shape at a path (object, list, string,
 * namespace names, label selector), or a problem recorded with its location and {@code null} or an
 * empty value; unknown keys with a suggestion of the closest known one.
 */
final class HookFields {
    private static final List<String> SELECTOR_KEYS = List.of("matchLabels", "matchExpressions");
    private static final List<String> EXPRESSION_KEYS = List.of("key", "operator", "values");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final Function<String, String> where;
    private final List<ValidationProblem> problems;

    /**
     * @param where location of a path, such as {@code hooks.yaml:12} or {@code BackupHook ns/name}
     * @param problems where problems go
     */
    HookFields(Function<String, String> where, List<ValidationProblem> problems) {
        this.where = where;
        this.problems = problems;
    }

    /** How many problems were recorded so far: a decoder compares counts to tell whether its part was clean. */
    int problemCount() {
        return problems.size();
    }

    List<String> namespaces(Object value, String path) {
        List<String> names = new ArrayList<>();
        List<Object> items = value instanceof String s ? List.of(s) : list(value, path);
        for (int i = 0; i < items.size(); i++) {
            String p = value instanceof String ? path : path + "[" + i + "]";
            String ns = string(items.get(i), p);
            if (ns == null) {
                continue;
            }
            if (!ns.equals("*") && (ns.length() > 63 || !NAMESPACE.matcher(ns).matches())) {
                problem(p, "'" + ns + "' is not a namespace name (lowercase letters, digits and '-', at most 63 characters) or '*'");
                continue;
            }
            names.add(ns);
        }
        return names;
    }

    LabelSelector selector(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            try {
                return LabelSelector.parse(s);
            } catch (LabelSelectorSyntaxException e) {
                problem(path, "selector '" + s + "' column " + e.column() + ": " + e.reason());
                return null;
            }
        }
        Map<String, Object> m = map(value, path, "a label selector: {matchLabels: {...}, matchExpressions: [...]} or a string such as 'app=db'");
        if (m == null) {
            return null;
        }
        unknownKeys(m, path, SELECTOR_KEYS, Map.of());
        int before = problemCount();
        Map<String, String> matchLabels = new LinkedHashMap<>();
        Object labels = m.get("matchLabels");
        if (labels != null) {
            Map<String, Object> lm = map(labels, join(path, "matchLabels"), "a map of label keys to values");
            if (lm != null) {
                lm.forEach((k, v) -> {
                    String p = join(join(path, "matchLabels"), k);
                    String text = string(v, p);
                    if (text != null) {
                        try {
                            new LabelSelector.Requirement(k, LabelSelector.Operator.Equals, Set.of(text));
                            matchLabels.put(k, text);
                        } catch (IllegalArgumentException e) {
                            problem(p, e.getMessage());
                        }
                    }
                });
            }
        }
        List<LabelSelector.Requirement> expressions = new ArrayList<>();
        List<Object> exprs = list(m.get("matchExpressions"), join(path, "matchExpressions"));
        for (int i = 0; i < exprs.size(); i++) {
            String p = join(path, "matchExpressions") + "[" + i + "]";
            Map<String, Object> e = map(exprs.get(i), p, "{key, operator, values}");
            if (e == null) {
                continue;
            }
            unknownKeys(e, p, EXPRESSION_KEYS, Map.of());
            String key = requiredString(e, "key", p);
            String op = requiredString(e, "operator", p);
            List<String> values = new ArrayList<>();
            List<Object> rawValues = list(e.get("values"), join(p, "values"));
            for (int j = 0; j < rawValues.size(); j++) {
                values.add(string(rawValues.get(j), join(p, "values") + "[" + j + "]"));
            }
            if (key == null || op == null || values.contains(null)) {
                continue;
            }
            try {
                expressions.add(new LabelSelector.Requirement(key, LabelSelector.Operator.ofExpression(op), new LinkedHashSet<>(values)));
            } catch (IllegalArgumentException ex) {
                problem(p, ex.getMessage());
            }
        }
        return problemCount() == before ? LabelSelector.of(matchLabels, expressions) : null;
    }

    String requiredString(Map<String, Object> m, String key, String path) {
        if (m.get(key) == null) {
            problem(join(path, key), "required field '" + key + "' is missing");
            return null;
        }
        return string(m.get(key), join(path, key));
    }

    void unknownKeys(Map<String, Object> m, String path, List<String> allowed, Map<String, String> hints) {
        for (String k : m.keySet()) {
            if (allowed.contains(k)) {
                continue;
            }
            String hint = hints.get(k);
            problem(join(path, k), hint != null ? "unknown field '" + k + "': " + hint
                    : "unknown field '" + k + "'" + suggestion(k, allowed));
        }
    }

    private static String suggestion(String k, List<String> allowed) {
        String close = Suggestions.didYouMean(k, allowed);
        return close.isEmpty() ? "; expected one of " + String.join(", ", allowed) : close;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object value, String path, String expected) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        problem(path, value == null ? "required field '" + last(path) + "' is missing; expected " + expected
                : "expected " + expected + ", found " + describe(value));
        return null;
    }

    /** A list; {@code null} (YAML's empty value) is the empty list. */
    @SuppressWarnings("unchecked")
    List<Object> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            return (List<Object>) value;
        }
        problem(path, "expected a list, found " + describe(value));
        return List.of();
    }

    String string(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            problem(path, "expected a string, found " + describe(value) + "; write it in quotes: \"" + value + "\"");
        } else {
            problem(path, "expected a string, found " + describe(value));
        }
        return null;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String s) {
            return "the text '" + s + "'";
        }
        if (value instanceof Boolean b) {
            return "the boolean " + b;
        }
        return "the number " + value;
    }

    void problem(String path, String message) {
        String at = where.apply(path);
        problems.add(new ValidationProblem(path.isEmpty() ? at : at + " " + path, message));
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String last(String path) {
        String parent = LocatedDocuments.parent(path);
        return parent.isEmpty() ? path : path.substring(parent.length() + 1);
    }

    static String quoted(List<String> words) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('"').append(words.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }
}

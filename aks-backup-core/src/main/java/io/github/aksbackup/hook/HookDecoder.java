package io.github.aksbackup.hook;

import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.BackupHookSpec;
import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.api.hook.OnError;
import io.github.aksbackup.api.hook.RestoreExecStep;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.hook.RestoreHookSpec;
import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.api.selector.LabelSelectorSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the tree of one hook resource (from a file or from the cluster) into {@link BackupHook} /
 * {@link RestoreHook} values, collecting every problem with its location instead of stopping at the
 * first. Accepts both forms Azure documents: a list under {@code spec.backupHook} /
 * {@code spec.restoreHook}, and one hook's fields directly under {@code spec}.
 */
final class HookDecoder {
    static final String BACKUP_KIND = "BackupHook";
    static final String RESTORE_KIND = "RestoreHook";
    static final String DEFAULT_NAMESPACE = "default";

    /** Step fields a summary marks as defaulted. */
    static final String CONTAINER = "container";
    /** What the API server accepts as a resource name; a file with another name could never be applied. */
    private static final java.util.regex.Pattern DNS_SUBDOMAIN = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    /** What the API server accepts as a container name (a DNS label); a step naming another could never run. */
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final String ON_ERROR = "onError";
    static final String TIMEOUT = "timeout";
    static final String EXEC_TIMEOUT = "execTimeout";
    static final String WAIT_TIMEOUT = "waitTimeout";

    private static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final List<String> ENTRY_COMMON = List.of("name", "includedNamespaces", "excludedNamespaces", "labelSelector");
    private static final List<String> BACKUP_ENTRY_KEYS = List.of("name", "includedNamespaces", "excludedNamespaces",
            "labelSelector", "preHooks", "postHooks");
    private static final List<String> RESTORE_ENTRY_KEYS = List.of("name", "includedNamespaces", "excludedNamespaces",
            "labelSelector", "postHooks");
    private static final List<String> BACKUP_EXEC_KEYS = List.of(CONTAINER, "command", ON_ERROR, TIMEOUT);
    private static final List<String> RESTORE_EXEC_KEYS = List.of(CONTAINER, "command", ON_ERROR, EXEC_TIMEOUT, WAIT_TIMEOUT);
    private static final List<String> SELECTOR_KEYS = List.of("matchLabels", "matchExpressions");
    private static final List<String> EXPRESSION_KEYS = List.of("key", "operator", "values");
    private static final String NO_RESTORE_PRE_HOOKS =
            "restore hooks have no preHooks; a RestoreHook runs only postHooks, after the pod is restored";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final Function<String, String> where;
    private final List<ValidationProblem> problems;
    private final Map<Object, Set<String>> defaulted;
    private final Map<Object, String> origins;

    /**
     * @param where location of a path, such as {@code hooks.yaml:12} or {@code BackupHook ns/name}
     * @param problems where problems go
     * @param defaulted receives, per decoded step, the fields that took their default
     * @param origins receives, per decoded resource, where it came from
     */
    HookDecoder(Function<String, String> where, List<ValidationProblem> problems, IdentityHashMap<Object, Set<String>> defaulted,
            IdentityHashMap<Object, String> origins) {
        this.where = where;
        this.problems = problems;
        this.defaulted = defaulted;
        this.origins = origins;
    }

    /**
     * Decodes one document: a BackupHook, a RestoreHook, or a {@code List} of them (as
     * {@code kubectl get -o yaml} prints). Adds what it decodes to {@code backup} / {@code restore}.
     */
    void document(Object tree, String path, List<BackupHook> backup, List<RestoreHook> restore) {
        Map<String, Object> doc = map(tree, path, "a BackupHook or RestoreHook resource");
        if (doc == null) {
            return;
        }
        Object kindValue = doc.get("kind");
        String kind = kindValue instanceof String s ? s : null;
        if (kind != null && kind.endsWith("List") && doc.containsKey("items")) {
            List<Object> items = list(doc.get("items"), join(path, "items"));
            for (int i = 0; i < items.size(); i++) {
                document(items.get(i), join(path, "items") + "[" + i + "]", backup, restore);
            }
            return;
        }
        if (kind == null) {
            problem(join(path, "kind"), kindValue == null ? "required field 'kind' is missing; expected BackupHook or RestoreHook"
                    : "kind must be a string: BackupHook or RestoreHook");
            return;
        }
        if (!kind.equals(BACKUP_KIND) && !kind.equals(RESTORE_KIND)) {
            problem(join(path, "kind"), "kind '" + kind + "' is not BackupHook or RestoreHook"
                    + Suggestions.didYouMean(kind, List.of(BACKUP_KIND, RESTORE_KIND)));
            return;
        }
        Object apiVersion = doc.get("apiVersion");
        if (apiVersion == null) {
            problem(join(path, "apiVersion"), "required field 'apiVersion' is missing; expected " + BackupHook.API_VERSION);
        } else if (!BackupHook.API_VERSION.equals(apiVersion)) {
            problem(join(path, "apiVersion"), "apiVersion '" + apiVersion + "' is not " + BackupHook.API_VERSION);
        }
        unknownKeys(doc, path, TOP_KEYS, Map.of());
        String[] nameAndNamespace = metadata(doc.get("metadata"), join(path, "metadata"));
        Map<String, Object> spec = map(doc.get("spec"), join(path, "spec"), "the spec object");
        if (spec == null) {
            return;
        }
        boolean backupKind = kind.equals(BACKUP_KIND);
        String resourceName = nameAndNamespace[0];
        if (backupKind) {
            List<BackupHookSpec> entries = entries(spec, join(path, "spec"), "backupHook", BACKUP_ENTRY_KEYS, resourceName,
                    this::backupEntry);
            if (resourceName != null && entries != null) {
                BackupHook hook = new BackupHook(resourceName, nameAndNamespace[1], entries);
                origins.put(hook, where.apply(path));
                backup.add(hook);
            }
        } else {
            List<RestoreHookSpec> entries = entries(spec, join(path, "spec"), "restoreHook", RESTORE_ENTRY_KEYS, resourceName,
                    this::restoreEntry);
            if (resourceName != null && entries != null) {
                RestoreHook hook = new RestoreHook(resourceName, nameAndNamespace[1], entries);
                origins.put(hook, where.apply(path));
                restore.add(hook);
            }
        }
    }

    private interface EntryDecoder<T> {
        /** {@code direct}: the entry is {@code spec} itself, whose keys the caller has checked, and whose name defaults to {@code defaultName}. */
        T decode(Map<String, Object> entry, String path, boolean direct, String defaultName);
    }

    /** Both CR forms: {@code spec.<listKey>[]}, or one hook's fields directly under {@code spec}. */
    private <T> List<T> entries(Map<String, Object> spec, String path, String listKey, List<String> entryKeys,
            String resourceName, EntryDecoder<T> decoder) {
        String otherListKey = listKey.equals("backupHook") ? "restoreHook" : "backupHook";
        List<String> allowed = new ArrayList<>(entryKeys);
        allowed.add(0, listKey);
        unknownKeys(spec, path, allowed, Map.of(otherListKey, "'" + otherListKey + "' belongs in a "
                + (otherListKey.equals("backupHook") ? BACKUP_KIND : RESTORE_KIND) + " resource; this one is a "
                + (listKey.equals("backupHook") ? BACKUP_KIND : RESTORE_KIND) + " and lists its hooks under '" + listKey + "'",
                "preHooks", NO_RESTORE_PRE_HOOKS));
        List<String> direct = spec.keySet().stream().filter(entryKeys::contains).toList();
        List<T> result = new ArrayList<>();
        int before = problems.size();
        if (spec.containsKey(listKey)) {
            for (String k : direct) {
                problem(join(path, k), "'" + k + "' cannot be combined with '" + listKey + "': either list hooks under spec."
                        + listKey + " or give one hook's fields directly under spec");
            }
            List<Object> list = list(spec.get(listKey), join(path, listKey));
            if (list.isEmpty() && problems.size() == before) {
                problem(join(path, listKey), "the list of hooks is empty");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String p = join(path, listKey) + "[" + i + "]";
                Map<String, Object> entry = map(list.get(i), p, "a hook entry");
                if (entry != null) {
                    T decoded = decoder.decode(entry, p, false, null);
                    Object name = entry.get("name");
                    if (name instanceof String n && !n.isBlank() && !names.add(n)) {
                        problem(join(p, "name"), "hook name '" + n + "' is used twice in this resource; names must be unique");
                    }
                    if (decoded != null) {
                        result.add(decoded);
                    }
                }
            }
        } else if (direct.isEmpty()) {
            problem(path, "no hooks: expected a list under spec." + listKey + ", or one hook's fields ("
                    + String.join(", ", entryKeys.stream().filter(k -> !ENTRY_COMMON.contains(k)).toList()) + ") directly under spec");
        } else {
            T decoded = decoder.decode(spec, path, true, resourceName);
            if (decoded != null) {
                result.add(decoded);
            }
        }
        return problems.size() == before ? result : null;
    }

    private BackupHookSpec backupEntry(Map<String, Object> entry, String path, boolean direct, String defaultName) {
        if (!direct) {
            unknownKeys(entry, path, BACKUP_ENTRY_KEYS, Map.of());
        }
        int before = problems.size();
        String name = entryName(entry, path, direct, defaultName);
        List<String> included = namespaces(entry.get("includedNamespaces"), join(path, "includedNamespaces"));
        List<String> excluded = namespaces(entry.get("excludedNamespaces"), join(path, "excludedNamespaces"));
        LabelSelector selector = selector(entry.get("labelSelector"), join(path, "labelSelector"));
        List<ExecStep> pre = steps(entry.get("preHooks"), join(path, "preHooks"), this::backupStep);
        List<ExecStep> post = steps(entry.get("postHooks"), join(path, "postHooks"), this::backupStep);
        if (problems.size() != before || name == null) {
            return null;
        }
        return new BackupHookSpec(name, included, excluded, selector, pre, post);
    }

    private RestoreHookSpec restoreEntry(Map<String, Object> entry, String path, boolean direct, String defaultName) {
        if (!direct) {
            unknownKeys(entry, path, RESTORE_ENTRY_KEYS, Map.of("preHooks", NO_RESTORE_PRE_HOOKS));
        }
        int before = problems.size();
        String name = entryName(entry, path, direct, defaultName);
        List<String> included = namespaces(entry.get("includedNamespaces"), join(path, "includedNamespaces"));
        List<String> excluded = namespaces(entry.get("excludedNamespaces"), join(path, "excludedNamespaces"));
        LabelSelector selector = selector(entry.get("labelSelector"), join(path, "labelSelector"));
        List<RestoreExecStep> post = steps(entry.get("postHooks"), join(path, "postHooks"), this::restoreStep);
        if (problems.size() != before || name == null) {
            return null;
        }
        return new RestoreHookSpec(name, included, excluded, selector, post);
    }

    private String entryName(Map<String, Object> entry, String path, boolean direct, String defaultName) {
        if (entry.get("name") == null) {
            if (direct) {
                // The single-hook form may leave the name out: it is the resource's own name.
                return defaultName;
            }
            problem(join(path, "name"), "required field 'name' is missing; every hook needs a name");
            return null;
        }
        String name = string(entry.get("name"), join(path, "name"));
        if (name != null && name.isBlank()) {
            problem(join(path, "name"), "name must not be empty");
        }
        return name;
    }

    private interface StepDecoder<T> {
        T decode(Map<String, Object> exec, String path);
    }

    private <T> List<T> steps(Object value, String path, StepDecoder<T> decoder) {
        List<T> steps = new ArrayList<>();
        List<Object> items = list(value, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Map<String, Object> item = map(items.get(i), p, "a hook step such as {exec: {command: [...]}}");
            if (item == null) {
                continue;
            }
            if (!item.containsKey("exec")) {
                boolean execFieldsHere = item.keySet().stream().anyMatch(k -> RESTORE_EXEC_KEYS.contains(k) || k.equals(TIMEOUT));
                if (execFieldsHere) {
                    problem(p, "put the step's fields under 'exec:' (- exec: {command: [...]})");
                } else {
                    problem(p, "required field 'exec' is missing; a step is {exec: {command: [...]}}");
                    unknownKeys(item, p, List.of("exec"), Map.of());
                }
                continue;
            }
            unknownKeys(item, p, List.of("exec"), Map.of());
            Map<String, Object> exec = map(item.get("exec"), join(p, "exec"), "the exec object {command: [...]}");
            if (exec != null) {
                T step = decoder.decode(exec, join(p, "exec"));
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        return steps;
    }

    /** The fields backup and restore steps share. */
    private record CommonFields(String container, List<String> command, OnError onError, Set<String> defaults) {
    }

    private CommonFields common(Map<String, Object> exec, String path) {
        Set<String> defaults = new LinkedHashSet<>();
        String container = container(exec, path, defaults);
        List<String> command = command(exec.get("command"), join(path, "command"));
        return new CommonFields(container, command, onError(exec, path, defaults), defaults);
    }

    private <T> T remember(T step, Set<String> defaults) {
        defaulted.put(step, defaults);
        return step;
    }

    private ExecStep backupStep(Map<String, Object> exec, String path) {
        unknownKeys(exec, path, BACKUP_EXEC_KEYS, Map.of(
                EXEC_TIMEOUT, "backup hooks use 'timeout'; 'execTimeout' and 'waitTimeout' belong to restore hooks",
                WAIT_TIMEOUT, "backup hooks do not wait for readiness; 'waitTimeout' belongs to restore hooks"));
        int before = problems.size();
        CommonFields c = common(exec, path);
        Duration timeout = duration(exec, TIMEOUT, path, c.defaults());
        return problems.size() != before ? null
                : remember(new ExecStep(c.container(), c.command(), c.onError(), timeout), c.defaults());
    }

    private RestoreExecStep restoreStep(Map<String, Object> exec, String path) {
        unknownKeys(exec, path, RESTORE_EXEC_KEYS, Map.of(
                TIMEOUT, "restore hooks use 'execTimeout' (how long the command may run) and 'waitTimeout' (how long to wait for the container to be ready)"));
        int before = problems.size();
        CommonFields c = common(exec, path);
        Duration execTimeout = duration(exec, EXEC_TIMEOUT, path, c.defaults());
        Duration waitTimeout = duration(exec, WAIT_TIMEOUT, path, c.defaults());
        return problems.size() != before ? null
                : remember(new RestoreExecStep(c.container(), c.command(), c.onError(), execTimeout, waitTimeout), c.defaults());
    }

    /** The string at {@code key}; {@code null} when it is absent (recorded as defaulted) or not a string (a problem). */
    private String optionalString(Map<String, Object> exec, String key, String path, Set<String> defaults) {
        Object value = exec.get(key);
        if (value == null) {
            defaults.add(key);
            return null;
        }
        return string(value, join(path, key));
    }

    private String container(Map<String, Object> exec, String path, Set<String> defaults) {
        String container = optionalString(exec, CONTAINER, path, defaults);
        if (container != null && container.isBlank()) {
            problem(join(path, CONTAINER), "container must not be empty; leave it out to use the pod's first container");
            return null;
        }
        if (container != null && (container.length() > 63 || !DNS_LABEL.matcher(container).matches())) {
            problem(join(path, CONTAINER), "'" + container + "' is not a container name: use 1..63 lowercase letters, digits"
                    + " and '-', starting and ending with a letter or digit");
            return null;
        }
        return container;
    }

    private List<String> command(Object value, String path) {
        if (value == null) {
            problem(path, "required field 'command' is missing; give the program and its arguments as a list, such as [\"/sbin/fsfreeze\", \"--freeze\", \"/data\"]");
            return null;
        }
        if (value instanceof String s) {
            List<String> words = Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            problem(path, "command must be a list of the program and its arguments, such as "
                    + (words.isEmpty() ? "[\"/bin/true\"]" : quoted(words))
                    + "; it is run directly, not through a shell");
            return null;
        }
        if (!(value instanceof List<?> items)) {
            problem(path, "command must be a list of strings");
            return null;
        }
        if (items.isEmpty()) {
            problem(path, "command is empty; give the program and its arguments, such as [\"/bin/sync\"]");
            return null;
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String arg = string(items.get(i), path + "[" + i + "]");
            command.add(arg);
        }
        if (command.contains(null)) {
            return null;
        }
        if (command.get(0).isBlank()) {
            problem(path + "[0]", "the program (first element of command) must not be empty");
            return null;
        }
        return command;
    }

    private OnError onError(Map<String, Object> exec, String path, Set<String> defaults) {
        String text = optionalString(exec, ON_ERROR, path, defaults);
        if (text == null) {
            return null;
        }
        for (OnError o : OnError.values()) {
            if (o.name().equals(text)) {
                return o;
            }
        }
        problem(join(path, ON_ERROR), "onError '" + text + "' is not one of Continue, Fail"
                + Suggestions.didYouMean(text, List.of("Continue", "Fail")));
        return null;
    }

    private Duration duration(Map<String, Object> exec, String key, String path, Set<String> defaults) {
        String p = join(path, key);
        if (exec.get(key) instanceof Number n) {
            problem(p, key + " " + n + " has no unit; write it with one, such as " + n + "s or " + n + "m");
            return null;
        }
        String text = optionalString(exec, key, path, defaults);
        if (text == null) {
            return null;
        }
        try {
            Duration d = HookDuration.parse(text);
            if (d.isZero()) {
                problem(p, key + " must be positive; leave it out for the default");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(p, e.getMessage());
            return null;
        }
    }

    private List<String> namespaces(Object value, String path) {
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

    private LabelSelector selector(Object value, String path) {
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
        int before = problems.size();
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
        return problems.size() == before ? LabelSelector.of(matchLabels, expressions) : null;
    }

    private String[] metadata(Object value, String path) {
        Map<String, Object> m = map(value, path, "the metadata object with name and namespace");
        if (m == null) {
            return new String[] {null, DEFAULT_NAMESPACE};
        }
        String name = requiredString(m, "name", path);
        if (name != null && name.isBlank()) {
            problem(join(path, "name"), "metadata.name must not be empty");
            name = null;
        } else if (name != null && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
            problem(join(path, "name"), "'" + name + "' is not a Kubernetes resource name: use 1..253 lowercase letters,"
                    + " digits, '-' and '.', starting and ending with a letter or digit");
            name = null;
        }
        String namespace = DEFAULT_NAMESPACE;
        if (m.get("namespace") != null) {
            String ns = string(m.get("namespace"), join(path, "namespace"));
            if (ns != null && !ns.isBlank()) {
                namespace = ns;
            }
        }
        return new String[] {name, namespace};
    }

    private String requiredString(Map<String, Object> m, String key, String path) {
        if (m.get(key) == null) {
            problem(join(path, key), "required field '" + key + "' is missing");
            return null;
        }
        return string(m.get(key), join(path, key));
    }

    private void unknownKeys(Map<String, Object> m, String path, List<String> allowed, Map<String, String> hints) {
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
    private Map<String, Object> map(Object value, String path, String expected) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        problem(path, value == null ? "required field '" + last(path) + "' is missing; expected " + expected
                : "expected " + expected + ", found " + describe(value));
        return null;
    }

    /** A list; {@code null} (YAML's empty value) is the empty list. */
    @SuppressWarnings("unchecked")
    private List<Object> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            return (List<Object>) value;
        }
        problem(path, "expected a list, found " + describe(value));
        return List.of();
    }

    private String string(Object value, String path) {
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

    private void problem(String path, String message) {
        String at = where.apply(path);
        problems.add(new ValidationProblem(path.isEmpty() ? at : at + " " + path, message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String last(String path) {
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

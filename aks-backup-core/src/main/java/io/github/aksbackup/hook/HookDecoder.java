package io.github.aksbackup.hook;

import static io.github.aksbackup.hook.HookFields.join;

import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.BackupHookSpec;
import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.api.hook.RestoreExecStep;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.hook.RestoreHookSpec;
import io.github.aksbackup.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the tree of one hook resource (from a file or from the cluster) into {@link BackupHook} /
 * {@link RestoreHook} values, collecting every problem with its location instead of stopping at the
 * first. Accepts both forms Azure documents: a list under {@code spec.backupHook} /
 * {@code spec.restoreHook}, and one hook's fields directly under {@code spec}. This class decodes the
 * resource and its entries; {@link HookStepDecoder} the steps, {@link HookFields} the single fields.
 */
final class HookDecoder {
    static final String BACKUP_KIND = "BackupHook";
    static final String RESTORE_KIND = "RestoreHook";
    static final String DEFAULT_NAMESPACE = "default";

    /** What the API server accepts as a resource name; a file with another name could never be applied. */
    private static final java.util.regex.Pattern DNS_SUBDOMAIN = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final List<String> ENTRY_COMMON = List.of("name", "includedNamespaces", "excludedNamespaces", "labelSelector");
    private static final List<String> BACKUP_ENTRY_KEYS = List.of("name", "includedNamespaces", "excludedNamespaces",
            "labelSelector", "preHooks", "postHooks");
    private static final List<String> RESTORE_ENTRY_KEYS = List.of("name", "includedNamespaces", "excludedNamespaces",
            "labelSelector", "postHooks");
    private static final String NO_RESTORE_PRE_HOOKS =
            "restore hooks have no preHooks; a RestoreHook runs only postHooks, after the pod is restored";

    private final Function<String, String> where;
    private final Map<Object, String> origins;
    private final HookFields fields;
    private final HookStepDecoder steps;

    /**
     * @param where location of a path, such as {@code hooks.yaml:12} or {@code BackupHook ns/name}
     * @param problems where problems go
     * @param defaulted receives, per decoded step, the fields that took their default
     * @param origins receives, per decoded resource, where it came from
     */
    HookDecoder(Function<String, String> where, List<ValidationProblem> problems, IdentityHashMap<Object, Set<String>> defaulted,
            IdentityHashMap<Object, String> origins) {
        this.where = where;
        this.origins = origins;
        this.fields = new HookFields(where, problems);
        this.steps = new HookStepDecoder(fields, defaulted);
    }

    /**
     * Decodes one document: a BackupHook, a RestoreHook, or a {@code List} of them (as
     * {@code kubectl get -o yaml} prints). Adds what it decodes to {@code backup} / {@code restore}.
     */
    void document(Object tree, String path, List<BackupHook> backup, List<RestoreHook> restore) {
        Map<String, Object> doc = fields.map(tree, path, "a BackupHook or RestoreHook resource");
        if (doc == null) {
            return;
        }
        Object kindValue = doc.get("kind");
        String kind = kindValue instanceof String s ? s : null;
        if (kind != null && kind.endsWith("List") && doc.containsKey("items")) {
            List<Object> items = fields.list(doc.get("items"), join(path, "items"));
            for (int i = 0; i < items.size(); i++) {
                document(items.get(i), join(path, "items") + "[" + i + "]", backup, restore);
            }
            return;
        }
        if (kind == null) {
            fields.problem(join(path, "kind"), kindValue == null ? "required field 'kind' is missing; expected BackupHook or RestoreHook"
                    : "kind must be a string: BackupHook or RestoreHook");
            return;
        }
        if (!kind.equals(BACKUP_KIND) && !kind.equals(RESTORE_KIND)) {
            fields.problem(join(path, "kind"), "kind '" + kind + "' is not BackupHook or RestoreHook"
                    + Suggestions.didYouMean(kind, List.of(BACKUP_KIND, RESTORE_KIND)));
            return;
        }
        Object apiVersion = doc.get("apiVersion");
        if (apiVersion == null) {
            fields.problem(join(path, "apiVersion"), "required field 'apiVersion' is missing; expected " + BackupHook.API_VERSION);
        } else if (!BackupHook.API_VERSION.equals(apiVersion)) {
            fields.problem(join(path, "apiVersion"), "apiVersion '" + apiVersion + "' is not " + BackupHook.API_VERSION);
        }
        fields.unknownKeys(doc, path, TOP_KEYS, Map.of());
        String[] nameAndNamespace = metadata(doc.get("metadata"), join(path, "metadata"));
        Map<String, Object> spec = fields.map(doc.get("spec"), join(path, "spec"), "the spec object");
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
        fields.unknownKeys(spec, path, allowed, Map.of(otherListKey, "'" + otherListKey + "' belongs in a "
                + (otherListKey.equals("backupHook") ? BACKUP_KIND : RESTORE_KIND) + " resource; this one is a "
                + (listKey.equals("backupHook") ? BACKUP_KIND : RESTORE_KIND) + " and lists its hooks under '" + listKey + "'",
                "preHooks", NO_RESTORE_PRE_HOOKS));
        List<String> direct = spec.keySet().stream().filter(entryKeys::contains).toList();
        List<T> result = new ArrayList<>();
        int before = fields.problemCount();
        if (spec.containsKey(listKey)) {
            for (String k : direct) {
                fields.problem(join(path, k), "'" + k + "' cannot be combined with '" + listKey + "': either list hooks under spec."
                        + listKey + " or give one hook's fields directly under spec");
            }
            List<Object> list = fields.list(spec.get(listKey), join(path, listKey));
            if (list.isEmpty() && fields.problemCount() == before) {
                fields.problem(join(path, listKey), "the list of hooks is empty");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String p = join(path, listKey) + "[" + i + "]";
                Map<String, Object> entry = fields.map(list.get(i), p, "a hook entry");
                if (entry != null) {
                    T decoded = decoder.decode(entry, p, false, null);
                    Object name = entry.get("name");
                    if (name instanceof String n && !n.isBlank() && !names.add(n)) {
                        fields.problem(join(p, "name"), "hook name '" + n + "' is used twice in this resource; names must be unique");
                    }
                    if (decoded != null) {
                        result.add(decoded);
                    }
                }
            }
        } else if (direct.isEmpty()) {
            fields.problem(path, "no hooks: expected a list under spec." + listKey + ", or one hook's fields ("
                    + String.join(", ", entryKeys.stream().filter(k -> !ENTRY_COMMON.contains(k)).toList()) + ") directly under spec");
        } else {
            T decoded = decoder.decode(spec, path, true, resourceName);
            if (decoded != null) {
                result.add(decoded);
            }
        }
        return fields.problemCount() == before ? result : null;
    }

    private BackupHookSpec backupEntry(Map<String, Object> entry, String path, boolean direct, String defaultName) {
        if (!direct) {
            fields.unknownKeys(entry, path, BACKUP_ENTRY_KEYS, Map.of());
        }
        int before = fields.problemCount();
        String name = entryName(entry, path, direct, defaultName);
        List<String> included = fields.namespaces(entry.get("includedNamespaces"), join(path, "includedNamespaces"));
        List<String> excluded = fields.namespaces(entry.get("excludedNamespaces"), join(path, "excludedNamespaces"));
        LabelSelector selector = fields.selector(entry.get("labelSelector"), join(path, "labelSelector"));
        List<ExecStep> pre = steps.backupSteps(entry.get("preHooks"), join(path, "preHooks"));
        List<ExecStep> post = steps.backupSteps(entry.get("postHooks"), join(path, "postHooks"));
        if (fields.problemCount() != before || name == null) {
            return null;
        }
        return new BackupHookSpec(name, included, excluded, selector, pre, post);
    }

    private RestoreHookSpec restoreEntry(Map<String, Object> entry, String path, boolean direct, String defaultName) {
        if (!direct) {
            fields.unknownKeys(entry, path, RESTORE_ENTRY_KEYS, Map.of("preHooks", NO_RESTORE_PRE_HOOKS));
        }
        int before = fields.problemCount();
        String name = entryName(entry, path, direct, defaultName);
        List<String> included = fields.namespaces(entry.get("includedNamespaces"), join(path, "includedNamespaces"));
        List<String> excluded = fields.namespaces(entry.get("excludedNamespaces"), join(path, "excludedNamespaces"));
        LabelSelector selector = fields.selector(entry.get("labelSelector"), join(path, "labelSelector"));
        List<RestoreExecStep> post = steps.restoreSteps(entry.get("postHooks"), join(path, "postHooks"));
        if (fields.problemCount() != before || name == null) {
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
            fields.problem(join(path, "name"), "required field 'name' is missing; every hook needs a name");
            return null;
        }
        String name = fields.string(entry.get("name"), join(path, "name"));
        if (name != null && name.isBlank()) {
            fields.problem(join(path, "name"), "name must not be empty");
        }
        return name;
    }

    private String[] metadata(Object value, String path) {
        Map<String, Object> m = fields.map(value, path, "the metadata object with name and namespace");
        if (m == null) {
            return new String[] {null, DEFAULT_NAMESPACE};
        }
        String name = fields.requiredString(m, "name", path);
        if (name != null && name.isBlank()) {
            fields.problem(join(path, "name"), "metadata.name must not be empty");
            name = null;
        } else if (name != null && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
            fields.problem(join(path, "name"), "'" + name + "' is not a Kubernetes resource name: use 1..253 lowercase letters,"
                    + " digits, '-' and '.', starting and ending with a letter or digit");
            name = null;
        }
        String namespace = DEFAULT_NAMESPACE;
        if (m.get("namespace") != null) {
            String ns = fields.string(m.get("namespace"), join(path, "namespace"));
            if (ns != null && !ns.isBlank()) {
                namespace = ns;
            }
        }
        return new String[] {name, namespace};
    }
}

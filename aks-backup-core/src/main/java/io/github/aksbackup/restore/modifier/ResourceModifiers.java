package io.github.aksbackup.restore.modifier;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.internal.json.JsonDocuments;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.ResourceType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Restore resource modifiers: rules that change objects before a restore creates them, in the format
 * Azure Backup for AKS and Velero read: a ConfigMap in the target cluster (named by the restore
 * configuration's {@code resourceModifierReference}) whose one data key holds a YAML document
 * <pre>{@code
 * version: v1
 * resourceModifierRules:
 * - conditions:
 *     groupResource: persistentvolumeclaims      # resource.group, a glob: pods, deployments.apps, *, *.apps
 *     resourceNameRegex: "^mysql.*$"            # optional
 *     namespaces: [bar, foo]                     # optional, the source namespaces (globs)
 *     labelSelector: {matchLabels: {foo: bar}}   # optional, with matchExpressions too
 *     matches: [{path: /spec/storageClassName, value: premium}]   # optional
 *   patches:                                     # JSON Patch; or mergePatches / strategicPatches
 *   - operation: replace
 *     path: /spec/storageClassName
 *     value: managed-csi-premium
 * }</pre>
 *
 * <p><b>Semantics (Velero's).</b> Rules apply in order; each rule's conditions are evaluated on the
 * object as the restore prepared it (server fields stripped, namespace mapped), before any rule changed
 * it; a matching rule's patches apply to the result of the rules before it. A rule holds one kind of
 * patch: {@code patches} (JSON Patch, RFC 6902, with Velero's rule for values, see
 * {@link JsonPatchOperation}), {@code mergePatches} (JSON merge patch, RFC 7386) or {@code strategicPatches}
 * (Kubernetes' strategic merge patch with the merge keys the API server publishes, see
 * {@link StrategicMerge}; for a kind the server takes no strategic merge patch for, a custom resource,
 * a JSON merge patch, as kubectl does); {@code patchData} is JSON or YAML. A JSON Patch {@code test}
 * that does not hold skips its rule; any other failure (a {@code remove} of a path the object does not
 * have, a list item without its merge key) fails the object, naming the rule and the reason, and the
 * rest of the restore goes on. Choices where Velero's documentation is silent, from its source: an
 * absent {@code value} is the empty string; a {@code matches} path the object does not have does not
 * match; operation names are taken in any letter case, as Velero's validator takes them. A JSON Patch
 * {@code test} of a path the object does not have does not hold, as the documentation says ("if the
 * value is not present, the patch will not be applied"; Velero's library fails the object instead when
 * the path's parent is missing too).
 *
 * <p><b>Refused at input</b> ({@link InvalidInputException}, every problem with the rule index and
 * field, before anything is restored): a missing ConfigMap, or one without exactly one data key; YAML
 * that does not parse; an unknown version, field or operation; an invalid regular expression, glob,
 * label selector or JSON pointer; a {@code value} Velero would turn into JSON that is not JSON; a rule
 * with no patch or with two kinds; patch data that is not an object; strategic merge directives not
 * supported ({@code $setElementOrder}, {@code $deleteFromPrimitiveList}, {@code $patch: merge}).
 *
 * <p><b>Beyond Velero.</b> A rule that would change an object's {@code apiVersion}, {@code kind},
 * {@code metadata.name} or {@code metadata.namespace} fails that object: a restore keeps identities
 * (Velero silently sets the namespace back); map namespaces with {@code namespaceMappings}.
 * {@code resourceNameRegex} is a Java regular expression (Velero's is Go's RE2: the common syntax is
 * the same; a pattern Java does not read, such as Go's {@code (?P<name>...)}, is refused at input). The restore reports which rules changed which objects, and warns about rules that
 * matched no object.
 */
public final class ResourceModifiers {
    /** No rules: every object is restored as it is. */
    public static final ResourceModifiers NONE = new ResourceModifiers(List.of(), "no resource modifiers");

    private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, Set.of("get"));
    private static final int MAX_CHANGES_LISTED = 8;
    /** The item actions after which the object in the cluster is the modified one. */
    private static final Set<ItemAction> CHANGING = Set.of(ItemAction.Created, ItemAction.Patched, ItemAction.Recreated);
    private static final int MAX_VALUE_CHARS = 80;

    private final List<ModifierRule> rules;
    private final String source;

    private ResourceModifiers(List<ModifierRule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = source;
    }

    /**
     * Reads rules from the text of a resource modifier document.
     *
     * @param source what to call the text in messages, such as a file name
     * @throws InvalidInputException with every problem, each located by rule index and field
     */
    public static ResourceModifiers parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        return new ResourceModifiers(RulesReader.read(text, source), source);
    }

    /**
     * Reads rules from a local file (the same document a ConfigMap's data key holds).
     *
     * @throws InvalidInputException when the file cannot be read or holds problems
     */
    public static ResourceModifiers read(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(file.toString(), "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file.toString(), "is a directory; expected a YAML file of resource modifier rules");
        }
        String text;
        try {
            if (Files.size(file) > JsonDocuments.MAX_BYTES) {
                throw new InvalidInputException(file.toString(), "is larger than " + JsonDocuments.MAX_BYTES / (1024 * 1024)
                        + " MiB; expected a YAML file of resource modifier rules");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file.toString(), "is not UTF-8 text; expected a YAML file of resource modifier rules");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * Reads the rules of the ConfigMap a restore configuration's {@code resourceModifierReference}
     * names, in the target cluster; {@link #NONE} when {@code reference} is {@code null}. As Velero,
     * the ConfigMap must hold exactly one data key, whatever its name.
     *
     * @throws InvalidInputException when the ConfigMap does not exist, has not exactly one data key, or
     *     its rules have problems
     */
    public static ResourceModifiers load(ClusterClient cluster, NamespacedName reference) {
        if (reference == null) {
            return NONE;
        }
        Optional<KubeObject> cm;
        try {
            cm = cluster.get(CONFIG_MAPS, reference.namespace(), reference.name());
        } catch (NotFoundException noConfigMaps) {
            cm = Optional.empty();
        }
        String what = "ConfigMap " + reference;
        if (cm.isEmpty()) {
            throw new InvalidInputException("resourceModifierReference", what + " does not exist in the target cluster "
                    + cluster.describe() + "; create it there (kubectl create configmap " + reference.name() + " -n "
                    + reference.namespace() + " --from-file=rules.yaml) or correct the reference");
        }
        Object data = cm.get().content().get("data");
        Map<?, ?> keys = data instanceof Map<?, ?> m ? m : Map.of();
        if (keys.size() != 1 || !(keys.values().iterator().next() instanceof String)) {
            throw new InvalidInputException("resourceModifierReference", what + " holds " + keys.size()
                    + " data keys (" + keys.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "); resource modifiers are one data key holding the rules document");
        }
        Map.Entry<?, ?> only = keys.entrySet().iterator().next();
        return parse((String) only.getValue(), what + " data." + only.getKey());
    }

    /**
     * The rules a restore applies: those of {@code reference} in the target cluster, or the rules given
     * (a local file, for example); never both, so that which rules apply is never a guess.
     *
     * @param given rules given directly, or {@code null}
     * @throws InvalidInputException when both are given, or as {@link #load}
     */
    public static ResourceModifiers forRestore(ClusterClient cluster, NamespacedName reference, ResourceModifiers given) {
        if (given != null && reference != null) {
            throw new InvalidInputException(List.of(new ValidationProblem("resourceModifierReference",
                    "the restore configuration names ConfigMap " + reference + " and rules were given too (" + given.source
                            + "); give the rules one way: remove resourceModifierReference, or do not pass other rules")));
        }
        return given != null ? given : load(cluster, reference);
    }

    /** True when there are no rules. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** How many rules there are. */
    public int size() {
        return rules.size();
    }

    /** Where the rules came from, for messages. */
    public String source() {
        return source;
    }

    /**
     * An applier for one restore: applies the rules object by object and remembers which rules
     * matched, for {@link Applier#unmatchedRules()}.
     *
     * @param metadata the strategic merge patch metadata of a kind by apiVersion and kind, usually
     *     {@code cluster::patchMetadata} of the target cluster; asked only by rules with strategicPatches
     */
    public Applier applier(BiFunction<String, String, Optional<PatchMetadata>> metadata) {
        return new Applier(Objects.requireNonNull(metadata, "metadata"));
    }

    /** Applies the rules during one restore; thread-safe. */
    public final class Applier {
        private final BiFunction<String, String, Optional<PatchMetadata>> metadata;
        private final AtomicIntegerArray matched = new AtomicIntegerArray(Math.max(1, rules.size()));

        private Applier(BiFunction<String, String, Optional<PatchMetadata>> metadata) {
            this.metadata = metadata;
        }

        /**
         * Applies the rules to an object about to be created.
         *
         * @param type its type in the target cluster
         * @param sourceNamespace the namespace it was backed up from (before namespace mapping), {@code null}
         *     for cluster-scoped objects; the {@code namespaces} condition looks at this one
         * @param object the object as it would be created; not changed
         */
        public Outcome apply(ResourceType type, String sourceNamespace, Map<String, Object> object) {
            if (rules.isEmpty()) {
                return new Outcome(object, List.of(), List.of(), List.of(), null);
            }
            Map<String, Object> origin = Trees.copyMap(object);
            Map<String, Object> current = origin;
            List<Integer> changedBy = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (ModifierRule rule : rules) {
                if (!rule.conditions().hold(type, sourceNamespace, origin)) {
                    continue;
                }
                matched.incrementAndGet(rule.index());
                Map<String, Object> next;
                try {
                    next = rule.apply(type, current, metadata);
                    String identity = identityChange(current, next);
                    if (identity != null) {
                        throw new ModifierRule.Failure("it changes " + identity + ", which a restore keeps (map namespaces"
                                + " with namespaceMappings)");
                    }
                } catch (ModifierRule.Failure e) {
                    failures.add("resource modifier rule " + rule.index() + ": " + e.getMessage());
                    continue;
                }
                if (!Trees.same(current, next)) {
                    changedBy.add(rule.index());
                    current = next;
                }
            }
            if (!failures.isEmpty()) {
                return new Outcome(object, List.of(), List.of(), List.of(), String.join("; ", failures));
            }
            if (changedBy.isEmpty()) {
                return new Outcome(object, List.of(), List.of(), List.of(), null);
            }
            List<String> paths = new ArrayList<>();
            Trees.differences(object, current, "", paths, MAX_CHANGES_LISTED);
            paths.sort(null);
            List<String> changes = new ArrayList<>();
            boolean secret = type.group().isEmpty() && type.kind().equals("Secret");
            for (String p : paths.subList(0, Math.min(paths.size(), MAX_CHANGES_LISTED))) {
                Object v = Trees.at(current, p);
                changes.add(secret ? p : p + (v == Trees.MISSING ? " removed" : " = " + shortJson(v)));
            }
            List<String> listed = new ArrayList<>(paths.subList(0, Math.min(paths.size(), MAX_CHANGES_LISTED)));
            if (paths.size() > MAX_CHANGES_LISTED) {
                changes.add("...");
                listed.add("...");
            }
            return new Outcome(current, List.copyOf(changedBy), listed, changes, null);
        }

        /** A warning for each rule that matched no object so far (a misspelt groupResource restores everything unchanged). */
        public List<String> unmatchedRules() {
            List<String> out = new ArrayList<>();
            for (ModifierRule r : rules) {
                if (matched.get(r.index()) == 0) {
                    out.add("resource modifier rule " + r.index() + " (groupResource " + r.conditions().groupResource()
                            + ") matched no restored object, so it changed nothing");
                }
            }
            return out;
        }
    }

    private static String identityChange(Map<String, Object> before, Map<String, Object> after) {
        KubeObject b = new KubeObject(before);
        KubeObject a = new KubeObject(after);
        if (!Objects.equals(b.apiVersion(), a.apiVersion())) {
            return "apiVersion";
        }
        if (!Objects.equals(b.kind(), a.kind())) {
            return "kind";
        }
        if (!Objects.equals(b.name(), a.name())) {
            return "metadata.name";
        }
        return Objects.equals(b.namespace(), a.namespace()) ? null : "metadata.namespace";
    }

    private static String shortJson(Object v) {
        String s = Trees.toJson(v).toString();
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "..." : s;
    }

    /**
     * What the rules did to one object.
     *
     * @param object the object to create: the modified one, or the one given when no rule changed it
     * @param changedBy the indexes of the rules that changed it, in order; empty when none did
     * @param paths where it changed (JSON pointers; a list of at most a few, ending with "..." when there are more)
     * @param changes the same with the new values ({@code /spec/replicas = 1}), except for Secrets, whose values are never shown
     * @param failure why the object must not be restored (naming each failed rule), or {@code null}
     */
    public record Outcome(Map<String, Object> object, List<Integer> changedBy, List<String> paths, List<String> changes,
            String failure) {

        /** True when a rule failed and the object must not be restored. */
        public boolean failed() {
            return failure != null;
        }

        /** True when a rule changed the object. */
        public boolean modified() {
            return !changedBy.isEmpty();
        }

        /**
         * The item result with a note of what the rules changed, for objects created, patched or recreated
         * (a dry run's note shows the new values; a real run's only where they changed, so that job
         * records carry no object content); the item unchanged otherwise.
         */
        public ItemResult note(ItemResult item, boolean dryRun) {
            if (!modified() || !CHANGING.contains(item.action())) {
                return item;
            }
            String note = NOTE + (changedBy.size() == 1 ? " " : "s ")
                    + changedBy.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ": "
                    + String.join(", ", dryRun ? changes : paths);
            return new ItemResult(item.resource(), item.namespace(), item.name(), item.action(),
                    item.message() == null ? note : item.message() + "; " + note);
        }
    }

    /** How an item's message starts saying which rules changed it; {@link #modifiedItem} finds such items. */
    private static final String NOTE = "modified by resource modifier rule";

    /** True when a restore item's message says resource modifier rules changed the object. */
    public static boolean modifiedItem(ItemResult item) {
        return item.message() != null && item.message().contains(NOTE);
    }

}

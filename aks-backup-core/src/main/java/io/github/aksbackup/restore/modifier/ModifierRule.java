package io.github.aksbackup.restore.modifier;

import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.ResourceType;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * One rule of a resource modifier document: which objects it applies to and what it changes, with
 * Velero's semantics.
 *
 * @param index its position in {@code resourceModifierRules}, by which messages name it
 * @param conditions which objects it applies to
 * @param patches JSON Patch operations, or empty
 * @param mergePatches JSON merge patches, or empty
 * @param strategicPatches strategic merge patches, or empty (a rule has exactly one of the three kinds)
 */
record ModifierRule(int index, Conditions conditions, List<JsonPatchOperation> patches, List<Map<String, Object>> mergePatches,
        List<Map<String, Object>> strategicPatches) {

    /** Why a rule could not change an object; the item fails with it. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Which objects a rule applies to. Every condition given must hold; they are evaluated on the
     * object as the restore prepared it before any rule changed it (as Velero does when there is more
     * than one rule), except {@code namespaces}, which names the namespace the object was backed up
     * from, not the one a namespace mapping restores it into (as Velero documents).
     *
     * @param groupResource a glob over {@code resource.group} ({@code deployments.apps}, {@code pods},
     *     {@code *} for the core group's, {@code *.*} for every other group's)
     * @param resourceNameRegex a regular expression found anywhere in the name (as Go's
     *     {@code regexp.MatchString}; anchor it with {@code ^...$} to match the whole name), or {@code null}
     * @param namespaces globs of source namespaces; empty for every namespace. Cluster-scoped objects are
     *     not held back by this condition (Velero's rule).
     * @param labelSelector on the object's labels, or {@code null}
     * @param matches {@code test} operations that must all hold; a path the object does not have does
     *     not hold
     */
    record Conditions(Glob groupResource, Pattern resourceNameRegex, List<Glob> namespaces, LabelSelector labelSelector,
            List<JsonPatchOperation> matches) {

        boolean hold(ResourceType type, String sourceNamespace, Map<String, Object> object) {
            if (sourceNamespace != null && !namespaces.isEmpty() && namespaces.stream().noneMatch(g -> g.matches(sourceNamespace))) {
                return false;
            }
            if (!groupResource.matches(type.groupResource())) {
                return false;
            }
            KubeObject o = new KubeObject(object);
            if (resourceNameRegex != null && !resourceNameRegex.matcher(o.name() == null ? "" : o.name()).find()) {
                return false;
            }
            if (labelSelector != null && !labelSelector.matches(o.labels())) {
                return false;
            }
            for (JsonPatchOperation m : matches) {
                Object actual = Trees.at(object, m.path());
                if (actual == Trees.MISSING || !Trees.same(actual, m.value())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Applies the rule's patches to {@code object} (which is not changed) and returns the result; the
     * same object when a JSON Patch {@code test} does not hold, which skips the rule (Velero's rule).
     *
     * @param metadata the strategic merge patch metadata of a kind, by apiVersion and kind
     */
    Map<String, Object> apply(ResourceType type, Map<String, Object> object,
            BiFunction<String, String, Optional<PatchMetadata>> metadata) throws Failure {
        if (!patches.isEmpty()) {
            return jsonPatch(object);
        }
        if (!mergePatches.isEmpty()) {
            return mergePatch(object, mergePatches);
        }
        Optional<PatchMetadata> md;
        try {
            md = metadata.apply(type.apiVersion(), type.kind());
        } catch (RuntimeException e) {
            throw new Failure("the patch metadata of " + type.displayName() + " could not be read from the cluster: " + e.getMessage());
        }
        if (md.isEmpty()) {
            // A custom resource: the server takes no strategic merge patch for it; kubectl sends a JSON merge patch.
            for (int i = 0; i < strategicPatches.size(); i++) {
                String directive = StrategicMerge.firstDirective(strategicPatches.get(i));
                if (directive != null) {
                    throw new Failure("strategicPatches[" + i + "] uses the directive " + directive + ", but "
                            + type.displayName() + " takes no strategic merge patch (a custom resource), so it is merged as a"
                            + " JSON merge patch, which has no directives");
                }
            }
            return mergePatch(object, strategicPatches);
        }
        Map<String, Object> current = object;
        for (int i = 0; i < strategicPatches.size(); i++) {
            try {
                current = StrategicMerge.apply(current, strategicPatches.get(i), md.get());
            } catch (StrategicMerge.MergeException e) {
                throw new Failure("strategicPatches[" + i + "]: " + e.getMessage());
            }
        }
        return current;
    }

    private Map<String, Object> jsonPatch(Map<String, Object> object) throws Failure {
        JsonStructure doc = (JsonStructure) Trees.toJson(object);
        for (int i = 0; i < patches.size(); i++) {
            JsonPatchOperation op = patches.get(i);
            try {
                if (op.op().equals("test")) {
                    if (!op.holds(doc)) {
                        return object;
                    }
                } else {
                    doc = op.apply(doc);
                }
            } catch (JsonException e) {
                throw new Failure("patches[" + i + "] (" + op + "): " + e.getMessage());
            }
        }
        return asMap(doc);
    }

    private static Map<String, Object> mergePatch(Map<String, Object> object, List<Map<String, Object>> patches) {
        jakarta.json.JsonValue doc = Trees.toJson(object);
        for (Map<String, Object> patch : patches) {
            doc = Json.createMergePatch(Trees.toJson(patch)).apply(doc);
        }
        return asMap(doc);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(jakarta.json.JsonValue doc) {
        return (Map<String, Object>) Trees.fromJson(doc);
    }
}

package io.github.aksbackup.restore.modifier;

import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.PatchMetadata.FieldStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes strategic merge patch applied to an object tree, with the merge keys and strategies
 * the API server publishes for the object's kind ({@link PatchMetadata}); the semantics of
 * apimachinery's {@code strategicpatch.StrategicMergeMapPatch}, which Velero and the API server use.
 *
 * <ul>
 *   <li>Maps merge key by key; {@code null} removes a key; a field whose strategy is {@code replace}
 *       takes the patch's map whole.</li>
 *   <li>Lists of a field whose strategy is {@code merge} merge item by item: maps by their merge key
 *       ({@code containers} by {@code name}, {@code ports} by {@code containerPort}, {@code volumes} by
 *       {@code name}, ...), an item found merged recursively and a new one added; scalars as a set
 *       union. Other lists are replaced. An empty patch list leaves a merged list as it is.</li>
 *   <li>Order, as apimachinery orders it: the patch's items in the patch's order, the items only the
 *       object has in their order, interleaved by the object's order where both hold them (so an item
 *       the object did not have comes before the remaining ones the patch does not mention).</li>
 *   <li>{@code $patch: replace} in a map replaces it with the rest of the patch map; {@code $patch: delete}
 *       empties it; as an item of a merged list, {@code {$patch: replace}} replaces the list with the
 *       patch's other items and {@code {name: x, $patch: delete}} removes the item with that key.</li>
 *   <li>{@code $retainKeys: [a, b]} in a map removes the object's keys that are not listed (a patch key
 *       outside the list is an error).</li>
 * </ul>
 * Not supported, and refused where the rules are read: the parallel lists {@code $setElementOrder/...}
 * and {@code $deleteFromPrimitiveList/...}, and {@code $patch: merge}. Where the object has no value
 * for a patched field, the patch's value is merged into an empty one, so that its directives take
 * effect rather than being stored (apimachinery stores such a value as given). Fields the kind does not
 * have are merged like any other (Velero's typed conversion refuses them; the API server decides here).
 */
final class StrategicMerge {
    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final List<String> UNSUPPORTED_PREFIXES = List.of("$setElementOrder/", "$deleteFromPrimitiveList/");

    /** Why a patch cannot be applied to an object. */
    static final class MergeException extends Exception {
        private static final long serialVersionUID = 1L;

        MergeException(String message) {
            super(message, null, false, false);
        }
    }

    private StrategicMerge() {
    }

    /** The object with the patch applied; neither argument is changed. */
    static Map<String, Object> apply(Map<String, Object> object, Map<String, Object> patch, PatchMetadata metadata)
            throws MergeException {
        return new StrategicMerge.Run(metadata).mergeMap(Trees.copyMap(object), Trees.copyMap(patch), "");
    }

    /**
     * The first directive in a patch ({@code $patch}, {@code $retainKeys}) with its location, or
     * {@code null} when it has none; for patches that are applied as JSON merge patches.
     */
    static String firstDirective(Object patch) {
        return find(patch, "", (at, key, value) -> key.equals(DIRECTIVE) || key.equals(RETAIN_KEYS)
                ? key + " (at " + (at.isEmpty() ? "the top" : at) + ")" : null);
    }

    /**
     * Why a patch's directives cannot be applied, wherever they are, or {@code null} when they can;
     * checked where the rules are read, so that a patch that could never apply is refused there.
     */
    static String directiveProblem(Object patch) {
        return find(patch, "", (at, key, value) -> {
            String here = at.isEmpty() ? key : at + "." + key;
            for (String prefix : UNSUPPORTED_PREFIXES) {
                if (key.startsWith(prefix)) {
                    return here + ": the directive " + prefix + "... is not supported; list the wanted items instead";
                }
            }
            if (key.equals(DIRECTIVE) && !"replace".equals(value) && !"delete".equals(value)) {
                return here + ": $patch must be replace or delete, was " + value;
            }
            if (key.equals(RETAIN_KEYS) && !(value instanceof List<?> keys && keys.stream().allMatch(String.class::isInstance))) {
                return here + ": $retainKeys must be a list of field names";
            }
            return null;
        });
    }

    /** Looks at one key of a map in a patch: {@code at} is the map's location. */
    private interface KeyCheck {
        String check(String at, String key, Object value);
    }

    /** The first answer of {@code check} for the keys of the maps in {@code patch}, depth first. */
    private static String find(Object patch, String at, KeyCheck check) {
        if (patch instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                String answer = check.check(at, key, e.getValue());
                if (answer == null) {
                    answer = find(e.getValue(), at.isEmpty() ? key : at + "." + key, check);
                }
                if (answer != null) {
                    return answer;
                }
            }
        } else if (patch instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                String answer = find(l.get(i), at + "[" + i + "]", check);
                if (answer != null) {
                    return answer;
                }
            }
        }
        return null;
    }

    /** One application: the metadata, and the paths of fields as the walk goes down. */
    private record Run(PatchMetadata metadata) {

        @SuppressWarnings("unchecked")
        Map<String, Object> mergeMap(Map<String, Object> original, Map<String, Object> patch, String path) throws MergeException {
            Object directive = patch.remove(DIRECTIVE);
            if ("replace".equals(directive)) {
                return mergeMap(new LinkedHashMap<>(), patch, path);
            }
            if ("delete".equals(directive)) {
                return new LinkedHashMap<>();
            }
            if (directive != null) {
                throw new MergeException(at(path) + "$patch must be replace or delete, was " + directive);
            }
            retainKeys(original, patch, path);
            for (Map.Entry<String, Object> e : patch.entrySet()) {
                String key = e.getKey();
                Object value = e.getValue();
                String field = path.isEmpty() ? key : path + "." + key;
                if (value == null) {
                    original.remove(key);
                    continue;
                }
                Object current = original.get(key);
                FieldStrategy strategy = metadata.field(field);
                if (current instanceof Map<?, ?> m && value instanceof Map<?, ?> p) {
                    original.put(key, strategy != null && strategy.replaces()
                            ? mergeMap(new LinkedHashMap<>(), (Map<String, Object>) p, field)
                            : mergeMap((Map<String, Object>) m, (Map<String, Object>) p, field));
                } else if (value instanceof List<?> p && (current == null || current instanceof List<?>)) {
                    List<Object> base = current == null ? new ArrayList<>() : new ArrayList<>((List<Object>) current);
                    original.put(key, strategy != null && strategy.merges()
                            ? mergeList(base, new ArrayList<>(p), field, strategy.mergeKey())
                            : new ArrayList<>(p));
                } else if (value instanceof Map<?, ?> p) {
                    original.put(key, mergeMap(new LinkedHashMap<>(), (Map<String, Object>) p, field));
                } else {
                    original.put(key, value);
                }
            }
            return original;
        }

        private static void retainKeys(Map<String, Object> original, Map<String, Object> patch, String path) throws MergeException {
            Object retain = patch.remove(RETAIN_KEYS);
            if (retain == null) {
                return;
            }
            if (!(retain instanceof List<?> list)) {
                throw new MergeException(at(path) + "$retainKeys must be a list of field names");
            }
            Set<Object> kept = new HashSet<>(list);
            for (Map.Entry<String, Object> e : patch.entrySet()) {
                if (e.getValue() != null && !kept.contains(e.getKey())) {
                    throw new MergeException(at(path) + "the patch sets " + e.getKey() + ", which its $retainKeys " + list
                            + " does not keep");
                }
            }
            original.keySet().removeIf(k -> !kept.contains(k));
        }

        @SuppressWarnings("unchecked")
        private List<Object> mergeList(List<Object> original, List<Object> patch, String field, String mergeKey)
                throws MergeException {
            if (patch.isEmpty()) {
                return original;
            }
            String kind = elementKind(original, patch, field);
            if (!kind.equals("map")) {
                List<Object> merged = new ArrayList<>(original);
                for (Object p : patch) {
                    if (indexOf(merged, p, null) < 0) {
                        merged.add(p);
                    }
                }
                return ordered(merged, patch, original, null);
            }
            if (mergeKey == null) {
                throw new MergeException(at(field) + "the list is merged item by item but the server names no merge key for it");
            }
            List<Object> items = new ArrayList<>(original);
            List<Object> plain = new ArrayList<>();
            boolean replace = false;
            for (Object p : patch) {
                Map<String, Object> item = (Map<String, Object>) p;
                Object directive = item.get(DIRECTIVE);
                if (directive == null) {
                    plain.add(item);
                } else if ("delete".equals(directive)) {
                    if (!item.containsKey(mergeKey)) {
                        throw new MergeException(at(field) + "an item with $patch: delete needs its merge key " + mergeKey);
                    }
                    items.removeIf(o -> Trees.same(((Map<String, Object>) o).get(mergeKey), item.get(mergeKey)));
                } else if ("replace".equals(directive)) {
                    replace = true;
                } else {
                    throw new MergeException(at(field) + "$patch in a list item must be replace or delete, was " + directive);
                }
            }
            if (replace) {
                List<Object> replaced = new ArrayList<>();
                for (Object p : plain) {
                    replaced.add(mergeMap(new LinkedHashMap<>(), (Map<String, Object>) p, field));
                }
                return replaced;
            }
            for (Object p : plain) {
                Map<String, Object> item = (Map<String, Object>) p;
                if (!item.containsKey(mergeKey)) {
                    throw new MergeException(at(field) + "every item needs its merge key " + mergeKey + "; "
                            + Trees.toJson(item) + " has none");
                }
                int found = indexOf(items, item, mergeKey);
                if (found >= 0) {
                    items.set(found, mergeMap((Map<String, Object>) items.get(found), item, field));
                } else {
                    items.add(mergeMap(new LinkedHashMap<>(), item, field));
                }
            }
            return ordered(items, plain, original, mergeKey);
        }

        /** apimachinery's order: patch items by the patch's order, the others by the original's, interleaved by the original's. */
        private static List<Object> ordered(List<Object> merged, List<Object> patch, List<Object> original, String mergeKey) {
            List<Object> patchItems = new ArrayList<>();
            for (Object p : patch) {
                int i = indexOf(merged, p, mergeKey);
                if (i >= 0 && indexOf(patchItems, merged.get(i), mergeKey) < 0) {
                    patchItems.add(merged.get(i));
                }
            }
            List<Object> serverOnly = new ArrayList<>();
            for (Object m : merged) {
                if (indexOf(patch, m, mergeKey) < 0 && indexOf(serverOnly, m, mergeKey) < 0) {
                    serverOnly.add(m);
                }
            }
            serverOnly.sort(java.util.Comparator.comparingInt(m -> indexOf(original, m, mergeKey)));
            List<Object> out = new ArrayList<>(merged.size());
            int i = 0;
            int j = 0;
            while (i < serverOnly.size() || j < patchItems.size()) {
                if (i >= serverOnly.size()) {
                    out.add(patchItems.get(j++));
                } else if (j >= patchItems.size()) {
                    out.add(serverOnly.get(i++));
                } else {
                    int li = indexOf(original, serverOnly.get(i), mergeKey);
                    int ri = indexOf(original, patchItems.get(j), mergeKey);
                    out.add(li >= 0 && ri >= 0 && li < ri ? serverOnly.get(i++) : patchItems.get(j++));
                }
            }
            return out;
        }

        /** The index of the item equal to {@code item} (maps: with an equal merge key value), or -1. */
        @SuppressWarnings("unchecked")
        private static int indexOf(List<Object> list, Object item, String mergeKey) {
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                boolean equal = mergeKey == null ? Trees.same(o, item)
                        : o instanceof Map<?, ?> a && item instanceof Map<?, ?> b
                                && Trees.same(((Map<String, Object>) a).get(mergeKey), ((Map<String, Object>) b).get(mergeKey));
                if (equal) {
                    return i;
                }
            }
            return -1;
        }

        /** "map" or "scalar": the items of both lists must be of one kind, and not lists. */
        private static String elementKind(List<Object> original, List<Object> patch, String field) throws MergeException {
            String kind = null;
            for (List<Object> l : List.of(original, patch)) {
                for (Object o : l) {
                    String k = o instanceof Map ? "map" : o instanceof List ? "list" : "scalar";
                    if (k.equals("list")) {
                        throw new MergeException(at(field) + "lists of lists cannot be merged");
                    }
                    if (kind != null && !kind.equals(k)) {
                        throw new MergeException(at(field) + "the list mixes objects and plain values, which cannot be merged");
                    }
                    kind = k;
                }
            }
            return kind;
        }

        private static String at(String path) {
            return path.isEmpty() ? "" : path + ": ";
        }
    }
}

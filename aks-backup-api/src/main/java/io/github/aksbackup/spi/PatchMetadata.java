package io.github.aksbackup.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a strategic merge patch treats the fields of one built-in kind: each field that has a patch
 * strategy, with that strategy and, for lists merged item by item, the key that identifies an item;
 * as the API server publishes them in its OpenAPI document ({@code x-kubernetes-patch-strategy},
 * {@code x-kubernetes-patch-merge-key}).
 *
 * <p>A field is named by its path from the object's root, property names joined by {@code .}; the
 * items of a list add nothing to the path, so {@code spec.template.spec.containers.env} is the
 * {@code env} list of every container of a Deployment's pod template. A field without an entry has no
 * strategy: a map in it is merged key by key, a list in it is replaced whole.
 *
 * @param fields field path → its strategy
 */
public record PatchMetadata(Map<String, FieldStrategy> fields) {
    /** Strategies a field may have, alone or as {@code merge,retainKeys}. */
    public static final Set<String> STRATEGIES = Set.of("merge", "replace", "retainKeys");

    public PatchMetadata {
        fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
    }

    /** The strategy of the field at {@code path}, or {@code null} when it has none. */
    public FieldStrategy field(String path) {
        return fields.get(path);
    }

    /**
     * One field's patch strategy.
     *
     * @param strategy the strategies, comma-separated as published: {@code merge}, {@code replace},
     *     {@code retainKeys} or {@code merge,retainKeys}
     * @param mergeKey the field that identifies an item of a list merged item by item, or {@code null}
     */
    public record FieldStrategy(String strategy, String mergeKey) {
        public FieldStrategy {
            Objects.requireNonNull(strategy, "strategy");
            for (String s : strategy.split(",", -1)) {
                if (!STRATEGIES.contains(s)) {
                    throw new IllegalArgumentException("strategy '" + strategy + "' must be merge, replace or retainKeys,"
                            + " or two of them separated by a comma");
                }
            }
            if (mergeKey != null && mergeKey.isBlank()) {
                throw new IllegalArgumentException("mergeKey must be null or a field name, was blank");
            }
        }

        /** True when a list in this field is merged item by item (by {@link #mergeKey} for maps, by value for scalars). */
        public boolean merges() {
            return hasStrategy("merge");
        }

        /** True when a map in this field is replaced whole rather than merged. */
        public boolean replaces() {
            return hasStrategy("replace");
        }

        private boolean hasStrategy(String s) {
            for (String part : strategy.split(",")) {
                if (part.equals(s)) {
                    return true;
                }
            }
            return false;
        }
    }
}

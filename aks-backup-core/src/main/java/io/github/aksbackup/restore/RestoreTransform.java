package io.github.aksbackup.restore;

import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * One change a restore makes to a backed-up object before the object is written to the target.
 * Every backed-up object a restore creates or patches passes the same chain of transforms, in order;
 * the chain is made in one place, {@code RestoreEngine.transforms}. The first is the built-in
 * {@link ObjectTransformer} (server fields, namespace mapping, owner references); a step such as
 * resource modifiers goes after it. Only after the chain does the {@link VolumeRestorer} point a claim
 * or a volume at where its data now is.
 */
@FunctionalInterface
interface RestoreTransform {

    /**
     * The object to write; {@code object} is a fresh tree the transform may change in place (and
     * return). {@code type} is the type as backed up.
     */
    Map<String, Object> apply(ResourceType type, Map<String, Object> object);

    /** The transforms applied one after the other, in list order. */
    static RestoreTransform chain(List<RestoreTransform> transforms) {
        List<RestoreTransform> all = List.copyOf(transforms);
        if (all.size() == 1) {
            return all.get(0);
        }
        return (type, object) -> {
            Map<String, Object> out = object;
            for (RestoreTransform t : all) {
                out = t.apply(type, out);
            }
            return out;
        };
    }
}

package io.github.aksbackup.backup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a backup removes from an object before storing it: fields the server changes on every write
 * and that no restore uses ({@code metadata.resourceVersion}, {@code metadata.managedFields},
 * {@code metadata.selfLink}). Keeping them would give an unchanged object a new hash whenever a
 * controller touched it, and so defeat deduplication. {@code uid} and {@code creationTimestamp} stay:
 * they never change, and restore uses the uid to re-link owner references.
 */
public final class Sanitizer {
    private Sanitizer() {
    }

    /** A sanitized shallow copy; the input is not changed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> sanitize(Map<String, Object> content) {
        Map<String, Object> out = new LinkedHashMap<>(content);
        if (content.get("metadata") instanceof Map<?, ?> md) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) md);
            m.remove("resourceVersion");
            m.remove("managedFields");
            m.remove("selfLink");
            out.put("metadata", m);
        }
        return out;
    }
}

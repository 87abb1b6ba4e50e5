package io.github.aksbackup.backup;

import io.github.aksbackup.repository.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a backup removes from an object before storing it: fields the server changes on every write
 * and that no restore uses ({@code metadata.resourceVersion}, {@code metadata.managedFields},
 * {@code metadata.selfLink}). Keeping them would give an unchanged object a new hash whenever a
 * controller touched it, and so defeat deduplication. {@code uid} and {@code creationTimestamp} stay:
 * they never change, and restore uses the uid to re-link owner references.
 */
public final class Sanitizer {
    /**
     * Annotation a Secret stored without its data carries, so that a restore recognizes it whatever
     * configuration it is read with.
     */
    public static final String SECRET_DATA_OMITTED = "backup.aks-backup.io/secret-data";
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** The members of {@code metadata} a backup drops. */
    private static final Set<String> VOLATILE_METADATA = Set.of("resourceVersion", "managedFields", "selfLink");

    private Sanitizer() {
    }

    /**
     * A sanitized Secret without its content: {@code data}, {@code stringData} and the last-applied
     * annotation (a copy of the whole object as applied) are dropped, {@link #SECRET_DATA_OMITTED} is
     * set to {@code omitted}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withoutSecretData(Map<String, Object> content) {
        Map<String, Object> out = sanitize(content);
        out.remove("data");
        out.remove("stringData");
        Map<String, Object> md = (Map<String, Object>) out.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        Map<String, Object> annotations = md.get("annotations") instanceof Map<?, ?> a
                ? new LinkedHashMap<>((Map<String, Object>) a) : new LinkedHashMap<>();
        annotations.remove(LAST_APPLIED);
        annotations.put(SECRET_DATA_OMITTED, "omitted");
        md.put("annotations", annotations);
        return out;
    }

    /** True when a stored Secret was backed up without its data. */
    public static boolean secretDataOmitted(Map<String, Object> stored) {
        return stored.get("metadata") instanceof Map<?, ?> md && md.get("annotations") instanceof Map<?, ?> a
                && "omitted".equals(a.get(SECRET_DATA_OMITTED));
    }

    /** A sanitized shallow copy; the input is not changed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> sanitize(Map<String, Object> content) {
        Map<String, Object> out = new LinkedHashMap<>(content);
        if (content.get("metadata") instanceof Map<?, ?> md) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) md);
            m.keySet().removeAll(VOLATILE_METADATA);
            out.put("metadata", m);
        }
        return out;
    }

    /**
     * The canonical bytes of {@link #sanitize}{@code (content)}, written straight from {@code content}
     * without copying it (a backup's per-object path).
     */
    public static byte[] canonical(Map<String, Object> content) {
        return CanonicalJson.writeWithout(content, "metadata", VOLATILE_METADATA);
    }
}

package io.github.aksbackup.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes object as a JSON tree: maps with string keys, lists, strings, numbers
 * ({@code Long}, {@code Double} or {@code BigDecimal}), booleans and {@code null}.
 *
 * <p>For speed the tree is not copied: whoever builds a {@code KubeObject} hands the tree over and
 * must not change it afterwards; whoever receives one treats it as read-only and copies it before
 * making changes.
 */
public record KubeObject(Map<String, Object> content) {
    public KubeObject {
        Objects.requireNonNull(content, "content");
    }

    public String apiVersion() {
        return (String) content.get("apiVersion");
    }

    public String kind() {
        return (String) content.get("kind");
    }

    /** {@code metadata}, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        Object m = content.get("metadata");
        return m instanceof Map ? (Map<String, Object>) m : Collections.emptyMap();
    }

    public String name() {
        return (String) metadata().get("name");
    }

    /** The namespace, or {@code null} for cluster-scoped objects. */
    public String namespace() {
        return (String) metadata().get("namespace");
    }

    /** {@code metadata.labels}, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, String> labels() {
        Object m = metadata().get("labels");
        return m instanceof Map ? (Map<String, String>) m : Collections.emptyMap();
    }

    /** {@code metadata.annotations}, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, String> annotations() {
        Object m = metadata().get("annotations");
        return m instanceof Map ? (Map<String, String>) m : Collections.emptyMap();
    }

    /** The value at a path of map keys, or {@code null} when any step is missing or not a map. */
    @SuppressWarnings("unchecked")
    public Object at(String... path) {
        Object cur = content;
        for (String p : path) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<String, Object>) cur).get(p);
        }
        return cur;
    }

    /** {@code namespace/name} or {@code name}. */
    public String qualifiedName() {
        String ns = namespace();
        return ns == null ? name() : ns + "/" + name();
    }
}

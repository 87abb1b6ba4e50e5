package io.github.aksbackup.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A resource type the cluster serves, as discovery reports it.
 *
 * @param group API group, {@code ""} for the core group
 * @param version API version, such as {@code v1}
 * @param kind kind, such as {@code ConfigMap}
 * @param plural plural resource name, such as {@code configmaps}
 * @param namespaced true for namespaced types
 * @param verbs the verbs the server allows (list, get, create, patch, delete, ...)
 */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced,
        Set<String> verbs) {
    public ResourceType {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        verbs = Set.copyOf(Objects.requireNonNull(verbs, "verbs"));
    }

    /** {@code group/version}, or just {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code plural.group}, or just {@code plural} for the core group (Velero's naming). */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** {@code apiVersion/Kind}, the form used in job records. */
    public String displayName() {
        return apiVersion() + "/" + kind;
    }

    /** The group and kind of this type, without its version. */
    public GroupKind groupKind() {
        return new GroupKind(group, kind);
    }

    /** True when the server allows the verb. */
    public boolean allows(String verb) {
        return verbs.contains(verb);
    }

    @Override
    public String toString() {
        return displayName();
    }
}

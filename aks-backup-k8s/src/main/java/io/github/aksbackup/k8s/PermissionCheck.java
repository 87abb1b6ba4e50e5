package io.github.aksbackup.k8s;

import java.util.Objects;

/**
 * One permission a backup or restore needs and whether the identity has it, as a
 * SelfSubjectAccessReview answered.
 *
 * @param verb the verb, such as {@code list} or {@code create}
 * @param group the API group, {@code ""} for the core group
 * @param resource the resource, such as {@code deployments}, with its subresource if any ({@code pods/exec})
 * @param namespace the namespace, or {@code null} for all namespaces / a cluster-scoped resource
 * @param purpose why it is needed, such as {@code "back up"} or {@code "run hooks"}
 * @param allowed the answer
 * @param reason the authorizer's reason or evaluation error, when it gave one
 */
public record PermissionCheck(String verb, String group, String resource, String namespace, String purpose,
        boolean allowed, String reason) {
    public PermissionCheck {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(purpose, "purpose");
    }

    /** {@code resource.group} (Kubernetes' spelling), {@code resource} for the core group. */
    public String groupResource() {
        int slash = resource.indexOf('/');
        String base = slash < 0 ? resource : resource.substring(0, slash);
        String sub = slash < 0 ? "" : resource.substring(slash);
        return (group.isEmpty() ? base : base + "." + group) + sub;
    }

    /** Where: {@code namespace NAME} or {@code all namespaces / cluster-wide}. */
    public String scope() {
        return namespace == null ? "cluster-wide" : "namespace " + namespace;
    }

    /**
     * For example {@code "create volumesnapshots.snapshot.storage.k8s.io in namespace shop (to snapshot volumes)"}
     * or {@code "list namespaces cluster-wide (to back up)"}.
     */
    @Override
    public String toString() {
        return verb + " " + groupResource() + (namespace == null ? " " : " in ") + scope() + " (to " + purpose + ")";
    }
}

package io.github.aksbackup.spi;

import java.util.Objects;

/**
 * A kind of Kubernetes object independent of its API version: the API group and the kind, such as
 * {@code apps}/{@code Deployment}. The engines reason about kinds with these values instead of
 * comparing strings; the constants name the built-in kinds they know something about.
 *
 * @param group API group, {@code ""} for the core group
 * @param kind kind, such as {@code Deployment}; not blank
 */
public record GroupKind(String group, String kind) {
    /** The core API group ({@code v1}). */
    public static final String CORE = "";
    /** The API group of Roles, ClusterRoles and their bindings. */
    public static final String RBAC = "rbac.authorization.k8s.io";

    public static final GroupKind NAMESPACE = new GroupKind(CORE, "Namespace");
    public static final GroupKind POD = new GroupKind(CORE, "Pod");
    public static final GroupKind SERVICE = new GroupKind(CORE, "Service");
    public static final GroupKind SERVICE_ACCOUNT = new GroupKind(CORE, "ServiceAccount");
    public static final GroupKind SECRET = new GroupKind(CORE, "Secret");
    public static final GroupKind CONFIG_MAP = new GroupKind(CORE, "ConfigMap");
    public static final GroupKind PERSISTENT_VOLUME = new GroupKind(CORE, "PersistentVolume");
    public static final GroupKind PERSISTENT_VOLUME_CLAIM = new GroupKind(CORE, "PersistentVolumeClaim");
    public static final GroupKind REPLICATION_CONTROLLER = new GroupKind(CORE, "ReplicationController");
    public static final GroupKind STORAGE_CLASS = new GroupKind("storage.k8s.io", "StorageClass");
    public static final GroupKind ROLE = new GroupKind(RBAC, "Role");
    public static final GroupKind ROLE_BINDING = new GroupKind(RBAC, "RoleBinding");
    public static final GroupKind CLUSTER_ROLE = new GroupKind(RBAC, "ClusterRole");
    public static final GroupKind CLUSTER_ROLE_BINDING = new GroupKind(RBAC, "ClusterRoleBinding");
    public static final GroupKind CUSTOM_RESOURCE_DEFINITION = new GroupKind("apiextensions.k8s.io", "CustomResourceDefinition");
    public static final GroupKind DEPLOYMENT = new GroupKind("apps", "Deployment");
    public static final GroupKind STATEFUL_SET = new GroupKind("apps", "StatefulSet");
    public static final GroupKind DAEMON_SET = new GroupKind("apps", "DaemonSet");
    public static final GroupKind REPLICA_SET = new GroupKind("apps", "ReplicaSet");
    public static final GroupKind JOB = new GroupKind("batch", "Job");
    public static final GroupKind CRON_JOB = new GroupKind("batch", "CronJob");

    public GroupKind {
        Objects.requireNonNull(group, "group");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind must not be blank, was '" + kind + "'");
        }
    }

    /** True when {@code type} is of this kind, whatever its version. */
    public boolean matches(ResourceType type) {
        return kind.equals(type.kind()) && group.equals(type.group());
    }

    /** True for a kind of the core group ({@code v1}). */
    public boolean core() {
        return group.isEmpty();
    }

    /** {@code Kind.group}, or just {@code Kind} for the core group (Kubernetes' own notation). */
    @Override
    public String toString() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}

package io.github.aksbackup.kube;

/**
 * When a restore creates objects of a kind, earliest first (the declaration order): what others depend
 * on comes before them. Each value is one tier of a restore; objects of one tier are created together.
 */
public enum RestorePriority {
    /** CustomResourceDefinitions: custom resources cannot be created before their type is served. */
    CUSTOM_RESOURCE_DEFINITIONS("custom resource definitions"),
    NAMESPACES("namespaces"),
    /** StorageClasses, PriorityClasses, IngressClasses, CSIDrivers: what volumes and pods name. */
    CLASSES("storage and scheduling classes"),
    PERSISTENT_VOLUMES("persistent volumes"),
    PERSISTENT_VOLUME_CLAIMS("persistent volume claims"),
    SERVICE_ACCOUNTS("service accounts"),
    RBAC("RBAC"),
    SECRETS("secrets"),
    CONFIG_MAPS("config maps"),
    /** Services, endpoints, limits, quotas, network policies, disruption budgets. */
    SERVICES_AND_POLICIES("services and policies"),
    /** Deployments, StatefulSets, DaemonSets, CronJobs, ReplicationControllers. */
    WORKLOAD_CONTROLLERS("workload controllers"),
    /** ReplicaSets, Jobs and ControllerRevisions, which workload controllers own. */
    REPLICA_SETS_AND_JOBS("replica sets and jobs"),
    PODS("pods"),
    INGRESSES_AND_AUTOSCALERS("ingresses and autoscalers"),
    /** Built-in kinds the table does not name. */
    OTHER_TYPES("other types"),
    /** Custom resources and aggregated API types, once the target serves their type. */
    CUSTOM_RESOURCES("custom resources"),
    /**
     * Admission webhook configurations, admission policies and API service registrations, last of all:
     * they point at services whose pods a restore has only just created, and a webhook that fails
     * closed would reject every object restored after it (custom resources, typically).
     */
    CALLBACKS("admission webhooks and API services");

    private final String label;

    RestorePriority(String label) {
        this.label = label;
    }

    /** What the tier holds, for progress messages. */
    public String label() {
        return label;
    }
}

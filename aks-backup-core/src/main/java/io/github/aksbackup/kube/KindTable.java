package io.github.aksbackup.kube;

import static io.github.aksbackup.kube.RestorePriority.CALLBACKS;
import static io.github.aksbackup.kube.RestorePriority.CLASSES;
import static io.github.aksbackup.kube.RestorePriority.CONFIG_MAPS;
import static io.github.aksbackup.kube.RestorePriority.CUSTOM_RESOURCES;
import static io.github.aksbackup.kube.RestorePriority.CUSTOM_RESOURCE_DEFINITIONS;
import static io.github.aksbackup.kube.RestorePriority.INGRESSES_AND_AUTOSCALERS;
import static io.github.aksbackup.kube.RestorePriority.NAMESPACES;
import static io.github.aksbackup.kube.RestorePriority.OTHER_TYPES;
import static io.github.aksbackup.kube.RestorePriority.PERSISTENT_VOLUMES;
import static io.github.aksbackup.kube.RestorePriority.PERSISTENT_VOLUME_CLAIMS;
import static io.github.aksbackup.kube.RestorePriority.PODS;
import static io.github.aksbackup.kube.RestorePriority.REPLICA_SETS_AND_JOBS;
import static io.github.aksbackup.kube.RestorePriority.SECRETS;
import static io.github.aksbackup.kube.RestorePriority.SERVICES_AND_POLICIES;
import static io.github.aksbackup.kube.RestorePriority.SERVICE_ACCOUNTS;
import static io.github.aksbackup.kube.RestorePriority.WORKLOAD_CONTROLLERS;
import static io.github.aksbackup.spi.GroupKind.CLUSTER_ROLE;
import static io.github.aksbackup.spi.GroupKind.CUSTOM_RESOURCE_DEFINITION;
import static io.github.aksbackup.spi.GroupKind.PERSISTENT_VOLUME;
import static io.github.aksbackup.spi.GroupKind.PERSISTENT_VOLUME_CLAIM;
import static io.github.aksbackup.spi.GroupKind.ROLE_BINDING;
import static io.github.aksbackup.spi.GroupKind.STORAGE_CLASS;

import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the SDK knows about Kubernetes kinds, in one table: when a restore creates objects of a kind
 * ({@link #restorePriority}), which kinds are never restored, which API groups are Kubernetes' own,
 * and which other objects an object needs ({@link #needsOf}, {@link #definitionOf}):
 *
 * <table>
 * <caption>What an object needs from outside its namespace</caption>
 * <tr><th>an object of kind</th><th>needs</th></tr>
 * <tr><td>PersistentVolumeClaim</td><td>its PersistentVolume ({@code spec.volumeName}) and StorageClass
 *     ({@code spec.storageClassName})</td></tr>
 * <tr><td>PersistentVolume</td><td>its StorageClass ({@code spec.storageClassName})</td></tr>
 * <tr><td>RoleBinding</td><td>the ClusterRole its {@code roleRef} names (a Role is in its own namespace)</td></tr>
 * <tr><td>any type outside the core group</td><td>the CustomResourceDefinition {@code plural.group} that
 *     defines it, when one does (built-in types have none)</td></tr>
 * </table>
 *
 * <p>A backup and a restore bring along what the objects they select need, even when the filters
 * leave it out (unless its type is excluded by name).
 */
public final class KindTable {
    private static final Map<GroupKind, RestorePriority> PRIORITY = Map.ofEntries(
            Map.entry(CUSTOM_RESOURCE_DEFINITION, CUSTOM_RESOURCE_DEFINITIONS),
            Map.entry(GroupKind.NAMESPACE, NAMESPACES),
            Map.entry(STORAGE_CLASS, CLASSES),
            Map.entry(new GroupKind("scheduling.k8s.io", "PriorityClass"), CLASSES),
            Map.entry(new GroupKind("networking.k8s.io", "IngressClass"), CLASSES),
            Map.entry(new GroupKind("storage.k8s.io", "CSIDriver"), CLASSES),
            Map.entry(PERSISTENT_VOLUME, PERSISTENT_VOLUMES),
            Map.entry(PERSISTENT_VOLUME_CLAIM, PERSISTENT_VOLUME_CLAIMS),
            Map.entry(GroupKind.SERVICE_ACCOUNT, SERVICE_ACCOUNTS),
            Map.entry(CLUSTER_ROLE, RestorePriority.RBAC),
            Map.entry(GroupKind.CLUSTER_ROLE_BINDING, RestorePriority.RBAC),
            Map.entry(GroupKind.ROLE, RestorePriority.RBAC),
            Map.entry(ROLE_BINDING, RestorePriority.RBAC),
            Map.entry(GroupKind.SECRET, SECRETS),
            Map.entry(GroupKind.CONFIG_MAP, CONFIG_MAPS),
            Map.entry(new GroupKind(GroupKind.CORE, "LimitRange"), SERVICES_AND_POLICIES),
            Map.entry(new GroupKind(GroupKind.CORE, "ResourceQuota"), SERVICES_AND_POLICIES),
            Map.entry(new GroupKind("networking.k8s.io", "NetworkPolicy"), SERVICES_AND_POLICIES),
            Map.entry(GroupKind.SERVICE, SERVICES_AND_POLICIES),
            Map.entry(new GroupKind(GroupKind.CORE, "Endpoints"), SERVICES_AND_POLICIES),
            Map.entry(new GroupKind("discovery.k8s.io", "EndpointSlice"), SERVICES_AND_POLICIES),
            Map.entry(new GroupKind("policy", "PodDisruptionBudget"), SERVICES_AND_POLICIES),
            Map.entry(GroupKind.DEPLOYMENT, WORKLOAD_CONTROLLERS),
            Map.entry(GroupKind.STATEFUL_SET, WORKLOAD_CONTROLLERS),
            Map.entry(GroupKind.DAEMON_SET, WORKLOAD_CONTROLLERS),
            Map.entry(GroupKind.CRON_JOB, WORKLOAD_CONTROLLERS),
            Map.entry(GroupKind.REPLICATION_CONTROLLER, WORKLOAD_CONTROLLERS),
            Map.entry(GroupKind.REPLICA_SET, REPLICA_SETS_AND_JOBS),
            Map.entry(GroupKind.JOB, REPLICA_SETS_AND_JOBS),
            Map.entry(new GroupKind("apps", "ControllerRevision"), REPLICA_SETS_AND_JOBS),
            Map.entry(GroupKind.POD, PODS),
            Map.entry(new GroupKind("networking.k8s.io", "Ingress"), INGRESSES_AND_AUTOSCALERS),
            Map.entry(new GroupKind("autoscaling", "HorizontalPodAutoscaler"), INGRESSES_AND_AUTOSCALERS),
            Map.entry(new GroupKind("coordination.k8s.io", "Lease"), INGRESSES_AND_AUTOSCALERS),
            Map.entry(new GroupKind("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"), CALLBACKS),
            Map.entry(new GroupKind("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), CALLBACKS),
            Map.entry(new GroupKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), CALLBACKS),
            Map.entry(new GroupKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"), CALLBACKS),
            Map.entry(new GroupKind("apiregistration.k8s.io", "APIService"), CALLBACKS));

    /** Groups whose types are part of Kubernetes itself; types of other groups are custom resources or aggregated APIs. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of(GroupKind.CORE, "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", GroupKind.RBAC, "storage.k8s.io", "scheduling.k8s.io", "apiextensions.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "node.k8s.io", "certificates.k8s.io",
            "admissionregistration.k8s.io", "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io",
            "internal.apiserver.k8s.io");

    /** Kinds never restored: they belong to the cluster's machinery, not to applications. */
    private static final Set<GroupKind> NEVER_RESTORED = Set.of(new GroupKind(GroupKind.CORE, "Node"),
            new GroupKind(GroupKind.CORE, "Event"), new GroupKind("events.k8s.io", "Event"),
            new GroupKind(GroupKind.CORE, "ComponentStatus"), new GroupKind(GroupKind.CORE, "Binding"),
            new GroupKind("storage.k8s.io", "VolumeAttachment"), new GroupKind("certificates.k8s.io", "CertificateSigningRequest"));

    /** One thing an object of a kind may need: the kind needed and how its name is read (null: nothing). */
    private record Rule(GroupKind needed, Function<KubeObject, Object> name) {
    }

    private static final Map<GroupKind, List<Rule>> NEEDS = Map.of(
            PERSISTENT_VOLUME_CLAIM, List.of(new Rule(PERSISTENT_VOLUME, o -> o.at("spec", "volumeName")),
                    new Rule(STORAGE_CLASS, o -> o.at("spec", "storageClassName"))),
            PERSISTENT_VOLUME, List.of(new Rule(STORAGE_CLASS, o -> o.at("spec", "storageClassName"))),
            ROLE_BINDING, List.of(new Rule(CLUSTER_ROLE, o -> "ClusterRole".equals(o.at("roleRef", "kind")) ? o.at("roleRef", "name") : null)));

    /** The kinds an object may need: what a backup or restore brings along for the objects it selects. */
    private static final Set<GroupKind> NEEDED_KINDS = Set.of(PERSISTENT_VOLUME, STORAGE_CLASS, CLUSTER_ROLE, CUSTOM_RESOURCE_DEFINITION);

    private KindTable() {
    }

    /**
     * When a restore creates objects of a type: the table's priority for the kinds it names; else
     * {@link RestorePriority#CUSTOM_RESOURCES} when {@code definedByCrd} (the recovery point holds the
     * type's CRD) or the type is outside Kubernetes' own groups, else {@link RestorePriority#OTHER_TYPES}.
     */
    public static RestorePriority restorePriority(ResourceType type, boolean definedByCrd) {
        RestorePriority known = PRIORITY.get(type.groupKind());
        if (known != null) {
            return known;
        }
        return definedByCrd || !builtInGroup(type.group()) ? CUSTOM_RESOURCES : OTHER_TYPES;
    }

    /** True for an API group that is part of Kubernetes itself. */
    public static boolean builtInGroup(String group) {
        return BUILT_IN_GROUPS.contains(group);
    }

    /** True for kinds a restore never creates (nodes, events, volume attachments, ...). */
    public static boolean neverRestored(GroupKind kind) {
        return NEVER_RESTORED.contains(kind);
    }

    /** True when objects of {@code kind} may need other objects by name ({@link #needsOf} reads their content). */
    public static boolean needsDependOnContent(GroupKind kind) {
        return NEEDS.containsKey(kind);
    }

    /** True for the kinds objects may need: PersistentVolume, StorageClass, ClusterRole, CustomResourceDefinition. */
    public static boolean neededKind(GroupKind kind) {
        return NEEDED_KINDS.contains(kind);
    }

    /**
     * True when a needed object of {@code kind} that does not exist is no loss: a type served without a
     * CustomResourceDefinition is built in or aggregated, so {@link #definitionOf} may name one that
     * never exists.
     */
    public static boolean missingIsNoLoss(GroupKind kind) {
        return CUSTOM_RESOURCE_DEFINITION.equals(kind);
    }

    /** What one object of {@code kind} needs by name (see the class table), besides its type's definition. */
    public static List<Need> needsOf(GroupKind kind, KubeObject object) {
        List<Rule> rules = NEEDS.get(kind);
        if (rules == null) {
            return List.of();
        }
        List<Need> out = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            if (r.name().apply(object) instanceof String name && !name.isEmpty()) {
                out.add(new Need(r.needed(), name));
            }
        }
        return out;
    }

    /**
     * The CustomResourceDefinition that would define {@code type} ({@code plural.group}); empty for the
     * core group. A type of a built-in group has none in a cluster: looking it up finds nothing.
     */
    public static Optional<Need> definitionOf(ResourceType type) {
        return type.group().isEmpty() ? Optional.empty() : Optional.of(new Need(CUSTOM_RESOURCE_DEFINITION, type.groupResource()));
    }
}

package io.github.aksbackup.restore;

import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * The order in which a restore creates types: what others depend on first. Custom resources come
 * after the tier of CustomResourceDefinitions, once the target serves their type; unknown built-in
 * types come after every known one. Admission webhook configurations and API service registrations
 * come last of all: they point at services whose pods a restore has only just created, and a webhook
 * that fails closed would reject every object restored after it (custom resources, typically).
 */
final class Tiers {
    static final int CRDS = 0;
    static final int NAMESPACES = 1;
    static final int PERSISTENT_VOLUMES = 3;
    static final int CLAIMS = 4;
    static final int UNKNOWN = 14;
    static final int CUSTOM = 15;
    static final int CALLBACKS = 16;

    private static final Map<String, Integer> TIER = Map.ofEntries(
            Map.entry("apiextensions.k8s.io/CustomResourceDefinition", CRDS),
            Map.entry("/Namespace", NAMESPACES),
            Map.entry("storage.k8s.io/StorageClass", 2),
            Map.entry("scheduling.k8s.io/PriorityClass", 2),
            Map.entry("networking.k8s.io/IngressClass", 2),
            Map.entry("storage.k8s.io/CSIDriver", 2),
            Map.entry("/PersistentVolume", PERSISTENT_VOLUMES),
            Map.entry("/PersistentVolumeClaim", CLAIMS),
            Map.entry("/ServiceAccount", 5),
            Map.entry("rbac.authorization.k8s.io/ClusterRole", 6),
            Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", 6),
            Map.entry("rbac.authorization.k8s.io/Role", 6),
            Map.entry("rbac.authorization.k8s.io/RoleBinding", 6),
            Map.entry("/Secret", 7),
            Map.entry("/ConfigMap", 8),
            Map.entry("/LimitRange", 9),
            Map.entry("/ResourceQuota", 9),
            Map.entry("networking.k8s.io/NetworkPolicy", 9),
            Map.entry("/Service", 9),
            Map.entry("/Endpoints", 9),
            Map.entry("discovery.k8s.io/EndpointSlice", 9),
            Map.entry("policy/PodDisruptionBudget", 9),
            Map.entry("apps/Deployment", 10),
            Map.entry("apps/StatefulSet", 10),
            Map.entry("apps/DaemonSet", 10),
            Map.entry("batch/CronJob", 10),
            Map.entry("/ReplicationController", 10),
            Map.entry("apps/ReplicaSet", 11),
            Map.entry("batch/Job", 11),
            Map.entry("apps/ControllerRevision", 11),
            Map.entry("/Pod", 12),
            Map.entry("networking.k8s.io/Ingress", 13),
            Map.entry("autoscaling/HorizontalPodAutoscaler", 13),
            Map.entry("coordination.k8s.io/Lease", 13),
            Map.entry("admissionregistration.k8s.io/ValidatingWebhookConfiguration", CALLBACKS),
            Map.entry("admissionregistration.k8s.io/MutatingWebhookConfiguration", CALLBACKS),
            Map.entry("admissionregistration.k8s.io/ValidatingAdmissionPolicy", CALLBACKS),
            Map.entry("admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", CALLBACKS),
            Map.entry("apiregistration.k8s.io/APIService", CALLBACKS));

    /** Groups whose types are part of Kubernetes itself; types of other groups are custom resources or aggregated APIs. */
    private static final List<String> BUILT_IN_GROUPS = List.of("", "apps", "batch", "autoscaling", "policy", "networking.k8s.io",
            "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "apiextensions.k8s.io", "coordination.k8s.io",
            "discovery.k8s.io", "events.k8s.io", "node.k8s.io", "certificates.k8s.io", "admissionregistration.k8s.io",
            "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io", "internal.apiserver.k8s.io");

    /** Types never restored: they belong to the cluster's machinery, not to applications. */
    private static final List<String> NEVER = List.of("/Node", "/Event", "events.k8s.io/Event", "/ComponentStatus",
            "/Binding", "storage.k8s.io/VolumeAttachment", "certificates.k8s.io/CertificateSigningRequest");

    private Tiers() {
    }

    private static String key(ResourceType t) {
        return t.group() + "/" + t.kind();
    }

    /** The tier of a type; {@code custom} when the backup holds a CRD for it. */
    static int of(ResourceType t, boolean custom) {
        Integer known = TIER.get(key(t));
        if (known != null) {
            return known;
        }
        return custom || !BUILT_IN_GROUPS.contains(t.group()) ? CUSTOM : UNKNOWN;
    }

    /** True for types a restore never creates. */
    static boolean neverRestored(ResourceType t) {
        return NEVER.contains(key(t));
    }

    /** A label of a tier for progress messages. */
    static String describe(int tier) {
        return switch (tier) {
            case CRDS -> "custom resource definitions";
            case NAMESPACES -> "namespaces";
            case 2 -> "storage and scheduling classes";
            case PERSISTENT_VOLUMES -> "persistent volumes";
            case CLAIMS -> "persistent volume claims";
            case 5 -> "service accounts";
            case 6 -> "RBAC";
            case 7 -> "secrets";
            case 8 -> "config maps";
            case 9 -> "services and policies";
            case 10 -> "workload controllers";
            case 11 -> "replica sets and jobs";
            case 12 -> "pods";
            case 13 -> "ingresses and autoscalers";
            case UNKNOWN -> "other types";
            case CALLBACKS -> "admission webhooks and API services";
            default -> "custom resources";
        };
    }
}

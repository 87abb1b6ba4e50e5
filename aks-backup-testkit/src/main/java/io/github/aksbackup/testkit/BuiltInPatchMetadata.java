package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.PatchMetadata.FieldStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The strategic merge patch metadata of the built-in kinds {@link InMemoryCluster} serves, as a
 * Kubernetes 1.20 API server publishes it in {@code /openapi/v2} (the server the integration tests
 * run). A real cluster's client reads it from the server; the in-memory cluster has no OpenAPI document,
 * so it is written down here, composed the way the API types are (object metadata, label selectors,
 * pod specs inside pod templates). {@code aks-backup-k8s}'s {@code PatchMetadataIT} checks that it
 * agrees with the real server's for every kind both serve in the same version. The kinds the 1.20
 * server serves only in an older version (batch/v1 CronJob, policy/v1 PodDisruptionBudget,
 * autoscaling/v2 HorizontalPodAutoscaler, discovery.k8s.io/v1 EndpointSlice) have that version's
 * metadata.
 */
final class BuiltInPatchMetadata {
    private static final FieldStrategy MERGE = new FieldStrategy("merge", null);

    private BuiltInPatchMetadata() {
    }

    /** The metadata of a built-in kind, or empty for a kind this table does not know. */
    static Optional<PatchMetadata> of(String apiVersion, String kind) {
        Map<String, FieldStrategy> f = new LinkedHashMap<>();
        meta(f, "");
        switch (apiVersion + "/" + kind) {
            case "v1/Namespace" -> conditions(f, "status");
            case "v1/Node" -> {
                f.put("spec.podCIDRs", MERGE);
                f.put("status.addresses", key("type"));
                conditions(f, "status");
            }
            case "v1/Service" -> {
                f.put("spec.ports", key("port"));
                conditions(f, "status");
            }
            case "v1/ServiceAccount" -> f.put("secrets", key("name"));
            case "v1/Pod" -> {
                podSpec(f, "spec");
                conditions(f, "status");
                f.put("status.podIPs", key("ip"));
            }
            case "v1/PersistentVolumeClaim" -> claim(f, "");
            case "v1/ReplicationController" -> {
                podTemplate(f, "spec.template");
                conditions(f, "status");
            }
            case "apps/v1/Deployment" -> {
                workload(f, "spec");
                f.put("spec.strategy", new FieldStrategy("retainKeys", null));
                conditions(f, "status");
            }
            case "apps/v1/StatefulSet" -> {
                workload(f, "spec");
                meta(f, "spec.volumeClaimTemplates.");
                claim(f, "spec.volumeClaimTemplates.");
                conditions(f, "status");
            }
            case "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job" -> {
                workload(f, "spec");
                conditions(f, "status");
            }
            case "batch/v1/CronJob", "batch/v1beta1/CronJob" -> {
                meta(f, "spec.jobTemplate.");
                workload(f, "spec.jobTemplate.spec");
            }
            case "rbac.authorization.k8s.io/v1/ClusterRole" -> selector(f, "aggregationRule.clusterRoleSelectors");
            case "networking.k8s.io/v1/NetworkPolicy" -> {
                selector(f, "spec.podSelector");
                for (String peers : new String[] {"spec.egress.to", "spec.ingress.from"}) {
                    selector(f, peers + ".namespaceSelector");
                    selector(f, peers + ".podSelector");
                }
            }
            case "policy/v1/PodDisruptionBudget", "policy/v1beta1/PodDisruptionBudget" -> selector(f, "spec.selector");
            case "autoscaling/v2/HorizontalPodAutoscaler", "autoscaling/v2beta2/HorizontalPodAutoscaler" -> {
                for (String metrics : new String[] {"spec.metrics", "status.currentMetrics"}) {
                    for (String source : new String[] {"external", "object", "pods"}) {
                        selector(f, metrics + "." + source + ".metric.selector");
                    }
                }
            }
            case "v1/PersistentVolume", "v1/ConfigMap", "v1/Secret", "v1/Endpoints", "v1/Event", "v1/LimitRange",
                    "v1/ResourceQuota", "apps/v1/ControllerRevision", "rbac.authorization.k8s.io/v1/Role",
                    "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
                    "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/IngressClass", "storage.k8s.io/v1/StorageClass",
                    "storage.k8s.io/v1/CSIDriver", "scheduling.k8s.io/v1/PriorityClass",
                    "apiextensions.k8s.io/v1/CustomResourceDefinition", "coordination.k8s.io/v1/Lease",
                    "discovery.k8s.io/v1/EndpointSlice", "discovery.k8s.io/v1beta1/EndpointSlice" -> {
                // object metadata only
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new PatchMetadata(f));
    }

    private static FieldStrategy key(String mergeKey) {
        return new FieldStrategy("merge", mergeKey);
    }

    /** {@code ObjectMeta} at {@code prefix} (empty, or ending with a dot). */
    private static void meta(Map<String, FieldStrategy> f, String prefix) {
        f.put(prefix + "metadata.finalizers", MERGE);
        f.put(prefix + "metadata.ownerReferences", key("uid"));
    }

    private static void conditions(Map<String, FieldStrategy> f, String status) {
        f.put(status + ".conditions", key("type"));
    }

    /** A {@code LabelSelector}: the API types tag a requirement's {@code key} itself. */
    private static void selector(Map<String, FieldStrategy> f, String at) {
        f.put(at + ".matchExpressions.key", key("key"));
    }

    /** A claim's spec and status (a PersistentVolumeClaim, or the claim templates of a StatefulSet). */
    private static void claim(Map<String, FieldStrategy> f, String prefix) {
        selector(f, prefix + "spec.selector");
        conditions(f, prefix + "status");
    }

    /** A controller spec with a selector and a pod template. */
    private static void workload(Map<String, FieldStrategy> f, String spec) {
        selector(f, spec + ".selector");
        podTemplate(f, spec + ".template");
    }

    private static void podTemplate(Map<String, FieldStrategy> f, String template) {
        meta(f, template + ".");
        podSpec(f, template + ".spec");
    }

    private static void podSpec(Map<String, FieldStrategy> f, String spec) {
        for (String affinity : new String[] {"podAffinity", "podAntiAffinity"}) {
            String a = spec + ".affinity." + affinity;
            selector(f, a + ".preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm.labelSelector");
            selector(f, a + ".requiredDuringSchedulingIgnoredDuringExecution.labelSelector");
        }
        containers(f, spec + ".containers", true);
        containers(f, spec + ".ephemeralContainers", false);
        containers(f, spec + ".initContainers", true);
        f.put(spec + ".hostAliases", key("ip"));
        f.put(spec + ".imagePullSecrets", key("name"));
        f.put(spec + ".topologySpreadConstraints", key("topologyKey"));
        selector(f, spec + ".topologySpreadConstraints.labelSelector");
        f.put(spec + ".volumes", new FieldStrategy("merge,retainKeys", "name"));
        String claimTemplate = spec + ".volumes.ephemeral.volumeClaimTemplate.";
        meta(f, claimTemplate);
        selector(f, claimTemplate + "spec.selector");
    }

    /** A list of containers; ephemeral containers have no ports to merge. */
    private static void containers(Map<String, FieldStrategy> f, String list, boolean ports) {
        f.put(list, key("name"));
        f.put(list + ".env", key("name"));
        if (ports) {
            f.put(list + ".ports", key("containerPort"));
        }
        f.put(list + ".volumeDevices", key("devicePath"));
        f.put(list + ".volumeMounts", key("mountPath"));
    }
}

package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The built-in resource types an AKS cluster serves, as discovery reports them (preferred versions). */
final class BuiltInTypes {
    static final Set<String> VERBS = Set.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private BuiltInTypes() {
    }

    static List<ResourceType> all() {
        List<ResourceType> t = new ArrayList<>();
        core(t, "Namespace", "namespaces", false);
        core(t, "Node", "nodes", false);
        core(t, "PersistentVolume", "persistentvolumes", false);
        core(t, "ConfigMap", "configmaps", true);
        core(t, "Secret", "secrets", true);
        core(t, "Service", "services", true);
        core(t, "ServiceAccount", "serviceaccounts", true);
        core(t, "Pod", "pods", true);
        core(t, "PersistentVolumeClaim", "persistentvolumeclaims", true);
        core(t, "Endpoints", "endpoints", true);
        core(t, "Event", "events", true);
        core(t, "LimitRange", "limitranges", true);
        core(t, "ResourceQuota", "resourcequotas", true);
        core(t, "ReplicationController", "replicationcontrollers", true);
        add(t, "apps", "v1", "Deployment", "deployments", true);
        add(t, "apps", "v1", "StatefulSet", "statefulsets", true);
        add(t, "apps", "v1", "DaemonSet", "daemonsets", true);
        add(t, "apps", "v1", "ReplicaSet", "replicasets", true);
        add(t, "apps", "v1", "ControllerRevision", "controllerrevisions", true);
        add(t, "batch", "v1", "Job", "jobs", true);
        add(t, "batch", "v1", "CronJob", "cronjobs", true);
        add(t, "rbac.authorization.k8s.io", "v1", "Role", "roles", true);
        add(t, "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true);
        add(t, "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false);
        add(t, "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false);
        add(t, "networking.k8s.io", "v1", "Ingress", "ingresses", true);
        add(t, "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true);
        add(t, "networking.k8s.io", "v1", "IngressClass", "ingressclasses", false);
        add(t, "storage.k8s.io", "v1", "StorageClass", "storageclasses", false);
        add(t, "storage.k8s.io", "v1", "CSIDriver", "csidrivers", false);
        add(t, "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true);
        add(t, "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true);
        add(t, "scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false);
        add(t, "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false);
        add(t, "coordination.k8s.io", "v1", "Lease", "leases", true);
        add(t, "discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true);
        return t;
    }

    private static void core(List<ResourceType> t, String kind, String plural, boolean namespaced) {
        add(t, "", "v1", kind, plural, namespaced);
    }

    private static void add(List<ResourceType> t, String group, String version, String kind, String plural, boolean namespaced) {
        t.add(new ResourceType(group, version, kind, plural, namespaced, VERBS));
    }
}

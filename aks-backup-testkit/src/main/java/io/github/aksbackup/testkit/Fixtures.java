package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.CsiDrivers;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of Kubernetes objects for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Map<String, Object> meta(String ns, String name, Map<String, String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (ns != null) {
            m.put("namespace", ns);
        }
        if (!labels.isEmpty()) {
            m.put("labels", labels);
        }
        return m;
    }

    public static Map<String, Object> obj(String apiVersion, String kind, String ns, String name, Map<String, String> labels,
            Map<String, Object> body) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", meta(ns, name, labels));
        o.putAll(body);
        return o;
    }

    public static Map<String, Object> namespace(String name) {
        return obj("v1", "Namespace", null, name, Map.of(), Map.of());
    }

    public static Map<String, Object> configMap(String ns, String name, Map<String, String> labels) {
        return obj("v1", "ConfigMap", ns, name, labels, Map.of("data", Map.of("key", "value of " + name)));
    }

    public static Map<String, Object> secret(String ns, String name) {
        return obj("v1", "Secret", ns, name, Map.of(), Map.of("type", "Opaque", "data", Map.of("password", "c2VjcmV0")));
    }

    public static Map<String, Object> storageClass(String name, String provisioner) {
        return obj("storage.k8s.io/v1", "StorageClass", null, name, Map.of(), Map.of("provisioner", provisioner,
                "reclaimPolicy", "Delete", "volumeBindingMode", "WaitForFirstConsumer"));
    }

    public static Map<String, Object> pv(String name, String driver, String handle, String storageClass, String claimNs, String claim) {
        return obj("v1", "PersistentVolume", null, name, Map.of(), Map.of("spec", Map.of(
                "capacity", Map.of("storage", "1Gi"), "accessModes", List.of("ReadWriteOnce"),
                "persistentVolumeReclaimPolicy", "Delete", "storageClassName", storageClass,
                "csi", Map.of("driver", driver, "volumeHandle", handle, "volumeAttributes", Map.of("skuName", "Premium_LRS")),
                "claimRef", Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "namespace", claimNs, "name", claim,
                        "uid", "11111111-2222-3333-4444-555555555555"))));
    }

    public static Map<String, Object> pvc(String ns, String name, String volume, String storageClass) {
        return obj("v1", "PersistentVolumeClaim", ns, name, Map.of("app", "db"), Map.of("spec", Map.of(
                "accessModes", List.of("ReadWriteOnce"), "resources", Map.of("requests", Map.of("storage", "1Gi")),
                "storageClassName", storageClass, "volumeName", volume, "volumeMode", "Filesystem"),
                "metadata", Map.of("name", name, "namespace", ns, "labels", Map.of("app", "db"),
                        "annotations", Map.of("pv.kubernetes.io/bind-completed", "yes"))));
    }

    public static Map<String, Object> pod(String ns, String name, Map<String, String> labels, List<String> claims) {
        List<Object> volumes = claims.stream().map(c -> (Object) Map.of("name", c, "persistentVolumeClaim", Map.of("claimName", c))).toList();
        return obj("v1", "Pod", ns, name, labels, Map.of("spec", Map.of(
                "containers", List.of(Map.of("name", "main", "image", "postgres:16")),
                "volumes", volumes, "nodeName", "aks-nodepool1-12345-vmss000000")));
    }

    public static Map<String, Object> crd(String group, String kind, String plural) {
        return obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, plural + "." + group, Map.of(), Map.of("spec", Map.of(
                "group", group, "scope", "Namespaced",
                "names", Map.of("kind", kind, "plural", plural, "singular", kind.toLowerCase(), "listKind", kind + "List"),
                "versions", List.of(Map.of("name", "v1", "served", true, "storage", true,
                        "schema", Map.of("openAPIV3Schema", Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true)))))));
    }

    /**
     * Two application namespaces ({@code shop}, {@code blog}), objects in {@code kube-system}, a
     * StatefulSet-like database with an Azure Disk claim and an Azure Files claim, RBAC, a CRD with
     * custom resources, and unrelated cluster-scoped objects.
     */
    public static void seedApp(InMemoryCluster c, FakeVolumeSnapshotter volumes) {
        c.add(namespace("shop"));
        c.add(namespace("blog"));
        c.add(configMap("kube-system", "coredns", Map.of()));
        for (String ns : List.of("shop", "blog")) {
            c.add(configMap(ns, "settings", Map.of("app", "web")));
            c.add(configMap(ns, "feature-flags", Map.of("app", "web", "tier", "canary")));
            c.add(secret(ns, "db-password"));
            c.add(obj("v1", "ServiceAccount", ns, "app", Map.of(), Map.of()));
            c.add(obj("apps/v1", "Deployment", ns, "web", Map.of("app", "web"), Map.of("spec", Map.of("replicas", 2,
                    "selector", Map.of("matchLabels", Map.of("app", "web")),
                    "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                            "spec", Map.of("containers", List.of(Map.of("name", "web", "image", "nginx:1.27"))))))));
            c.add(obj("v1", "Service", ns, "web", Map.of("app", "web"), Map.of("spec", Map.of("selector", Map.of("app", "web"),
                    "ports", List.of(Map.of("port", 80, "targetPort", 8080))))));
            c.add(obj("rbac.authorization.k8s.io/v1", "Role", ns, "reader", Map.of(), Map.of("rules", List.of(Map.of(
                    "apiGroups", List.of(""), "resources", List.of("configmaps"), "verbs", List.of("get"))))));
            c.add(obj("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "app-reads", Map.of(), Map.of(
                    "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", "view"),
                    "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "app", "namespace", ns)))));
        }
        c.add(obj("rbac.authorization.k8s.io/v1", "ClusterRole", null, "view", Map.of(), Map.of("rules", List.of())));
        c.add(obj("rbac.authorization.k8s.io/v1", "ClusterRole", null, "unrelated", Map.of(), Map.of("rules", List.of())));
        c.add(storageClass("managed-csi", CsiDrivers.AZURE_DISK));
        c.add(storageClass("azurefile-csi", CsiDrivers.AZURE_FILE));
        c.add(storageClass("unused", CsiDrivers.AZURE_DISK));
        String disk = "/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/pvc-data";
        volumes.putVolume(disk, "database pages".getBytes());
        c.add(pv("pvc-data", CsiDrivers.AZURE_DISK, disk, "managed-csi", "shop", "data-db-0"));
        c.add(pvc("shop", "data-db-0", "pvc-data", "managed-csi"));
        c.add(pv("pvc-files", CsiDrivers.AZURE_FILE, "rg#acct#share", "azurefile-csi", "shop", "uploads"));
        c.add(pvc("shop", "uploads", "pvc-files", "azurefile-csi"));
        c.add(pv("pvc-other", CsiDrivers.AZURE_DISK, "/disks/other", "managed-csi", "elsewhere", "x"));
        c.add(pod("shop", "db-0", Map.of("app", "db"), List.of("data-db-0", "uploads")));
        c.add(pod("blog", "web-1", Map.of("app", "web"), List.of()));
        c.add(crd("example.com", "Widget", "widgets"));
        c.add(crd("example.com", "Gadget", "gadgets"));
        c.add(obj("example.com/v1", "Widget", "shop", "w1", Map.of("app", "web"), Map.of("spec", Map.of("size", 3))));
    }
}

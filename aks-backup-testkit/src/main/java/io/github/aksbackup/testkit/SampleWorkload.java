package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.CsiDrivers;
import io.github.aksbackup.spi.KubeObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic application to put into an {@link InMemoryCluster}, for examples, the demo and
 * benchmarks: an online shop in two namespaces. {@code storefront} runs a web frontend and an API
 * (Deployments with their ReplicaSets and Pods, Services, an Ingress, ConfigMaps, Secrets, a
 * ServiceAccount with a Role); {@code payments} runs a payments API and a PostgreSQL StatefulSet
 * whose two claims are bound to Azure Disk volumes ({@code disk.csi.azure.com}, data held by a
 * {@link FakeVolumeSnapshotter}), plus a ClusterRole bound to its ServiceAccount. A cert-manager
 * style CustomResourceDefinition ({@code certificates.cert-manager.io}) has a Certificate in each
 * namespace.
 */
public final class SampleWorkload {
    /** The application namespaces. */
    public static final List<String> NAMESPACES = List.of("storefront", "payments");
    /** The CSI driver of the sample's volumes. */
    public static final String DISK_DRIVER = CsiDrivers.AZURE_DISK;

    private SampleWorkload() {
    }

    /** Installs the application; returns the objects created. */
    public static List<KubeObject> install(InMemoryCluster cluster, FakeVolumeSnapshotter volumes) {
        List<KubeObject> out = new ArrayList<>();
        out.add(cluster.add(object("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "certificates.cert-manager.io", Map.of(),
                Map.of("spec", Map.of("group", "cert-manager.io", "scope", "Namespaced",
                        "names", Map.of("kind", "Certificate", "plural", "certificates", "singular", "certificate",
                                "listKind", "CertificateList", "shortNames", List.of("cert")),
                        "versions", List.of(Map.of("name", "v1", "served", true, "storage", true,
                                "schema", Map.of("openAPIV3Schema", Map.of("type", "object",
                                        "x-kubernetes-preserve-unknown-fields", true)))))))));
        out.add(cluster.add(object("storage.k8s.io/v1", "StorageClass", null, "managed-csi", Map.of(), Map.of(
                "provisioner", DISK_DRIVER, "parameters", Map.of("skuname", "StandardSSD_LRS"),
                "reclaimPolicy", "Delete", "volumeBindingMode", "WaitForFirstConsumer", "allowVolumeExpansion", true))));
        for (String ns : NAMESPACES) {
            out.add(cluster.add(object("v1", "Namespace", null, ns, Map.of("team", ns), Map.of())));
        }
        storefront(cluster, out);
        payments(cluster, volumes, out);
        return out;
    }

    private static void storefront(InMemoryCluster c, List<KubeObject> out) {
        String ns = "storefront";
        out.add(c.add(object("v1", "ServiceAccount", ns, "storefront", Map.of("app.kubernetes.io/part-of", "shop"), Map.of())));
        out.add(c.add(object("rbac.authorization.k8s.io/v1", "Role", ns, "config-reader", Map.of(), Map.of("rules", List.of(Map.of(
                "apiGroups", List.of(""), "resources", List.of("configmaps"), "verbs", List.of("get", "list", "watch")))))));
        out.add(c.add(object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "storefront-config-reader", Map.of(), Map.of(
                "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "config-reader"),
                "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "storefront", "namespace", ns))))));
        out.add(c.add(object("v1", "ConfigMap", ns, "web-settings", labels("web"), Map.of("data", Map.of(
                "THEME", "autumn", "CURRENCY", "EUR", "API_URL", "http://api.storefront.svc.cluster.local")))));
        out.add(c.add(object("v1", "ConfigMap", ns, "api-settings", labels("api"), Map.of("data", Map.of(
                "PAYMENTS_URL", "http://payments-api.payments.svc.cluster.local", "CACHE_TTL", "300s")))));
        out.add(c.add(secret(ns, "api-credentials", labels("api"), Map.of("token", "c3RvcmVmcm9udC10b2tlbg=="))));
        out.add(c.add(secret(ns, "storefront-tls", labels("web"), Map.of("tls.crt", b64("-----BEGIN CERTIFICATE-----"),
                "tls.key", b64("-----BEGIN PRIVATE KEY-----")))));
        workload(c, out, ns, "web", "nginx:1.27", 3, 80);
        workload(c, out, ns, "api", "shop/api:2.4.1", 2, 8080);
        Map<String, Object> backend = Map.of("service", Map.of("name", "web", "port", Map.of("number", 80)));
        Map<String, Object> rule = Map.of("host", "shop.example.com",
                "http", Map.of("paths", List.of(Map.of("path", "/", "pathType", "Prefix", "backend", backend))));
        out.add(c.add(object("networking.k8s.io/v1", "Ingress", ns, "storefront", labels("web"), Map.of("spec", Map.of(
                "ingressClassName", "webapprouting.kubernetes.azure.com",
                "tls", List.of(Map.of("hosts", List.of("shop.example.com"), "secretName", "storefront-tls")),
                "rules", List.of(rule))))));
        out.add(c.add(certificate(ns, "storefront-tls", "shop.example.com")));
    }

    private static void payments(InMemoryCluster c, FakeVolumeSnapshotter volumes, List<KubeObject> out) {
        String ns = "payments";
        out.add(c.add(object("v1", "ServiceAccount", ns, "payments", Map.of(), Map.of())));
        out.add(c.add(object("rbac.authorization.k8s.io/v1", "ClusterRole", null, "payments-node-reader", Map.of(), Map.of("rules",
                List.of(Map.of("apiGroups", List.of(""), "resources", List.of("nodes"), "verbs", List.of("get", "list")))))));
        out.add(c.add(object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "payments-node-reader", Map.of(), Map.of(
                "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", "payments-node-reader"),
                "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "payments", "namespace", ns))))));
        out.add(c.add(object("v1", "ConfigMap", ns, "payments-settings", labels("payments-api"), Map.of("data", Map.of(
                "PROVIDER", "contoso-pay", "RETRY_LIMIT", "5", "DB_HOST", "postgres.payments.svc.cluster.local")))));
        out.add(c.add(secret(ns, "postgres-credentials", labels("postgres"), Map.of("username", b64("payments"),
                "password", b64("s3cr3t-Passw0rd")))));
        out.add(c.add(secret(ns, "provider-api-key", labels("payments-api"), Map.of("key", b64("pk_live_0123456789")))));
        workload(c, out, ns, "payments-api", "shop/payments:1.9.0", 2, 8443);
        out.add(c.add(object("v1", "Service", ns, "postgres", labels("postgres"), Map.of("spec", Map.of("clusterIP", "None",
                "selector", Map.of("app", "postgres"), "ports", List.of(Map.of("name", "postgres", "port", 5432)))))));
        Map<String, Object> template = podTemplate("postgres", "postgres:16.4", 5432,
                List.of(Map.of("name", "data", "mountPath", "/var/lib/postgresql/data")));
        KubeObject sts = c.add(object("apps/v1", "StatefulSet", ns, "postgres", labels("postgres"), Map.of("spec", Map.of(
                "serviceName", "postgres", "replicas", 2, "selector", Map.of("matchLabels", Map.of("app", "postgres")),
                "template", template,
                "volumeClaimTemplates", List.of(Map.of("metadata", Map.of("name", "data"), "spec", Map.of(
                        "accessModes", List.of("ReadWriteOnce"), "storageClassName", "managed-csi",
                        "resources", Map.of("requests", Map.of("storage", "8Gi")))))))));
        out.add(sts);
        for (int i = 0; i < 2; i++) {
            String claim = "data-postgres-" + i;
            String pv = "pvc-" + String.format("%08x-0000-4000-8000-%012x", 0x5a17 + i, 0xd15c + i);
            String handle = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/MC_shop_aks_westeurope/providers/"
                    + "Microsoft.Compute/disks/" + pv;
            volumes.putVolume(handle, ("PostgreSQL data directory of postgres-" + i + ": orders, invoices, refunds\n")
                    .repeat(64).getBytes(StandardCharsets.UTF_8));
            KubeObject claimObject = c.add(object("v1", "PersistentVolumeClaim", ns, claim, Map.of("app", "postgres"), Map.of(
                    "metadata", Map.of("name", claim, "namespace", ns, "labels", Map.of("app", "postgres"), "annotations", Map.of(
                            "pv.kubernetes.io/bind-completed", "yes", "pv.kubernetes.io/bound-by-controller", "yes",
                            "volume.kubernetes.io/storage-provisioner", DISK_DRIVER,
                            "volume.kubernetes.io/selected-node", "aks-nodepool1-38461749-vmss000000")),
                    "spec", Map.of("accessModes", List.of("ReadWriteOnce"), "storageClassName", "managed-csi",
                            "resources", Map.of("requests", Map.of("storage", "8Gi")), "volumeName", pv, "volumeMode", "Filesystem"))));
            out.add(claimObject);
            out.add(c.add(object("v1", "PersistentVolume", null, pv, Map.of(), Map.of(
                    "metadata", Map.of("name", pv, "annotations", Map.of("pv.kubernetes.io/provisioned-by", DISK_DRIVER)),
                    "spec", Map.of("capacity", Map.of("storage", "8Gi"), "accessModes", List.of("ReadWriteOnce"),
                            "persistentVolumeReclaimPolicy", "Delete", "storageClassName", "managed-csi", "volumeMode", "Filesystem",
                            "csi", Map.of("driver", DISK_DRIVER, "volumeHandle", handle, "fsType", "ext4",
                                    "volumeAttributes", Map.of("skuname", "StandardSSD_LRS",
                                            "csi.storage.k8s.io/pvc/name", claim, "csi.storage.k8s.io/pvc/namespace", ns)),
                            "claimRef", Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim", "namespace", ns, "name", claim,
                                    "uid", claimObject.metadata().get("uid")))))));
            Map<String, Object> podSpec = new LinkedHashMap<>(spec(template));
            podSpec.put("volumes", List.of(Map.of("name", "data", "persistentVolumeClaim", Map.of("claimName", claim))));
            podSpec.put("nodeName", "aks-nodepool1-38461749-vmss00000" + i);
            out.add(c.add(object("v1", "Pod", ns, "postgres-" + i, Map.of("app", "postgres",
                    "statefulset.kubernetes.io/pod-name", "postgres-" + i), Map.of(
                    "metadata", Map.of("name", "postgres-" + i, "namespace", ns, "labels", Map.of("app", "postgres",
                            "statefulset.kubernetes.io/pod-name", "postgres-" + i), "ownerReferences", List.of(owner(sts))),
                    "spec", podSpec))));
        }
        out.add(c.add(certificate(ns, "payments-internal-tls", "payments-api.payments.svc.cluster.local")));
    }

    /** A Deployment with its ReplicaSet, its Pods (owned in that chain) and a Service. */
    private static void workload(InMemoryCluster c, List<KubeObject> out, String ns, String app, String image, int replicas, int port) {
        Map<String, Object> template = podTemplate(app, image, port, List.of());
        KubeObject d = c.add(object("apps/v1", "Deployment", ns, app, labels(app), Map.of("spec", Map.of("replicas", replicas,
                "selector", Map.of("matchLabels", Map.of("app", app)), "template", template,
                "strategy", Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxSurge", "25%", "maxUnavailable", "25%"))))));
        out.add(d);
        String hash = Integer.toHexString((ns + app).hashCode() & 0xfffffff);
        KubeObject rs = c.add(object("apps/v1", "ReplicaSet", ns, app + "-" + hash, Map.of("app", app, "pod-template-hash", hash), Map.of(
                "metadata", Map.of("name", app + "-" + hash, "namespace", ns, "labels", Map.of("app", app, "pod-template-hash", hash),
                        "annotations", Map.of("deployment.kubernetes.io/revision", "1"), "ownerReferences", List.of(owner(d))),
                "spec", Map.of("replicas", replicas, "selector", Map.of("matchLabels", Map.of("app", app, "pod-template-hash", hash)),
                        "template", template))));
        out.add(rs);
        for (int i = 0; i < replicas; i++) {
            String pod = app + "-" + hash + "-" + Integer.toString(36 * 36 * 36 + i * 7919, 36);
            Map<String, Object> podSpec = new LinkedHashMap<>(spec(template));
            podSpec.put("nodeName", "aks-nodepool1-38461749-vmss00000" + (i % 3));
            out.add(c.add(object("v1", "Pod", ns, pod, Map.of("app", app, "pod-template-hash", hash), Map.of(
                    "metadata", Map.of("name", pod, "namespace", ns, "labels", Map.of("app", app, "pod-template-hash", hash),
                            "ownerReferences", List.of(owner(rs))),
                    "spec", podSpec))));
        }
        out.add(c.add(object("v1", "Service", ns, app, labels(app), Map.of("spec", Map.of("type", "ClusterIP",
                "selector", Map.of("app", app), "ports", List.of(Map.of("name", "http", "port", port == 80 ? 80 : port,
                        "targetPort", port, "protocol", "TCP")))))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> template) {
        return (Map<String, Object>) template.get("spec");
    }

    private static Map<String, Object> podTemplate(String app, String image, int port, List<Map<String, Object>> mounts) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", app);
        container.put("image", image);
        container.put("ports", List.of(Map.of("containerPort", port, "protocol", "TCP")));
        container.put("resources", Map.of("requests", Map.of("cpu", "100m", "memory", "128Mi"), "limits", Map.of("memory", "256Mi")));
        container.put("readinessProbe", Map.of("tcpSocket", Map.of("port", port), "periodSeconds", 10));
        if (!mounts.isEmpty()) {
            container.put("volumeMounts", mounts);
        }
        return Map.of("metadata", Map.of("labels", Map.of("app", app)), "spec", Map.of("containers", List.of(container),
                "restartPolicy", "Always", "terminationGracePeriodSeconds", 30));
    }

    private static Map<String, Object> owner(KubeObject o) {
        return Map.of("apiVersion", o.apiVersion(), "kind", o.kind(), "name", o.name(), "uid", o.metadata().get("uid"),
                "controller", true, "blockOwnerDeletion", true);
    }

    private static Map<String, Object> certificate(String ns, String name, String host) {
        return object("cert-manager.io/v1", "Certificate", ns, name, Map.of(), Map.of("spec", Map.of("secretName", name,
                "dnsNames", List.of(host), "duration", "2160h", "renewBefore", "360h",
                "issuerRef", Map.of("name", "letsencrypt", "kind", "ClusterIssuer", "group", "cert-manager.io"))));
    }

    private static Map<String, Object> secret(String ns, String name, Map<String, String> labels, Map<String, String> data) {
        return object("v1", "Secret", ns, name, labels, Map.of("type", name.endsWith("tls") ? "kubernetes.io/tls" : "Opaque", "data", data));
    }

    private static Map<String, String> labels(String app) {
        return Map.of("app", app, "app.kubernetes.io/part-of", "shop");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A Kubernetes object as a JSON tree, for seeding an {@link InMemoryCluster}: {@code metadata}
     * with name, namespace (none when {@code null}) and labels (none when empty), then {@code body}'s
     * fields (which may replace {@code metadata}).
     */
    public static Map<String, Object> object(String apiVersion, String kind, String ns, String name, Map<String, String> labels,
            Map<String, Object> body) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("name", name);
        if (ns != null) {
            md.put("namespace", ns);
        }
        if (!labels.isEmpty()) {
            md.put("labels", labels);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", md);
        o.putAll(body);
        return o;
    }
}

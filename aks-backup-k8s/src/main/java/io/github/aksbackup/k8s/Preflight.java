package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.api.selector.ResourceTypeFilter;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Checks, before anything runs, that the identity a client connects with may do what a backup or
 * restore of a configuration needs: list every selected type, create VolumeSnapshots, exec into
 * pods for hooks, create and patch what a restore brings back. Each permission is asked of the API
 * server with a SelfSubjectAccessReview, so the answer is the cluster's own (RBAC, Azure RBAC,
 * webhooks), and every missing one is reported as verb + resource + namespace.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.of(cluster).backup(config);
 * report.missing().forEach(System.out::println);
 * }</pre>
 */
public final class Preflight {
    private static final ResourceType ACCESS_REVIEWS = new ResourceType("authorization.k8s.io", "v1",
            "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, Set.of("create"));
    private static final String SNAPSHOT_GROUP = CsiVolumeSnapshotter.GROUP;
    private static final String HOOK_GROUP = "clusterbackup.dataprotection.microsoft.com";
    private static final int PARALLEL_REVIEWS = 8;

    private final KubernetesClusterClient cluster;

    private Preflight(KubernetesClusterClient cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** Preflight checks with the identity {@code cluster} connects as. */
    public static Preflight of(KubernetesClusterClient cluster) {
        return new Preflight(cluster);
    }

    /** What a backup with this configuration needs. */
    public PreflightReport backup(BackupConfiguration config) {
        List<ResourceType> types = cluster.discover();
        Set<Request> needed = new LinkedHashSet<>();
        addBackup(needed, config, types);
        return review(needed);
    }

    /** What a restore with this configuration into this cluster needs. */
    public PreflightReport restore(RestoreConfig config) {
        List<ResourceType> types = cluster.discover();
        Set<Request> needed = new LinkedHashSet<>();
        addRestore(needed, config, types);
        return review(needed);
    }

    /** What a backup with this configuration needs, and a restore of it in place into this cluster. */
    public PreflightReport backupAndRestore(BackupConfiguration config) {
        List<ResourceType> types = cluster.discover();
        Set<Request> needed = new LinkedHashSet<>();
        addBackup(needed, config, types);
        addRestore(needed, RestoreConfig.builder()
                .includedNamespaces(config.includedNamespaces())
                .excludedNamespaces(config.excludedNamespaces())
                .includedResourceTypes(config.includedResourceTypes())
                .excludedResourceTypes(config.excludedResourceTypes())
                .labelSelectors(config.labelSelectors())
                .includeClusterScopeResources(config.includeClusterScopeResources())
                .persistentVolumeRestoreMode(config.snapshotVolumes()
                        ? PersistentVolumeRestoreMode.RestoreWithVolumeData
                        : PersistentVolumeRestoreMode.RestoreWithoutVolumeData)
                .build(), types);
        return review(needed);
    }

    /** One question for the API server. */
    private record Request(String verb, String group, String resource, String namespace, String purpose) {
    }

    private static void addBackup(Set<Request> needed, BackupConfiguration config, List<ResourceType> types) {
        ResourceTypeFilter filter = ResourceTypeFilter.of(config.includedResourceTypes(), config.excludedResourceTypes());
        List<String> namespaces = scopes(config.includedNamespaces());
        String purpose = "back up";
        // A backup lists every namespace to find the selected ones, whatever the filters.
        needed.add(new Request("list", "", "namespaces", null, purpose));
        for (ResourceType t : types) {
            if (!filter.accepts(t)) {
                continue;
            }
            if (t.namespaced()) {
                for (String ns : namespaces) {
                    needed.add(new Request("list", t.group(), t.plural(), ns, purpose));
                }
            } else if (config.includeClusterScopeResources()) {
                needed.add(new Request("list", t.group(), t.plural(), null, purpose));
            }
        }
        if (config.snapshotVolumes()) {
            String snap = "snapshot volumes";
            for (String ns : namespaces) {
                needed.add(new Request("get", "", "persistentvolumeclaims", ns, snap));
                needed.add(new Request("create", SNAPSHOT_GROUP, "volumesnapshots", ns, snap));
                needed.add(new Request("get", SNAPSHOT_GROUP, "volumesnapshots", ns, snap));
                needed.add(new Request("watch", SNAPSHOT_GROUP, "volumesnapshots", ns, snap));
                needed.add(new Request("delete", SNAPSHOT_GROUP, "volumesnapshots", ns, snap));
            }
            needed.add(new Request("get", "", "persistentvolumes", null, snap));
            needed.add(new Request("get", SNAPSHOT_GROUP, "volumesnapshotcontents", null, snap));
            needed.add(new Request("get", SNAPSHOT_GROUP, "volumesnapshotclasses", null, snap));
            // the command line finds the cluster's default class by listing them
            needed.add(new Request("list", SNAPSHOT_GROUP, "volumesnapshotclasses", null, snap));
        }
        addHooks(needed, config.backupHookReferences(), "backuphooks", namespaces, false);
    }

    private static void addRestore(Set<Request> needed, RestoreConfig config, List<ResourceType> types) {
        ResourceTypeFilter filter = ResourceTypeFilter.of(config.includedResourceTypes(), config.excludedResourceTypes());
        List<String> namespaces = new ArrayList<>();
        if (config.includedNamespaces().isEmpty()) {
            namespaces.add(null);
            // named mappings land in namespaces of their own
            config.namespaceMappings().values().forEach(namespaces::add);
        } else {
            config.includedNamespaces().forEach(ns -> namespaces.add(config.targetNamespace(ns)));
        }
        String purpose = "restore";
        needed.add(new Request("create", "", "namespaces", null, purpose));
        needed.add(new Request("get", "", "namespaces", null, purpose));
        for (ResourceType t : types) {
            if (!filter.accepts(t)) {
                continue;
            }
            if (t.namespaced()) {
                for (String ns : namespaces) {
                    for (String verb : List.of("create", "get", "patch")) {
                        needed.add(new Request(verb, t.group(), t.plural(), ns, purpose));
                    }
                }
            } else if (config.includeClusterScopeResources()) {
                for (String verb : List.of("create", "get", "patch")) {
                    needed.add(new Request(verb, t.group(), t.plural(), null, purpose));
                }
            }
        }
        if (config.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithVolumeData) {
            String data = "restore volume data";
            for (String ns : namespaces) {
                needed.add(new Request("create", SNAPSHOT_GROUP, "volumesnapshots", ns, data));
                needed.add(new Request("get", SNAPSHOT_GROUP, "volumesnapshots", ns, data));
                needed.add(new Request("watch", SNAPSHOT_GROUP, "volumesnapshots", ns, data));
                needed.add(new Request("create", "", "persistentvolumeclaims", ns, data));
            }
            needed.add(new Request("create", SNAPSHOT_GROUP, "volumesnapshotcontents", null, data));
            needed.add(new Request("create", "", "persistentvolumes", null, data));
        }
        addHooks(needed, config.restoreHookReferences(), "restorehooks", namespaces, true);
    }

    private static void addHooks(Set<Request> needed, List<NamespacedName> refs, String hookResource,
            List<String> namespaces, boolean waitForReady) {
        if (refs.isEmpty()) {
            return;
        }
        String purpose = "run hooks";
        for (NamespacedName ref : refs) {
            needed.add(new Request("get", HOOK_GROUP, hookResource, ref.namespace(), "read hook " + ref));
        }
        for (String ns : namespaces) {
            needed.add(new Request("list", "", "pods", ns, purpose));
            needed.add(new Request("get", "", "pods", ns, purpose));
            needed.add(new Request("create", "", "pods/exec", ns, purpose));
            if (waitForReady) {
                needed.add(new Request("watch", "", "pods", ns, purpose));
            }
        }
    }

    /** Included namespaces, or {@code null} standing for all of them. */
    private static List<String> scopes(List<String> included) {
        List<String> out = new ArrayList<>();
        if (included.isEmpty() || included.contains("*")) {
            out.add(null);
        } else {
            out.addAll(new LinkedHashSet<>(included));
        }
        return out;
    }

    private PreflightReport review(Set<Request> needed) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_REVIEWS, Math.max(1, needed.size())), r -> {
            Thread t = new Thread(r, "aks-backup-preflight");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<PermissionCheck>> futures = new ArrayList<>();
            for (Request r : needed) {
                futures.add(CompletableFuture.supplyAsync(() -> ask(r), pool));
            }
            List<PermissionCheck> checks = new ArrayList<>(futures.size());
            for (CompletableFuture<PermissionCheck> f : futures) {
                try {
                    checks.add(f.join());
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            return new PreflightReport(cluster.describe(), checks);
        } finally {
            pool.shutdownNow();
        }
    }

    private PermissionCheck ask(Request r) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (r.namespace() != null) {
            attributes.put("namespace", r.namespace());
        }
        attributes.put("verb", r.verb());
        attributes.put("group", r.group());
        int slash = r.resource().indexOf('/');
        attributes.put("resource", slash < 0 ? r.resource() : r.resource().substring(0, slash));
        if (slash >= 0) {
            attributes.put("subresource", r.resource().substring(slash + 1));
        }
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", ACCESS_REVIEWS.apiVersion());
        review.put("kind", ACCESS_REVIEWS.kind());
        review.put("metadata", new LinkedHashMap<>());
        review.put("spec", Map.of("resourceAttributes", attributes));
        KubeObject answer;
        try {
            answer = cluster.create(ACCESS_REVIEWS, new KubeObject(review));
        } catch (AksBackupException e) {
            throw new AksBackupException(e.errorCode(), "cannot ask the API server whether this identity may " + r.verb()
                    + " " + r.resource() + ": " + e.getMessage(), e.recommendedAction(), e);
        }
        boolean allowed = Boolean.TRUE.equals(answer.at("status", "allowed"));
        Object reason = answer.at("status", "reason");
        if (reason == null) {
            reason = answer.at("status", "evaluationError");
        }
        return new PermissionCheck(r.verb(), r.group(), r.resource(), r.namespace(), r.purpose(), allowed,
                reason == null || reason.toString().isEmpty() ? null : reason.toString());
    }
}

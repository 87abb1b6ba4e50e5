package io.github.aksbackup.k8s;

import static io.github.aksbackup.k8s.CsiVolumeSnapshotter.VOLUME_SNAPSHOTS;
import static io.github.aksbackup.k8s.CsiVolumeSnapshotter.VOLUME_SNAPSHOT_CLASSES;
import static io.github.aksbackup.k8s.CsiVolumeSnapshotter.VOLUME_SNAPSHOT_CONTENTS;

import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Plays the CSI snapshot controller and a CSI driver's snapshotter for tests (neither runs on the
 * test server): for each new VolumeSnapshot of a claim it creates the VolumeSnapshotContent with a
 * snapshot handle and marks both ready; for a VolumeSnapshot of a pre-provisioned content it binds
 * them; when a VolumeSnapshot goes, so does its content if the class says Delete. Snapshots of
 * claims in a namespace given to {@link #failIn} get an error instead; in one given to
 * {@link #ignore} nothing happens at all, like a controller that is not running.
 */
public final class SnapshotControllerStandIn implements AutoCloseable {
    private final KubernetesClusterClient client;
    private final CustomObjectsApi custom;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> ignored = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final CountDownLatch watching = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Function<KubeObject, String> handles;

    public SnapshotControllerStandIn(KubernetesClusterClient client) {
        this.client = client;
        this.custom = new CustomObjectsApi(client.apiClient());
        this.thread = new Thread(this::run, "snapshot-controller-stand-in");
        this.thread.setDaemon(true);
    }

    /** Installs the snapshot CRDs (once per server) from their YAML. */
    public static void installCrds(KubernetesClusterClient client) {
        for (Map<String, Object> crd : TestCluster.yamlDocuments("volumesnapshot-crds.yaml")) {
            String name = (String) ((Map<?, ?>) crd.get("metadata")).get("name");
            if (client.get(TestCluster.CRDS, null, name).isEmpty()) {
                Crds.install(client, crd, Duration.ofSeconds(60));
            }
        }
    }

    /** Creates a VolumeSnapshotClass for the driver unless one of that name exists. */
    public static void ensureClass(KubernetesClusterClient client, String name, String driver, String deletionPolicy) {
        Map<String, Object> cls = new LinkedHashMap<>();
        cls.put("apiVersion", VOLUME_SNAPSHOT_CLASSES.apiVersion());
        cls.put("kind", VOLUME_SNAPSHOT_CLASSES.kind());
        cls.put("metadata", Map.of("name", name));
        cls.put("driver", driver);
        cls.put("deletionPolicy", deletionPolicy);
        if (client.get(VOLUME_SNAPSHOT_CLASSES, null, name).isEmpty()) {
            client.create(VOLUME_SNAPSHOT_CLASSES, new KubeObject(cls));
        }
    }

    /**
     * How the stand-in names the storage snapshot of a claim's volume (the content's {@code snapshotHandle}),
     * given the PersistentVolume; by default {@code snap-<VolumeSnapshot uid>}. A test of the Azure Disk driver
     * makes an Azure snapshot of the volume's disk here and answers its resource id, as the driver does.
     */
    public SnapshotControllerStandIn snapshotHandles(Function<KubeObject, String> handleOfVolume) {
        this.handles = handleOfVolume;
        return this;
    }

    public SnapshotControllerStandIn start() throws InterruptedException {
        thread.start();
        if (!watching.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the snapshot controller stand-in did not start watching");
        }
        return this;
    }

    void failIn(String namespace) {
        failing.add(namespace);
    }

    void ignore(String namespace) {
        ignored.add(namespace);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            try {
                String resourceVersion = null;
                for (Page page : client.list(VOLUME_SNAPSHOTS, ListOptions.all())) {
                    for (KubeObject vs : page.items()) {
                        reconcile(vs);
                    }
                }
                resourceVersion = currentResourceVersion();
                List<io.kubernetes.client.openapi.Pair> query = resourceVersion == null ? List.of()
                        : List.of(new io.kubernetes.client.openapi.Pair("resourceVersion", resourceVersion));
                watching.countDown();
                client.raw().watch("stand-in watch", RawApi.collectionPath(VOLUME_SNAPSHOTS, null), query,
                        Duration.ofMinutes(5), event -> {
                            if (closed) {
                                return true;
                            }
                            KubeObject vs = new KubeObject(event.object());
                            switch (event.type()) {
                                case "ADDED", "MODIFIED" -> reconcile(vs);
                                case "DELETED" -> deleted(vs);
                                case "ERROR" -> {
                                    return true;
                                }
                                default -> { }
                            }
                            return false;
                        });
            } catch (RuntimeException e) {
                if (!closed) {
                    System.err.println("snapshot controller stand-in: " + e);
                }
            }
        }
    }

    private String currentResourceVersion() {
        // An empty list's metadata carries the collection's version; a one-item page is the cheapest way to get it.
        return client.raw().get("version", RawApi.collectionPath(VOLUME_SNAPSHOTS, null),
                List.of(new io.kubernetes.client.openapi.Pair("limit", "1")),
                body -> {
                    Map<String, Object> list = JsonTrees.parseObject(new String(body.readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
                    return (String) ((Map<?, ?>) list.get("metadata")).get("resourceVersion");
                });
    }

    private void reconcile(KubeObject vs) {
        String ns = vs.namespace();
        if (ignored.contains(ns) || Boolean.TRUE.equals(vs.at("status", "readyToUse"))
                || vs.at("status", "error") != null) {
            return;
        }
        if (failing.contains(ns)) {
            patchStatus(VOLUME_SNAPSHOTS, ns, vs.name(), Map.of("readyToUse", false,
                    "error", Map.of("message", "injected failure: the storage refused the snapshot")));
            return;
        }
        String uid = (String) vs.metadata().get("uid");
        if (vs.at("spec", "source", "persistentVolumeClaimName") instanceof String pvcName) {
            Optional<KubeObject> pvc = client.get(type("", "PersistentVolumeClaim", "persistentvolumeclaims", true), ns, pvcName);
            Object pvName = pvc.map(p -> p.at("spec", "volumeName")).orElse(null);
            Optional<KubeObject> pv = pvName == null ? Optional.empty()
                    : client.get(type("", "PersistentVolume", "persistentvolumes", false), null, (String) pvName);
            if (pv.isEmpty()) {
                patchStatus(VOLUME_SNAPSHOTS, ns, vs.name(), Map.of("readyToUse", false,
                        "error", Map.of("message", "claim " + pvcName + " is not bound to a volume")));
                return;
            }
            String cls = (String) vs.at("spec", "volumeSnapshotClassName");
            String policy = client.get(VOLUME_SNAPSHOT_CLASSES, null, cls)
                    .map(c -> (String) c.content().get("deletionPolicy")).orElse("Delete");
            String contentName = "snapcontent-" + uid;
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("deletionPolicy", policy);
            spec.put("driver", pv.get().at("spec", "csi", "driver"));
            spec.put("source", Map.of("volumeHandle", pv.get().at("spec", "csi", "volumeHandle")));
            spec.put("volumeSnapshotClassName", cls);
            spec.put("volumeSnapshotRef", Map.of("name", vs.name(), "namespace", ns, "uid", uid));
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("apiVersion", VOLUME_SNAPSHOT_CONTENTS.apiVersion());
            content.put("kind", VOLUME_SNAPSHOT_CONTENTS.kind());
            content.put("metadata", Map.of("name", contentName));
            content.put("spec", spec);
            if (client.get(VOLUME_SNAPSHOT_CONTENTS, null, contentName).isEmpty()) {
                client.create(VOLUME_SNAPSHOT_CONTENTS, new KubeObject(content));
            }
            long size = Quantity.fromString((String) pv.get().at("spec", "capacity", "storage")).getNumber().longValue();
            String handle = handles == null ? "snap-" + uid : handles.apply(pv.get());
            patchStatus(VOLUME_SNAPSHOT_CONTENTS, null, contentName, Map.of("snapshotHandle", handle,
                    "readyToUse", true, "restoreSize", size, "creationTime", Instant.now().toEpochMilli() * 1_000_000L));
            markReady(vs, contentName, pv.get().at("spec", "capacity", "storage"));
        } else if (vs.at("spec", "source", "volumeSnapshotContentName") instanceof String contentName) {
            Optional<KubeObject> content = client.get(VOLUME_SNAPSHOT_CONTENTS, null, contentName);
            boolean refersBack = content.isPresent()
                    && vs.name().equals(content.get().at("spec", "volumeSnapshotRef", "name"))
                    && ns.equals(content.get().at("spec", "volumeSnapshotRef", "namespace"));
            if (!refersBack) {
                patchStatus(VOLUME_SNAPSHOTS, ns, vs.name(), Map.of("readyToUse", false,
                        "error", Map.of("message", "VolumeSnapshotContent " + contentName + " does not refer to this snapshot")));
                return;
            }
            patchStatus(VOLUME_SNAPSHOT_CONTENTS, null, contentName, Map.of(
                    "snapshotHandle", content.get().at("spec", "source", "snapshotHandle"), "readyToUse", true));
            markReady(vs, contentName, null);
        }
    }

    private void markReady(KubeObject vs, String contentName, Object size) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("boundVolumeSnapshotContentName", contentName);
        status.put("readyToUse", true);
        status.put("creationTime", Instant.now().toString());
        if (size != null) {
            status.put("restoreSize", size);
        }
        patchStatus(VOLUME_SNAPSHOTS, vs.namespace(), vs.name(), status);
    }

    private void deleted(KubeObject vs) {
        if (vs.at("status", "boundVolumeSnapshotContentName") instanceof String contentName) {
            client.get(VOLUME_SNAPSHOT_CONTENTS, null, contentName)
                    .filter(c -> "Delete".equals(c.at("spec", "deletionPolicy")))
                    .ifPresent(c -> client.delete(VOLUME_SNAPSHOT_CONTENTS, null, contentName));
        }
    }

    private void patchStatus(ResourceType type, String namespace, String name, Map<String, Object> status) {
        V1Patch patch = new V1Patch(JsonTrees.write(Map.of("status", status)));
        try {
            if (namespace == null) {
                PatchUtils.patch(Object.class, () -> custom.patchClusterCustomObjectStatus(type.group(), type.version(),
                        type.plural(), name, patch).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client.apiClient());
            } else {
                PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObjectStatus(type.group(), type.version(),
                        namespace, type.plural(), name, patch).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        client.apiClient());
            }
        } catch (ApiException e) {
            throw new IllegalStateException("stand-in cannot set status of " + type.kind() + " " + name + ": "
                    + e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    private static ResourceType type(String group, String kind, String plural, boolean namespaced) {
        return TestCluster.type(group, "v1", kind, plural, namespaced);
    }
}

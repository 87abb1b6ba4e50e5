package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import io.kubernetes.client.custom.Quantity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots persistent volumes with CSI VolumeSnapshots ({@code snapshot.storage.k8s.io/v1}): one
 * VolumeSnapshot per claim in a configured VolumeSnapshotClass, waited for until
 * {@code readyToUse}, recorded with the snapshot handle of its VolumeSnapshotContent.
 *
 * <p>A restore into the claim's own namespace of the cluster the snapshot lives in gives the claim
 * the VolumeSnapshot as {@code dataSource}. Anywhere else (another namespace — a claim's data source
 * must be in its namespace — or another cluster) it first pre-provisions a VolumeSnapshotContent
 * from the recorded handle and a VolumeSnapshot bound to it, the way the CSI snapshotter documents
 * for importing existing snapshots.
 *
 * <p>Where the snapshot is stored is the CSI driver's choice, made by the VolumeSnapshotClass: the
 * Azure Disk driver puts it into the class's {@code parameters.resourceGroup}, else into the source
 * disk's group. A request that names the instance's snapshot resource group
 * ({@link SnapshotRequest#snapshotResourceGroupId()}) is refused when the class names another group
 * ({@link #snapshotResourceGroupProblem}); without that parameter the driver's default is not checked.
 *
 * <p>CSI snapshots stay inside the storage system, so this is no
 * {@link io.github.aksbackup.spi.VaultVolumeCopier}; on Azure Disk the snapshot handle is the Azure
 * snapshot's resource id, which the Azure disk snapshotter copies to the vault tier.
 */
public final class CsiVolumeSnapshotter implements VolumeSnapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(CsiVolumeSnapshotter.class);

    static final String GROUP = "snapshot.storage.k8s.io";
    private static final Set<String> VERBS = Set.of("get", "list", "watch", "create", "patch", "delete");
    static final ResourceType VOLUME_SNAPSHOTS =
            new ResourceType(GROUP, "v1", "VolumeSnapshot", "volumesnapshots", true, VERBS);
    static final ResourceType VOLUME_SNAPSHOT_CONTENTS =
            new ResourceType(GROUP, "v1", "VolumeSnapshotContent", "volumesnapshotcontents", false, VERBS);
    static final ResourceType VOLUME_SNAPSHOT_CLASSES =
            new ResourceType(GROUP, "v1", "VolumeSnapshotClass", "volumesnapshotclasses", false, VERBS);

    /** Keys of {@link VolumeSnapshotRecord#attributes()} this snapshotter writes. */
    public static final String ATTR_NAMESPACE = "volumeSnapshotNamespace";
    public static final String ATTR_NAME = "volumeSnapshotName";
    public static final String ATTR_UID = "volumeSnapshotUid";
    public static final String ATTR_CONTENT = "volumeSnapshotContentName";
    public static final String ATTR_CLASS = "volumeSnapshotClassName";

    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String TAGS_ANNOTATION = "aks-backup.io/tags";

    private final KubernetesClusterClient cluster;
    private final String snapshotClass;
    private final Duration readyTimeout;
    private final Clock clock;
    private volatile String driver;

    private CsiVolumeSnapshotter(Builder b) {
        this.cluster = b.cluster;
        this.snapshotClass = b.snapshotClass;
        this.readyTimeout = b.readyTimeout;
        this.clock = b.clock;
        this.driver = b.driver;
    }

    /** A builder; the cluster and the VolumeSnapshotClass are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The VolumeSnapshotClass a cluster uses for a driver: the one annotated as default
     * ({@code snapshot.storage.kubernetes.io/is-default-class: "true"}), else the only one, else
     * none (also when the cluster does not serve VolumeSnapshotClasses at all).
     */
    public static Optional<String> defaultClass(KubernetesClusterClient cluster, String driver) {
        List<KubeObject> forDriver = new ArrayList<>();
        try {
            for (Page page : cluster.list(VOLUME_SNAPSHOT_CLASSES, ListOptions.all())) {
                page.items().stream().filter(c -> driver.equals(c.content().get("driver"))).forEach(forDriver::add);
            }
        } catch (NotFoundException notServed) {
            return Optional.empty();
        }
        Optional<KubeObject> marked = forDriver.stream()
                .filter(c -> "true".equals(c.annotations().get("snapshot.storage.kubernetes.io/is-default-class")))
                .findFirst();
        if (marked.isPresent()) {
            return Optional.of(marked.get().name());
        }
        return forDriver.size() == 1 ? Optional.of(forDriver.get(0).name()) : Optional.empty();
    }

    /** True for the driver of the configured VolumeSnapshotClass. */
    @Override
    public boolean supports(String csiDriver) {
        return csiDriver != null && csiDriver.equals(driver());
    }

    /**
     * Creates a VolumeSnapshot of the claim and waits until it is ready to use (at most the
     * configured timeout), so that the record holds the snapshot handle.
     *
     * @throws AksBackupException code {@code SnapshotFailed} when the snapshot controller reports
     *     an error, {@code SnapshotTimeout} when it is not ready in time (the VolumeSnapshot is
     *     deleted then, so that nothing half-made is left behind)
     */
    @Override
    public VolumeSnapshotRecord snapshot(SnapshotRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.snapshotResourceGroupId() != null) {
            snapshotResourceGroupProblem(request.snapshotResourceGroupId()).ifPresent(problem -> {
                throw new InvalidInputException("snapshotResourceGroupId", problem);
            });
        }
        String name = snapshotName(request);
        KubeObject vs = volumeSnapshot(request.pvcNamespace(), name, Map.of("persistentVolumeClaimName", request.pvcName()),
                request.tags());
        try {
            cluster.create(VOLUME_SNAPSHOTS, vs);
        } catch (ConflictException alreadyTaken) {
            // Same claim, same tags: a retried backup of the same recovery point may use what is there,
            // but never a snapshot made for something else.
            Object existingTags = cluster.get(VOLUME_SNAPSHOTS, request.pvcNamespace(), name)
                    .map(o -> o.annotations().get(TAGS_ANNOTATION)).orElse(null);
            if (request.tags().isEmpty() || !Objects.equals(existingTags, vs.annotations().get(TAGS_ANNOTATION))) {
                throw alreadyTaken;
            }
            LOG.info("VolumeSnapshot {}/{} exists already for the same backup; waiting for it", request.pvcNamespace(), name);
        }
        KubeObject ready = awaitReady(request.pvcNamespace(), name, true);
        String contentName = (String) ready.at("status", "boundVolumeSnapshotContentName");
        KubeObject content = cluster.awaitObject(VOLUME_SNAPSHOT_CONTENTS, null, contentName,
                c -> c.at("status", "snapshotHandle") instanceof String, readyTimeout)
                .orElseThrow(() -> new AksBackupException(ErrorCode.SNAPSHOT_FAILED, "VolumeSnapshotContent " + contentName
                        + " of VolumeSnapshot " + request.pvcNamespace() + "/" + name + " has no snapshot handle",
                        "Check the CSI snapshot controller and the driver's snapshotter sidecar.", null));
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(ATTR_NAMESPACE, request.pvcNamespace());
        attributes.put(ATTR_NAME, name);
        attributes.put(ATTR_UID, String.valueOf(ready.metadata().get("uid")));
        attributes.put(ATTR_CONTENT, contentName);
        attributes.put(ATTR_CLASS, snapshotClass);
        long size = restoreSize(ready, content, request.sizeBytes());
        return new VolumeSnapshotRecord(request.pvcNamespace(), request.pvcName(), request.pvName(), request.driver(),
                request.volumeHandle(), (String) content.at("status", "snapshotHandle"), size, clock.instant(), attributes);
    }

    /**
     * Why snapshots of this snapshotter's VolumeSnapshotClass would not be stored in
     * {@code snapshotResourceGroupId} (a resource group id or name), or empty when they would or the class
     * does not say: the class's {@code parameters.resourceGroup} names another group. For preflight checks
     * and before each snapshot.
     */
    public Optional<String> snapshotResourceGroupProblem(String snapshotResourceGroupId) {
        Objects.requireNonNull(snapshotResourceGroupId, "snapshotResourceGroupId");
        Object parameters = snapshotClassObject().content().get("parameters");
        Object classGroup = parameters instanceof Map<?, ?> p ? p.get("resourceGroup") : null;
        if (!(classGroup instanceof String named) || named.isBlank()) {
            return Optional.empty();
        }
        String wanted = snapshotResourceGroupId.replaceAll("/+$", "");
        wanted = wanted.substring(wanted.lastIndexOf('/') + 1);
        if (named.equalsIgnoreCase(wanted)) {
            return Optional.empty();
        }
        return Optional.of("is '" + snapshotResourceGroupId + "', but VolumeSnapshotClass " + snapshotClass + " puts snapshots"
                + " into resource group '" + named + "' (parameters.resourceGroup), and the CSI driver, not aks-backup, decides"
                + " where a CSI snapshot goes; use a VolumeSnapshotClass whose parameters.resourceGroup is '" + wanted
                + "' (--snapshot-class), or name resource group '" + named + "' in the backup instance");
    }

    @Override
    public SnapshotStatus status(VolumeSnapshotRecord snapshot) {
        Optional<KubeObject> vs = cluster.get(VOLUME_SNAPSHOTS, attribute(snapshot, ATTR_NAMESPACE),
                attribute(snapshot, ATTR_NAME));
        if (vs.isEmpty()) {
            return SnapshotStatus.failed("VolumeSnapshot " + attribute(snapshot, ATTR_NAMESPACE) + "/"
                    + attribute(snapshot, ATTR_NAME) + " no longer exists");
        }
        return statusOf(vs.get());
    }

    /** Deletes the VolumeSnapshot; the class's deletion policy decides what happens to the storage snapshot. */
    @Override
    public void delete(VolumeSnapshotRecord snapshot) {
        cluster.delete(VOLUME_SNAPSHOTS, attribute(snapshot, ATTR_NAMESPACE), attribute(snapshot, ATTR_NAME));
    }

    @Override
    public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(request, "request");
        String sourceNamespace = attribute(snapshot, ATTR_NAMESPACE);
        String sourceName = attribute(snapshot, ATTR_NAME);
        if (request.targetNamespace().equals(sourceNamespace)) {
            Optional<KubeObject> original = cluster.get(VOLUME_SNAPSHOTS, sourceNamespace, sourceName);
            if (original.isPresent() && Objects.equals(String.valueOf(original.get().metadata().get("uid")),
                    snapshot.attributes().get(ATTR_UID))) {
                return new RestoredVolume.FromDataSource(GROUP, "VolumeSnapshot", sourceName);
            }
        }
        return new RestoredVolume.FromDataSource(GROUP, "VolumeSnapshot", preProvision(snapshot, request));
    }

    /** A VolumeSnapshotContent for the recorded handle and a VolumeSnapshot bound to it, in the target namespace. */
    private String preProvision(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
        String suffix = shortHash(snapshot.snapshotHandle() + "\n" + request.targetNamespace() + "\n" + request.pvcName());
        String vsName = dnsName(request.pvcName(), "-restore-" + suffix);
        String contentName = dnsName("aksb-" + request.targetNamespace() + "-" + request.pvcName(), "-" + suffix);
        String cls = snapshot.attributes().getOrDefault(ATTR_CLASS, snapshotClass);

        Map<String, Object> contentSpec = new LinkedHashMap<>();
        contentSpec.put("deletionPolicy", "Retain");
        contentSpec.put("driver", snapshot.driver());
        contentSpec.put("source", Map.of("snapshotHandle", snapshot.snapshotHandle()));
        contentSpec.put("volumeSnapshotClassName", cls);
        contentSpec.put("volumeSnapshotRef", Map.of("name", vsName, "namespace", request.targetNamespace()));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("apiVersion", VOLUME_SNAPSHOT_CONTENTS.apiVersion());
        content.put("kind", VOLUME_SNAPSHOT_CONTENTS.kind());
        content.put("metadata", metadata(contentName, null, request.tags()));
        content.put("spec", contentSpec);
        createIfAbsent(VOLUME_SNAPSHOT_CONTENTS, new KubeObject(content));
        createIfAbsent(VOLUME_SNAPSHOTS, volumeSnapshot(request.targetNamespace(), vsName,
                Map.of("volumeSnapshotContentName", contentName), request.tags()));
        awaitReady(request.targetNamespace(), vsName, false);
        return vsName;
    }

    private void createIfAbsent(ResourceType type, KubeObject object) {
        try {
            cluster.create(type, object);
        } catch (ConflictException existing) {
            // a restore run again: the same name for the same handle
            LOG.info("{} {} exists already; reusing it", type.kind(), object.qualifiedName());
        }
    }

    /** Waits for readyToUse; fails on a reported error or on timeout (deleting our VolumeSnapshot then, when asked). */
    private KubeObject awaitReady(String namespace, String name, boolean deleteOnTimeout) {
        Optional<KubeObject> done = cluster.awaitObject(VOLUME_SNAPSHOTS, namespace, name,
                o -> statusOf(o).state() != SnapshotStatus.State.Pending, readyTimeout);
        if (done.isEmpty()) {
            if (deleteOnTimeout) {
                cluster.delete(VOLUME_SNAPSHOTS, namespace, name);
            }
            throw new AksBackupException(ErrorCode.SNAPSHOT_TIMEOUT, "VolumeSnapshot " + namespace + "/" + name
                    + " was not ready to use within " + readyTimeout,
                    "Check that the CSI snapshot controller runs and that VolumeSnapshotClass " + snapshotClass
                            + " names the volume's driver; raise the timeout for large volumes.", null);
        }
        SnapshotStatus status = statusOf(done.get());
        if (status.state() == SnapshotStatus.State.Failed) {
            throw new AksBackupException(ErrorCode.SNAPSHOT_FAILED, "VolumeSnapshot " + namespace + "/" + name + " failed: "
                    + status.message(), "Check the events of the VolumeSnapshot and the CSI driver's logs.", null);
        }
        return done.get();
    }

    private static SnapshotStatus statusOf(KubeObject vs) {
        if (Boolean.TRUE.equals(vs.at("status", "readyToUse"))
                && vs.at("status", "boundVolumeSnapshotContentName") instanceof String) {
            return SnapshotStatus.ready();
        }
        if (vs.at("status", "error", "message") instanceof String message) {
            return SnapshotStatus.failed(message);
        }
        return SnapshotStatus.pending();
    }

    private KubeObject volumeSnapshot(String namespace, String name, Map<String, Object> source, Map<String, String> tags) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("volumeSnapshotClassName", snapshotClass);
        spec.put("source", source);
        Map<String, Object> vs = new LinkedHashMap<>();
        vs.put("apiVersion", VOLUME_SNAPSHOTS.apiVersion());
        vs.put("kind", VOLUME_SNAPSHOTS.kind());
        vs.put("metadata", metadata(name, namespace, tags));
        vs.put("spec", spec);
        return new KubeObject(vs);
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, String> tags) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.put("labels", Map.of(MANAGED_BY, "aks-backup"));
        if (!tags.isEmpty()) {
            // Tag keys and values need not be valid label syntax; one annotation holds them all.
            meta.put("annotations", Map.of(TAGS_ANNOTATION, JsonTrees.write(new TreeMap<>(tags))));
        }
        return meta;
    }

    /** status.restoreSize of the content (bytes), else of the snapshot (a quantity), else the claim's size. */
    private static long restoreSize(KubeObject vs, KubeObject content, long fallback) {
        if (content.at("status", "restoreSize") instanceof Number n && n.longValue() > 0) {
            return n.longValue();
        }
        Object q = vs.at("status", "restoreSize");
        if (q instanceof Number n && n.longValue() > 0) {
            return n.longValue();
        }
        if (q instanceof String s) {
            try {
                return Quantity.fromString(s).getNumber().longValueExact();
            } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
                LOG.debug("ignoring restoreSize {}: {}", s, notAQuantity.getMessage());
            }
        }
        return fallback;
    }

    /**
     * The same claim with the same tags (instance, recovery point) gets the same name, so a retry is
     * idempotent; without tags the time tells snapshots apart.
     */
    private String snapshotName(SnapshotRequest request) {
        String suffix = shortHash(request.pvcNamespace() + "\n" + request.pvcName() + "\n"
                + (request.tags().isEmpty() ? clock.instant().toString() : new TreeMap<>(request.tags()).toString()));
        return dnsName(request.pvcName(), "-" + suffix);
    }

    /** {@code base + suffix}, with {@code base} cut so the whole is a valid object name (at most 253 characters). */
    private static String dnsName(String base, String suffix) {
        String b = base.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        int max = 253 - suffix.length();
        if (b.length() > max) {
            b = b.substring(0, max);
        }
        b = b.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        return (b.isEmpty() ? "snapshot" : b) + suffix;
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String attribute(VolumeSnapshotRecord snapshot, String key) {
        String v = snapshot.attributes().get(key);
        if (v == null) {
            throw new AksBackupException(ErrorCode.NOT_SUPPORTED, "the snapshot of PVC " + snapshot.pvcNamespace() + "/"
                    + snapshot.pvcName() + " lacks attribute " + key + ": it was not taken by the CSI snapshotter",
                    "Restore it with the snapshotter that took it (driver " + snapshot.driver() + ").", null);
        }
        return v;
    }

    private String driver() {
        String d = driver;
        if (d == null) {
            d = (String) snapshotClassObject().content().get("driver");
            driver = d;
        }
        return d;
    }

    private KubeObject snapshotClassObject() {
        return cluster.get(VOLUME_SNAPSHOT_CLASSES, null, snapshotClass)
                .orElseThrow(() -> new NotFoundException("VolumeSnapshotClass " + snapshotClass
                        + " does not exist in " + cluster.describe(),
                        "Create it, or configure the snapshot class the cluster has.", null));
    }

    /** Builds a {@link CsiVolumeSnapshotter}. */
    public static final class Builder {
        private KubernetesClusterClient cluster;
        private String snapshotClass;
        private String driver;
        private Duration readyTimeout = Duration.ofMinutes(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The cluster whose volumes are snapshotted. */
        public Builder cluster(KubernetesClusterClient cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            return this;
        }

        /** The VolumeSnapshotClass every snapshot is taken with. */
        public Builder snapshotClass(String name) {
            this.snapshotClass = Objects.requireNonNull(name, "snapshotClass");
            return this;
        }

        /** The CSI driver the class belongs to; by default read from the VolumeSnapshotClass when first needed. */
        public Builder driver(String csiDriver) {
            this.driver = Objects.requireNonNull(csiDriver, "driver");
            return this;
        }

        /** How long to wait for a snapshot to become ready to use (default 10 minutes). */
        public Builder readyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "readyTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be positive, was " + timeout);
            }
            this.readyTimeout = timeout;
            return this;
        }

        /** The clock that dates the records (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public CsiVolumeSnapshotter build() {
            if (cluster == null) {
                throw new IllegalArgumentException("cluster is required");
            }
            if (snapshotClass == null || snapshotClass.isBlank()) {
                throw new IllegalArgumentException("snapshotClass is required: the VolumeSnapshotClass to take snapshots with");
            }
            return new CsiVolumeSnapshotter(this);
        }
    }
}

package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.spi.CsiDrivers;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link VolumeSnapshotter} for {@code disk.csi.azure.com} volumes whose data is bytes in memory:
 * a test puts bytes under a volume handle, backups snapshot them, restores make new volumes holding
 * a copy, and as a {@link VaultVolumeCopier} it exports them to the vault tier and imports them back
 * through an {@link ObjectStore}. Thread-safe.
 */
public final class FakeVolumeSnapshotter implements VolumeSnapshotter, VaultVolumeCopier {
    /** The only driver it supports. */
    public static final String AZURE_DISK = CsiDrivers.AZURE_DISK;

    private final Clock clock;
    private final Map<String, byte[]> volumes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> snapshots = new ConcurrentHashMap<>();
    private final Set<String> failingVolumes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();
    private final List<SnapshotRequest> requests = new CopyOnWriteArrayList<>();

    /** A snapshotter stamping snapshots with {@code clock}'s time. */
    public FakeVolumeSnapshotter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Puts data on a volume (creating it). */
    public void putVolume(String volumeHandle, byte[] data) {
        volumes.put(volumeHandle, data.clone());
    }

    /** The data on a volume, or {@code null} when there is no such volume. */
    public byte[] volume(String volumeHandle) {
        byte[] d = volumes.get(volumeHandle);
        return d == null ? null : d.clone();
    }

    /** Makes snapshots of this volume fail, as a cloud quota or permission error would. */
    public void failSnapshotsOf(String volumeHandle) {
        failingVolumes.add(volumeHandle);
    }

    /** Every snapshot request made of it, in order, for tests that check what the engine asked for. */
    public List<SnapshotRequest> requests() {
        return List.copyOf(requests);
    }

    /** Snapshots currently held. */
    public int snapshotCount() {
        return snapshots.size();
    }

    /** Volumes currently held, including restored ones. */
    public int volumeCount() {
        return volumes.size();
    }

    @Override
    public boolean supports(String csiDriver) {
        return AZURE_DISK.equals(csiDriver);
    }

    @Override
    public VolumeSnapshotRecord snapshot(SnapshotRequest request) {
        requests.add(request);
        if (!supports(request.driver())) {
            throw new AksBackupException(ErrorCode.UNSUPPORTED_DRIVER, "cannot snapshot volumes of driver " + request.driver());
        }
        if (failingVolumes.contains(request.volumeHandle())) {
            throw new AksBackupException(ErrorCode.SNAPSHOT_FAILED, "snapshot of " + request.volumeHandle() + " failed: quota exceeded",
                    "Raise the snapshot quota of the subscription and retry.", null);
        }
        byte[] data = volumes.get(request.volumeHandle());
        if (data == null) {
            throw new NotFoundException("volume " + request.volumeHandle() + " does not exist");
        }
        String id = "snapshot-" + counter.incrementAndGet();
        snapshots.put(id, data.clone());
        return new VolumeSnapshotRecord(request.pvcNamespace(), request.pvcName(), request.pvName(), request.driver(),
                request.volumeHandle(), id, data.length, clock.instant(), request.volumeAttributes());
    }

    @Override
    public SnapshotStatus status(VolumeSnapshotRecord snapshot) {
        return snapshots.containsKey(snapshot.snapshotHandle()) ? SnapshotStatus.ready()
                : SnapshotStatus.failed("snapshot " + snapshot.snapshotHandle() + " does not exist");
    }

    @Override
    public void delete(VolumeSnapshotRecord snapshot) {
        snapshots.remove(snapshot.snapshotHandle());
    }

    @Override
    public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
        byte[] data = snapshots.get(snapshot.snapshotHandle());
        if (data == null) {
            throw new NotFoundException("snapshot " + snapshot.snapshotHandle() + " does not exist");
        }
        String handle = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/restore/providers/"
                + "Microsoft.Compute/disks/restored-" + request.targetNamespace() + "-" + request.pvcName() + "-" + counter.incrementAndGet();
        volumes.put(handle, data.clone());
        return new RestoredVolume.PreProvisioned(AZURE_DISK, handle, snapshot.attributes());
    }

    @Override
    public void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key) {
        byte[] data = snapshots.get(snapshot.snapshotHandle());
        if (data == null) {
            throw new NotFoundException("snapshot " + snapshot.snapshotHandle() + " does not exist");
        }
        vault.putIfAbsent(key, data);
    }

    /** Imports the export as a new snapshot; there is no staging in memory, so {@code staging} is ignored. */
    @Override
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            StagingLocation staging) {
        byte[] data = vault.getBytes(key);
        String id = "snapshot-" + counter.incrementAndGet();
        snapshots.put(id, data);
        return new VolumeSnapshotRecord(original.pvcNamespace(), original.pvcName(), original.pvName(), original.driver(),
                original.sourceVolumeHandle(), id, data.length, clock.instant(), original.attributes());
    }

    /** Makes a volume of an imported snapshot, as {@link #restore} does; there is no staging group in memory. */
    @Override
    public RestoredVolume restoreImported(VolumeSnapshotRecord imported, VolumeRestoreRequest request, StagingLocation staging) {
        return restore(imported, request);
    }

    @Override
    public void deleteImported(VolumeSnapshotRecord imported) {
        delete(imported);
    }
}

package io.github.aksbackup.azure;

import com.azure.resourcemanager.compute.fluent.models.DiskInner;
import com.azure.resourcemanager.compute.fluent.models.SnapshotInner;
import com.azure.resourcemanager.compute.models.CreationData;
import com.azure.resourcemanager.compute.models.DiskCreateOption;
import com.azure.resourcemanager.compute.models.DiskSku;
import com.azure.resourcemanager.compute.models.DiskStorageAccountTypes;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.azure.internal.ArmCalls;
import io.github.aksbackup.azure.internal.ArmId;
import io.github.aksbackup.azure.internal.ArmNames;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore half of {@link AzureDiskSnapshotter}: a new managed disk from a snapshot, in the restore
 * resource group (the staging resource group for a vault-tier restore) and the requested zone (or the source disk's), named after the snapshot and the claim so
 * that a repeated restore finds its disk, handed to the claim as a pre-provisioned CSI volume.
 */
final class DiskRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(DiskRestorer.class);

    private final AzureDiskSnapshotter disks;
    private final ArmCalls calls;

    DiskRestorer(AzureDiskSnapshotter disks, ArmCalls calls) {
        this.disks = disks;
        this.calls = calls;
    }

    RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request, ArmId group) {
        ArmId id = AzureDiskSnapshotter.snapshotId(snapshot);
        String zone = request.zone() != null ? request.zone() : snapshot.attributes().get(AzureDiskSnapshotter.ATTR_ZONE);
        String name = ArmNames.resourceName("aksb-restore-", request.pvcName(),
                snapshot.snapshotHandle() + "|" + request.targetNamespace() + "/" + request.pvcName());
        String location = snapshot.attributes().get(AzureDiskSnapshotter.ATTR_LOCATION);
        if (location == null) {
            SnapshotInner s = calls.call("read snapshot " + id.name(), AzureDiskSnapshotter.RESTORE_ROLE,
                    () -> disks.compute().serviceClient().getSnapshots().getByResourceGroup(id.resourceGroup(), id.name()));
            location = s.location();
        }
        DiskInner body = new DiskInner()
                .withCreationData(new CreationData().withCreateOption(DiskCreateOption.COPY)
                        .withSourceResourceId(snapshot.snapshotHandle()));
        String sku = snapshot.attributes().get(AzureDiskSnapshotter.ATTR_SKU);
        if (sku != null) {
            body.withSku(new DiskSku().withName(DiskStorageAccountTypes.fromString(sku)));
        }
        if (zone != null && !zone.isBlank()) {
            body.withZones(List.of(zone));
        }
        long wantBytes = Math.max(request.sizeBytes(), snapshot.sizeBytes());
        if (wantBytes > 0) {
            body.withDiskSizeGB((int) ((wantBytes + (1L << 30) - 1) >> 30));
        }
        body.withLocation(location);
        Map<String, String> tags = new LinkedHashMap<>(request.tags());
        tags.put("aksb-pvc", request.targetNamespace() + "/" + request.pvcName());
        body.withTags(tags);
        String what = "restore disk for PVC " + request.targetNamespace() + "/" + request.pvcName() + " from snapshot "
                + id.name();
        DiskInner disk = calls.awaitLro(what, AzureDiskSnapshotter.RESTORE_ROLE,
                () -> disks.compute().serviceClient().getDisks().beginCreateOrUpdate(group.resourceGroup(), name, body));
        Map<String, String> csi = new LinkedHashMap<>();
        snapshot.attributes().forEach((k, v) -> {
            if (k.startsWith(AzureDiskSnapshotter.ATTR_CSI_PREFIX)) {
                csi.put(k.substring(AzureDiskSnapshotter.ATTR_CSI_PREFIX.length()), v);
            }
        });
        String diskId = disk.id() != null ? disk.id() : group.child("Microsoft.Compute/disks", name);
        LOG.info("restored disk {} from snapshot {}", name, id.name());
        return new RestoredVolume.PreProvisioned(AzureDiskSnapshotter.DRIVER, diskId, csi);
    }
}

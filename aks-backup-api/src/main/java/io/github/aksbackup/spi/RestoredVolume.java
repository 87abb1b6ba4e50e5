package io.github.aksbackup.spi;

import java.util.Map;
import java.util.Objects;

/**
 * How a restored claim gets its data back: either the claim names a data source the cluster
 * provisions from (CSI VolumeSnapshot), or a volume was pre-provisioned and a PersistentVolume must
 * point at it (a disk created from an Azure snapshot).
 */
public sealed interface RestoredVolume permits RestoredVolume.FromDataSource, RestoredVolume.PreProvisioned {

    /** Set the claim's {@code spec.dataSource} to this object; no PersistentVolume is restored. */
    record FromDataSource(String apiGroup, String kind, String name) implements RestoredVolume {
        public FromDataSource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Restore the PersistentVolume with {@code spec.csi} pointing at this volume, bound to the claim. */
    record PreProvisioned(String driver, String volumeHandle, Map<String, String> volumeAttributes)
            implements RestoredVolume {
        public PreProvisioned {
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(volumeHandle, "volumeHandle");
            volumeAttributes = Map.copyOf(Objects.requireNonNull(volumeAttributes, "volumeAttributes"));
        }
    }
}

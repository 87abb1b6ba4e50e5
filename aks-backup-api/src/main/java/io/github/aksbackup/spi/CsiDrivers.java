package io.github.aksbackup.spi;

/**
 * Names of the CSI drivers the SDK knows by name, as volumes, storage classes and snapshot
 * classes carry them.
 */
public final class CsiDrivers {
    /** Azure Disk: the driver whose volumes are snapshotted and restored with their data. */
    public static final String AZURE_DISK = "disk.csi.azure.com";
    /** Azure Files: its volumes are backed up as objects only (no snapshot of their data). */
    public static final String AZURE_FILE = "file.csi.azure.com";

    private CsiDrivers() {
    }
}

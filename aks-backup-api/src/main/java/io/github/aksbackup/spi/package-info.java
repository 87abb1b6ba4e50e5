/**
 * The service provider interface adapters implement and the engine talks through: the cluster
 * ({@link io.github.aksbackup.spi.ClusterClient}), the object store of a vault ({@link
 * io.github.aksbackup.spi.ObjectStore}), volume snapshots ({@link
 * io.github.aksbackup.spi.VolumeSnapshotter}) and their vault-tier copies ({@link
 * io.github.aksbackup.spi.VaultVolumeCopier}), leases, key providers, and the Kubernetes kinds and
 * CSI driver names the engine knows by name ({@link io.github.aksbackup.spi.GroupKind}, {@link
 * io.github.aksbackup.spi.CsiDrivers}).
 */
package io.github.aksbackup.spi;

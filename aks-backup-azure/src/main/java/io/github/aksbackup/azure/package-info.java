/**
 * The Azure side on the Azure SDK for Java: the Blob Storage object store and its leases ({@link
 * io.github.aksbackup.azure.AzureBlobObjectStore}, {@link
 * io.github.aksbackup.azure.BlobLeaseManager}), managed-disk snapshots, vault-tier copies and
 * hydration ({@link io.github.aksbackup.azure.AzureDiskSnapshotter}) and preflight checks of an
 * Azure setup.
 */
package io.github.aksbackup.azure;

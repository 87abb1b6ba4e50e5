/**
 * Leases kept in a vault's own objects ({@link io.github.aksbackup.lease.VaultLeaseManager}), so
 * that several protection services sharing a directory vault never run one instance's slot twice.
 */
package io.github.aksbackup.lease;

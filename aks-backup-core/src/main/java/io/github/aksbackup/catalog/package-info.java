/**
 * What a vault knows besides recovery points, kept in the vault itself: backup instances,
 * policies, cluster identities, schedule marks and jobs ({@link
 * io.github.aksbackup.catalog.VaultCatalog}; keys as {@link
 * io.github.aksbackup.repository.RepositoryFormat} lays them out).
 */
package io.github.aksbackup.catalog;

/**
 * The vault's storage format and the code that reads and writes it: a deduplicating,
 * content-addressed store of recovery points in an {@link io.github.aksbackup.spi.ObjectStore}.
 * {@link io.github.aksbackup.repository.Repository} is the entry point and its class comment the
 * design (objects, recovery points, crashes and garbage, encryption, integrity);
 * {@link io.github.aksbackup.repository.RepositoryFormat} and
 * {@link io.github.aksbackup.repository.CanonicalJson} write the format down.
 *
 * <ul>
 * <li>opening a vault and checking its format: {@code VaultConfig}, with {@code VaultKeys} for an
 *     encrypted one;</li>
 * <li>writing a recovery point: {@link io.github.aksbackup.repository.RecoveryPointWriter} (packs,
 *     index files, entry chunks, the manifest last);</li>
 * <li>reading one: {@link io.github.aksbackup.repository.RecoveryPointReader}, every blob checked
 *     against its hash;</li>
 * <li>the stored bytes of packs, index files and manifests, sealed in an encrypted vault:
 *     {@code VaultObjects}; catalog records: {@code SealedObjectStore};</li>
 * <li>the markers by which backups and collections see each other: {@code RunMarkers};</li>
 * <li>garbage collection and checking, started from the repository:
 *     {@code GarbageCollector} ({@link io.github.aksbackup.repository.GcResult}) and {@code Verifier}
 *     ({@link io.github.aksbackup.repository.VerifyReport}).</li>
 * </ul>
 */
package io.github.aksbackup.repository;

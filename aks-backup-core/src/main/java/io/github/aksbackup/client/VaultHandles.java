package io.github.aksbackup.client;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryFormat;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectStore;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * A client's vault, opened on first use: building a client reads nothing, so a client can be built
 * before its vault exists or is reachable. The operational repository and the vault tier's are opened
 * together, once, however many threads ask at the same time; a failed opening is not kept, so the next
 * call tries again.
 */
final class VaultHandles {
    private final ObjectStore operationalStore;
    private final ObjectStore tierStore;
    private final Clock clock;
    private final RepositoryOptions options;
    private final KeyProvider keyProvider;
    /** Builds the client's parts on the opened repositories (operational, vault tier); reads nothing. */
    private final BiFunction<Repository, Repository, VaultParts> assembler;
    private final Object lock = new Object();
    private volatile VaultParts parts;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /**
     * @param operationalStore the vault's store as the client uses it (fenced and retried)
     * @param tierStore the vault tier's store, retried
     */
    VaultHandles(ObjectStore operationalStore, ObjectStore tierStore, Clock clock, RepositoryOptions options,
            KeyProvider keyProvider, BiFunction<Repository, Repository, VaultParts> assembler) {
        this.operationalStore = operationalStore;
        this.tierStore = tierStore;
        this.clock = clock;
        this.options = options;
        this.keyProvider = keyProvider;
        this.assembler = assembler;
    }

    /**
     * The parts on the open vault, opening it on the first call.
     *
     * @throws NotFoundException when the location holds no vault (naming {@link AksBackupClient#createVault()})
     * @throws io.github.aksbackup.api.AksBackupException when the vault cannot be opened; see
     *     {@link Repository#open(ObjectStore, Clock, RepositoryOptions, KeyProvider)}
     */
    VaultParts parts() {
        VaultParts p = parts;
        if (p != null) {
            return p;
        }
        synchronized (lock) {
            if (parts == null) {
                if (!operationalStore.exists(RepositoryFormat.CONFIG_KEY)) {
                    throw new NotFoundException(operationalStore.describe() + " holds no aks-backup vault (it has no "
                            + RepositoryFormat.CONFIG_KEY + "); create the vault first with AksBackupClient.createVault()");
                }
                assemble(open(operationalStore), open(tierStore));
            }
            return parts;
        }
    }

    /**
     * Creates the vault (both tiers) where the location holds none, or opens the one it holds when its
     * settings agree with the client's, and keeps it open for the client's other calls.
     */
    VaultInfo create() {
        synchronized (lock) {
            Repository operational = open(operationalStore);
            Repository tier = open(tierStore);
            if (parts == null) {
                assemble(operational, tier);
            }
            return new VaultInfo(operational.repositoryId(), operational.encrypted(), operational.encryptionKeyIds());
        }
    }

    /** The parts when the vault was opened, else {@code null}; opens nothing. */
    VaultParts ifOpen() {
        return parts;
    }

    /** Closes the engine of the open vault, and of one opened later, which then never runs a schedule. */
    void close() {
        VaultParts p;
        synchronized (lock) {
            closed = true;
            p = parts;
        }
        if (p != null) {
            p.engine().close();
        }
    }

    /** Guarded by {@link #lock}. */
    private void assemble(Repository operational, Repository tier) {
        VaultParts p = assembler.apply(operational, tier);
        if (closed) {
            p.engine().close();
        }
        parts = p;
    }

    private Repository open(ObjectStore store) {
        return Repository.open(store, clock, options, keyProvider);
    }
}

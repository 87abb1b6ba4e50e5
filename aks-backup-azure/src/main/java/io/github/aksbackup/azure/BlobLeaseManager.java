package io.github.aksbackup.azure;

import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.aksbackup.azure.internal.AzureErrors;
import io.github.aksbackup.spi.LeaseManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaseManager} on Azure blob leases in the shared vault container: the lease named N is
 * the lease on the (empty, write-once) blob {@code leases/N}. Engines in different processes or on
 * different machines that share the vault exclude each other without any other infrastructure.
 *
 * <p>Why blob leases rather than a Kubernetes Lease: the engines' shared state (schedule marks,
 * recovery points) already lives in the vault, engines that protect several clusters have no one
 * API server in common, and the vault is the thing that must not see one slot twice. Azure expires
 * a lease 15-60 s after its holder stops renewing, so a crashed engine blocks an instance for at most
 * that long. A held lease is renewed every third of its duration on a daemon thread; a failed
 * renewal marks it {@link Lease#held() lost}.
 */
public final class BlobLeaseManager implements LeaseManager, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobLeaseManager.class);
    /** The vault layout's lease prefix ({@code RepositoryFormat.LEASES}; this module does not depend on the engine). */
    static final String PREFIX = "leases/";

    private final AzureBlobObjectStore store;
    private final int seconds;
    private final ScheduledExecutorService renewer;

    /**
     * @param store the shared vault container
     * @param duration lease duration, 15 to 60 s (Azure's range)
     */
    public BlobLeaseManager(AzureBlobObjectStore store, Duration duration) {
        this.store = Objects.requireNonNull(store, "store");
        long s = Objects.requireNonNull(duration, "duration").toSeconds();
        if (s < 15 || s > 60) {
            throw new IllegalArgumentException("duration must be 15 to 60 seconds (Azure blob leases), was " + duration);
        }
        this.seconds = (int) s;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aks-backup-lease-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /** The blob that carries the lease {@code name}: readable, and a valid key whatever the name. */
    static String key(String name) {
        String readable = name.replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > 100) {
            readable = readable.substring(0, 100);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return PREFIX + readable + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Lease> tryAcquire(String name) {
        String key = key(name);
        store.putIfAbsent(key, new byte[0]);
        BlobLeaseClient client = new BlobLeaseClientBuilder().blobClient(store.blobClient(key))
                .leaseId(UUID.randomUUID().toString()).buildClient();
        try {
            client.acquireLease(seconds);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409) {
                return Optional.empty();
            }
            throw AzureErrors.map(e, "take lease '" + name + "'", AzureBlobObjectStore.DATA_ROLE);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "take lease '" + name + "'", AzureBlobObjectStore.DATA_ROLE);
        }
        return Optional.of(new BlobLease(name, client));
    }

    /** Stops renewing; leases still held expire on their own. */
    @Override
    public void close() {
        renewer.shutdownNow();
    }

    private final class BlobLease implements Lease {
        private final String name;
        private final BlobLeaseClient client;
        private final ScheduledFuture<?> renewal;
        private volatile boolean held = true;
        private boolean closed;

        BlobLease(String name, BlobLeaseClient client) {
            this.name = name;
            this.client = client;
            long every = Math.max(1, seconds / 3);
            this.renewal = renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
        }

        private void renew() {
            try {
                client.renewLease();
            } catch (RuntimeException e) {
                held = false;
                LOG.error("lost lease '{}': {}; another engine may take over its work", name, e.getMessage());
                throw e;
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean held() {
            return held;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            renewal.cancel(false);
            try {
                client.releaseLease();
            } catch (RuntimeException e) {
                // It expires by itself; the next holder waits at most the lease duration.
                LOG.warn("could not release lease '{}': {}", name, e.getMessage());
            }
            held = false;
        }
    }
}

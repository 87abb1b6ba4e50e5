package io.github.aksbackup.spi;

import java.util.Optional;

/**
 * Mutual exclusion between engines that share a vault (scale-out): an engine takes an instance's
 * lease before it runs the instance's due work, and leaves the instance alone when another engine
 * holds it. Combined with schedule marks kept in the shared vault, each scheduled slot runs exactly
 * once. A lease expires when its holder dies (it stops renewing), so no instance stays blocked.
 *
 * <p>Implemented with Azure blob leases ({@code aks-backup-azure}), in memory for engines in one
 * process, and {@link #none()} for a single engine. Thread-safe.
 */
public interface LeaseManager {

    /**
     * Takes the lease named {@code name} unless another holder has it. The lease is kept alive until
     * it is closed.
     *
     * @return the lease, or empty when someone else holds it
     */
    Optional<Lease> tryAcquire(String name);

    /** A held lease; {@link #close()} releases it (closing twice is harmless). */
    interface Lease extends AutoCloseable {
        /** The lease's name. */
        String name();

        /** False once the holder knows it lost the lease (a renewal failed); work should stop early. */
        boolean held();

        @Override
        void close();
    }

    /** For a single engine: every lease is granted, nothing is shared. */
    static LeaseManager none() {
        return name -> Optional.of(new Lease() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean held() {
                return true;
            }

            @Override
            public void close() {
                // Nothing is shared, so there is nothing to release.
            }
        });
    }
}

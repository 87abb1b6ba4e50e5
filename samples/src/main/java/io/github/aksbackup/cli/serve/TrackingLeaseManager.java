package io.github.aksbackup.cli.serve;

import io.github.aksbackup.spi.LeaseManager;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A lease manager that knows which leases it holds now, for the {@code aksbackup_lease_held} gauge. */
public final class TrackingLeaseManager implements LeaseManager {
    private final LeaseManager delegate;
    private final Consumer<String> onFirstAcquired;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public TrackingLeaseManager(LeaseManager delegate, Consumer<String> onFirstAcquired) {
        this.delegate = delegate;
        this.onFirstAcquired = onFirstAcquired;
    }

    /** The names of the leases held now (and not known to be lost). */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    @Override
    public Optional<Lease> tryAcquire(String name) {
        Optional<Lease> lease = delegate.tryAcquire(name);
        if (lease.isEmpty()) {
            return lease;
        }
        if (seen.add(name)) {
            onFirstAcquired.accept(name);
        }
        held.add(name);
        Lease inner = lease.get();
        return Optional.of(new Lease() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean held() {
                boolean h = inner.held();
                if (!h) {
                    held.remove(name);
                }
                return h;
            }

            @Override
            public void close() {
                held.remove(name);
                inner.close();
            }
        });
    }
}

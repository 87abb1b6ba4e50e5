package io.github.aksbackup.lease;

import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A process that takes a lease in a directory vault and holds it, for {@link VaultLeaseManagerProcessTest}:
 * prints {@code acquired}, then {@code lost} (and exits 3) as soon as its lease says it is no longer held.
 * Arguments: vault directory, holder name, lease duration in milliseconds.
 */
public final class LeaseHolderMain {
    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        VaultLeaseManager leases = VaultLeaseManager.builder(new DirectoryObjectStore(Path.of(args[0]))).holder(args[1])
                .duration(Duration.ofMillis(Long.parseLong(args[2]))).build();
        Optional<LeaseManager.Lease> lease = Optional.empty();
        while (lease.isEmpty()) {
            lease = leases.tryAcquire("instance/prod");
            Thread.sleep(50);
        }
        System.out.println("acquired");
        System.out.flush();
        while (lease.get().held()) {
            Thread.sleep(20);
        }
        System.out.println("lost");
        System.out.flush();
        System.exit(3);
    }
}

package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.LeaseManager;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Blob leases on Azurite: one holder at a time, released on close. */
@Tag("azurite")
class BlobLeaseManagerAzuriteTest {

    @Test
    void oneHolderAtATimeAndFreeAgainAfterRelease() {
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("lease").build();
        try (BlobLeaseManager a = new BlobLeaseManager(vault, Duration.ofSeconds(60));
                BlobLeaseManager b = new BlobLeaseManager(vault, Duration.ofSeconds(60))) {
            Optional<LeaseManager.Lease> first = a.tryAcquire("instance/prod");
            assertTrue(first.isPresent());
            assertTrue(first.get().held());
            assertTrue(b.tryAcquire("instance/prod").isEmpty(), "held by a");
            assertTrue(a.tryAcquire("instance/prod").isEmpty(), "a lease is not re-entrant across acquisitions");
            assertTrue(b.tryAcquire("instance/other").isPresent(), "other names are independent");
            first.get().close();
            assertFalse(first.get().held());
            first.get().close();
            try (LeaseManager.Lease second = b.tryAcquire("instance/prod").orElseThrow()) {
                assertEquals("instance/prod", second.name());
            }
        }
    }

    @Test
    void keysAreValidWhateverTheName() {
        assertTrue(BlobLeaseManager.key("instance/prod ns/ä").startsWith("leases/instance_prod_ns__-"));
        assertFalse(BlobLeaseManager.key("a/b").equals(BlobLeaseManager.key("a_b")));
        assertThrows(IllegalArgumentException.class,
                () -> new BlobLeaseManager(Azurite.newStoreBuilder("lease").build(), Duration.ofSeconds(5)));
    }
}

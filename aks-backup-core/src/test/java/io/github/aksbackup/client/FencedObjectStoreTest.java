package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Writes of a fenced thread fail once its fence trips; reads, other threads and unfenced writes pass. */
class FencedObjectStoreTest {
    final InMemoryObjectStore inner = new InMemoryObjectStore(Clock.systemUTC());
    final FencedObjectStore store = new FencedObjectStore(inner);
    final AtomicBoolean lost = new AtomicBoolean();

    AksBackupException stop() {
        return lost.get() ? new AksBackupException(ErrorCode.LEASE_LOST, "lost") : null;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTrippedFenceStopsThatThreadsWritesOnly() {
        FencedObjectStore.fenced(this::stop, () -> {
            assertTrue(store.putIfAbsent("manifests/a.json", bytes("a")));
            lost.set(true);
            AksBackupException e = assertThrows(AksBackupException.class, () -> store.putIfAbsent("manifests/b.json", bytes("b")));
            assertEquals("LeaseLost", e.code());
            assertThrows(AksBackupException.class, () -> store.delete("manifests/a.json"));
            assertEquals("a", new String(store.getBytes("manifests/a.json"), StandardCharsets.UTF_8), "reads pass");
            assertTrue(CompletableFuture.supplyAsync(() -> store.putIfAbsent("packs/p", bytes("p"))).join(),
                    "another thread is not fenced");
            return null;
        });
        assertFalse(inner.exists("manifests/b.json"), "nothing written");
        assertTrue(store.putIfAbsent("catalog/jobs/x", bytes("x")), "outside the fenced work the thread writes again");
    }
}

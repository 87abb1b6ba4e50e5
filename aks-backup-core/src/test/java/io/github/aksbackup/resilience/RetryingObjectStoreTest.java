package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.testkit.FaultInjectingObjectStore;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RetryingObjectStoreTest {
    final InMemoryObjectStore inner = new InMemoryObjectStore();

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    ObjectStore retrying(FaultPlan plan, int attempts) {
        return new RetryingObjectStore(new FaultInjectingObjectStore(inner, plan), RetryOptions.immediate(attempts));
    }

    @Test
    void aPutWhoseAnswerWasLostCountsAsWrittenWhenTheStoredBytesAreOurs() {
        ObjectStore s = retrying(FaultPlan.atCall(1, FaultPlan.Kind.TIMEOUT), 3);
        assertTrue(s.putIfAbsent("manifests/p/rp-1.json", bytes("mine")));
        assertArrayEquals(bytes("mine"), inner.getBytes("manifests/p/rp-1.json"));
    }

    /**
     * The put's answer is lost, and so is the first answer of the read that recognizes the stored
     * bytes as ours: that read is retried on its own, so two tries of the put are enough.
     */
    @Test
    void aFailedCheckOfALostPutIsRetriedWithoutUsingUpThePutsTries() {
        ObjectStore checkFails = new FaultInjectingObjectStore(inner, FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION).only("get"::equals));
        ObjectStore putLost = new FaultInjectingObjectStore(checkFails, FaultPlan.atCall(1, FaultPlan.Kind.TIMEOUT).only("put"::equals));
        assertTrue(new RetryingObjectStore(putLost, RetryOptions.immediate(2)).putIfAbsent("k", bytes("mine")));

        ObjectStore statFails = new FaultInjectingObjectStore(inner, FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION).only("stat"::equals));
        ObjectStore streamLost = new FaultInjectingObjectStore(statFails, FaultPlan.atCall(1, FaultPlan.Kind.TIMEOUT).only("put"::equals));
        byte[] data = bytes("streamed");
        assertTrue(new RetryingObjectStore(streamLost, RetryOptions.immediate(2))
                .putIfAbsent("s", new java.io.ByteArrayInputStream(data), data.length));
        assertArrayEquals(data, inner.getBytes("s"));
    }

    @Test
    void aRepeatedPutMeetingSomeoneElsesObjectReportsItExisted() {
        inner.putIfAbsent("k", bytes("theirs"));
        ObjectStore s = retrying(FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION), 3);
        assertFalse(s.putIfAbsent("k", bytes("mine")));
        assertArrayEquals(bytes("theirs"), inner.getBytes("k"));
    }

    @Test
    void aTruncatedUploadLeavesNoObjectAndTheRetryWritesItWhole() {
        FaultPlan plan = FaultPlan.atCall(1, FaultPlan.Kind.TRUNCATED_WRITE);
        ObjectStore faulty = new FaultInjectingObjectStore(inner, plan);
        assertThrows(AksBackupException.class, () -> faulty.putIfAbsent("k", bytes("0123456789")));
        assertFalse(inner.exists("k"));
        assertTrue(retrying(FaultPlan.atCall(1, FaultPlan.Kind.TRUNCATED_WRITE), 2).putIfAbsent("k", bytes("0123456789")));
        assertArrayEquals(bytes("0123456789"), inner.getBytes("k"));
    }

    @Test
    void aListingThatFailsPartWayResumesAfterTheLastKeyWithoutLossOrRepeat() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String k = String.format("packs/%04d", i);
            inner.putIfAbsent(k, bytes("x"));
            expected.add(k);
        }
        FaultPlan plan = FaultPlan.random(0.1, 7, FaultPlan.Kind.EXCEPTION);
        ObjectStore s = retrying(plan, 20);
        List<String> listed = StreamSupport.stream(s.list("packs/").spliterator(), false).map(ObjectInfo::key).toList();
        assertEquals(expected, listed);
        assertTrue(plan.injected() >= 3, "failures injected: " + plan.injected());
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheStoresError() {
        ObjectStore s = retrying(FaultPlan.random(1.0, 1, FaultPlan.Kind.EXCEPTION), 4);
        AksBackupException e = assertThrows(AksBackupException.class, () -> s.getBytes("k"));
        assertEquals("StoreUnavailable", e.code());
    }

    @Test
    void permanentErrorsAreNotRepeated() {
        FaultPlan counting = FaultPlan.none();
        ObjectStore s = retrying(counting, 5);
        assertThrows(NotFoundException.class, () -> s.getBytes("missing"));
        assertEquals(1, counting.calls());
    }

    @Test
    void aRepeatedDeleteThatFindsNothingReportsTheDeletion() {
        inner.putIfAbsent("k", bytes("x"));
        assertTrue(retrying(FaultPlan.atCall(1, FaultPlan.Kind.TIMEOUT), 3).delete("k"));
        assertFalse(inner.exists("k"));
    }

    @Test
    void aCallMakesAsManyAttemptsAsConfiguredAndNoMore() {
        for (int attempts : new int[] {1, 3, 8}) {
            FaultPlan failing = FaultPlan.random(1.0, 1, FaultPlan.Kind.EXCEPTION);
            assertThrows(AksBackupException.class, () -> retrying(failing, attempts).stat("k"));
            assertEquals(attempts, failing.calls(), "attempts with maxAttempts " + attempts);
        }
    }

    @Test
    void aThrottledCallWaitsWhatTheServerAsksInsteadOfTheBackoff() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Duration> waits = new ArrayList<>();
        FaultPlan throttled = FaultPlan.atCall(1, FaultPlan.Kind.THROTTLED).withRetryAfter(Duration.ofSeconds(7));
        inner.putIfAbsent("k", bytes("x"));
        ObjectStore s = new RetryingObjectStore(new FaultInjectingObjectStore(inner, throttled),
                new RetryOptions(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(1)), clock,
                d -> {
                    clock.advance(d);
                    waits.add(d);
                });
        assertArrayEquals(bytes("x"), s.getBytes("k"));
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        assertEquals(2, throttled.calls());
    }

    /** Every try is throttled for 2 s; within 5 s there is room for tries at 0 s, 2 s and 4 s, not for a fourth. */
    @Test
    void noTryStartsNorWaitsPastTheTimeLimit() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        FaultPlan throttled = FaultPlan.random(1.0, 1, FaultPlan.Kind.THROTTLED).withRetryAfter(Duration.ofSeconds(2));
        ObjectStore s = new RetryingObjectStore(new FaultInjectingObjectStore(inner, throttled),
                new RetryOptions(10, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)), clock, clock::advance);
        AksBackupException e = assertThrows(AksBackupException.class, () -> s.stat("k"));
        assertEquals(ErrorCode.THROTTLED, e.errorCode());
        assertEquals(3, throttled.calls());
        assertEquals(Instant.parse("2026-01-01T00:00:04Z"), clock.instant());
    }

    @Test
    void aWaitInterruptedEndsTheCallAsCancelled() {
        ObjectStore s = new RetryingObjectStore(new FaultInjectingObjectStore(inner, FaultPlan.random(1.0, 1,
                FaultPlan.Kind.EXCEPTION)), new RetryOptions(3, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMinutes(1)), Clock.systemUTC(), d -> {
                    throw new InterruptedException();
                });
        AksBackupException e = assertThrows(AksBackupException.class, () -> s.stat("k"));
        assertEquals(ErrorCode.CANCELLED, e.errorCode());
        assertEquals(ErrorCode.STORE_UNAVAILABLE, ((AksBackupException) e.getCause()).errorCode());
        assertTrue(Thread.interrupted(), "the interrupt is kept");
    }

    @Test
    void theCapabilityOfTheWrappedStoreIsForwarded() {
        ObjectStore offering = new OfferingStore();
        ObjectStore wrapped = new RetryingObjectStore(new io.github.aksbackup.internal.PrefixedObjectStore(
                new FaultInjectingObjectStore(offering, FaultPlan.none()), "tier/"), RetryOptions.immediate(2));
        assertEquals(java.util.Optional.of("blob tier/k"), wrapped.capability(String.class, "k"));
        assertEquals(java.util.Optional.empty(), wrapped.capability(Integer.class, "k"));
    }

    @Test
    void wrapDoesNotWrapTwice() {
        ObjectStore once = RetryingObjectStore.wrap(inner);
        assertTrue(once instanceof RetryingObjectStore);
        assertEquals(once, RetryingObjectStore.wrap(once));
    }

    /** A store whose objects have a capability of type String: a description naming the key. */
    private static final class OfferingStore implements ObjectStore {
        private final InMemoryObjectStore store = new InMemoryObjectStore();

        @Override
        public boolean putIfAbsent(String key, java.io.InputStream data, long length) {
            return store.putIfAbsent(key, data, length);
        }

        @Override
        public java.io.InputStream get(String key) {
            return store.get(key);
        }

        @Override
        public Iterable<ObjectInfo> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public java.util.Optional<ObjectInfo> stat(String key) {
            return store.stat(key);
        }

        @Override
        public boolean delete(String key) {
            return store.delete(key);
        }

        @Override
        public String describe() {
            return "offering store";
        }

        @Override
        public <T> java.util.Optional<T> capability(Class<T> type, String key) {
            return type == String.class ? java.util.Optional.of(type.cast("blob " + key)) : java.util.Optional.empty();
        }
    }
}

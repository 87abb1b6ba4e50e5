package io.github.aksbackup.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    static Map<String, FaultPlan.Kind> decisions(FaultPlan plan, List<String> calls) {
        Map<String, FaultPlan.Kind> out = new TreeMap<>();
        for (String c : calls) {
            FaultPlan.Kind k = plan.decide("get", c);
            out.put(c, k);
        }
        return out;
    }

    @Test
    void randomPlansDependOnTheSeedAndTheCallNotOnTheOrderOfCalls() {
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            calls.add("key-" + i);
        }
        Map<String, FaultPlan.Kind> inOrder = decisions(FaultPlan.random(0.3, 42), calls);
        List<String> shuffled = new ArrayList<>(calls);
        Collections.shuffle(shuffled, new java.util.Random(1));
        assertEquals(inOrder, decisions(FaultPlan.random(0.3, 42), shuffled));
        assertNotEquals(inOrder, decisions(FaultPlan.random(0.3, 43), calls));
        long failed = inOrder.values().stream().filter(k -> k != null).count();
        assertTrue(failed > 500 && failed < 700, "about 30 % of 2000 fail, got " + failed);
        for (FaultPlan.Kind kind : List.of(FaultPlan.Kind.EXCEPTION, FaultPlan.Kind.TIMEOUT, FaultPlan.Kind.TRUNCATED_WRITE)) {
            assertTrue(inOrder.containsValue(kind), "kind " + kind + " is drawn");
        }
        assertFalse(inOrder.containsValue(FaultPlan.Kind.THROTTLED), "throttling is injected only when asked for");
    }

    @Test
    void aThrottledCallCarriesThePlansRetryAfterAndOtherFaultsTheStoresCode() {
        InMemoryObjectStore inner = new InMemoryObjectStore();
        FaultPlan throttling = FaultPlan.atCall(1, FaultPlan.Kind.THROTTLED).withRetryAfter(java.time.Duration.ofSeconds(7));
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> new FaultInjectingObjectStore(inner, throttling).stat("k"));
        assertEquals(ErrorCode.THROTTLED, e.errorCode());
        assertTrue(e.isTransient());
        assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(7)), e.retryAfter());

        AksBackupException refused = assertThrows(AksBackupException.class,
                () -> new FaultInjectingObjectStore(inner, FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION)).stat("k"));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, refused.errorCode());
        assertTrue(refused.retryAfter().isEmpty());
    }

    /** Marker names hold a random UUID; a seed must still decide their calls alike in every run. */
    @Test
    void aUuidInTheTargetDoesNotChangeTheDecision() {
        for (long seed = 0; seed < 50; seed++) {
            FaultPlan a = FaultPlan.random(0.5, seed);
            FaultPlan b = FaultPlan.random(0.5, seed);
            for (int i = 0; i < 4; i++) {
                assertEquals(a.decide("put", "sessions/rp-1-" + java.util.UUID.randomUUID() + ".json"),
                        b.decide("put", "sessions/rp-1-" + java.util.UUID.randomUUID() + ".json"), "seed " + seed);
            }
        }
    }

    @Test
    void aRepeatedCallIsDecidedAfresh() {
        FaultPlan plan = FaultPlan.random(0.5, 9);
        int failures = 0;
        for (int i = 0; i < 100; i++) {
            failures += plan.decide("put", "same-key") == null ? 0 : 1;
        }
        assertTrue(failures > 25 && failures < 75, "failures: " + failures);
    }

    @Test
    void aCrashStopsEveryLaterCallWhateverTheFilter() {
        FaultPlan plan = FaultPlan.crashAtCall(3).only(FaultPlan.WRITES);
        assertNull(plan.decide("put", "a"));
        assertNull(plan.decide("get", "a"));
        assertNull(plan.decide("delete", "a"));
        SimulatedCrash crash = assertThrows(SimulatedCrash.class, () -> plan.decide("create", "v1/ConfigMap x"));
        assertTrue(crash.getMessage().contains("call 3: create v1/ConfigMap x"), crash.getMessage());
        assertThrows(SimulatedCrash.class, () -> plan.decide("get", "b"));
        assertEquals(List.of("put a", "delete a", "create v1/ConfigMap x"), plan.history());
    }

    @Test
    void theNthCallFailsOnce() {
        FaultPlan plan = FaultPlan.atCall(2, FaultPlan.Kind.TIMEOUT);
        assertNull(plan.decide("get", "a"));
        assertEquals(FaultPlan.Kind.TIMEOUT, plan.decide("get", "a"));
        assertNull(plan.decide("get", "a"));
        assertEquals(1, plan.injected());
    }
}

package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.FaultInjectingClusterClient;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryingClusterClientTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final ResourceType configMaps = cluster.type("v1", "ConfigMap");

    ClusterClient retrying(FaultPlan plan) {
        return new RetryingClusterClient(new FaultInjectingClusterClient(cluster, plan), RetryOptions.immediate(5), clock);
    }

    @Test
    void aCreateWhoseAnswerWasLostReturnsTheObjectItMade() {
        clock.advance(Duration.ofMinutes(1));
        KubeObject created = retrying(FaultPlan.atCall(1, FaultPlan.Kind.TIMEOUT))
                .create(configMaps, new KubeObject(Fixtures.configMap("default", "a", Map.of())));
        assertEquals("a", created.name());
        assertEquals(1, cluster.objects("v1", "ConfigMap").size());
    }

    /** The create's answer is lost and so is the first answer of the read that finds its object: two tries suffice. */
    @Test
    void aFailedCheckOfALostCreateIsRetriedWithoutUsingUpTheCreatesTries() {
        clock.advance(Duration.ofMinutes(1));
        ClusterClient checkFails = new FaultInjectingClusterClient(cluster, FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION).only("get"::equals));
        ClusterClient createLost = new FaultInjectingClusterClient(checkFails,
                FaultPlan.atCall(1, FaultPlan.Kind.TIMEOUT).only("create"::equals));
        KubeObject created = new RetryingClusterClient(createLost, RetryOptions.immediate(2), clock)
                .create(configMaps, new KubeObject(Fixtures.configMap("default", "a", Map.of())));
        assertEquals("a", created.name());
        assertEquals(1, cluster.objects("v1", "ConfigMap").size());
    }

    @Test
    void anIdenticalObjectThatExistedBeforeTheCreateStillConflicts() {
        cluster.add(Fixtures.configMap("default", "a", Map.of()));
        clock.advance(Duration.ofMinutes(1));
        ClusterClient c = retrying(FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION));
        assertThrows(ConflictException.class, () -> c.create(configMaps, new KubeObject(Fixtures.configMap("default", "a", Map.of()))));
    }

    @Test
    void anObjectWithOtherContentCreatedMeanwhileConflicts() {
        clock.advance(Duration.ofMinutes(1));
        cluster.add(Fixtures.obj("v1", "ConfigMap", "default", "a", Map.of(), Map.of("data", Map.of("key", "other"))));
        ClusterClient c = retrying(FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION));
        assertThrows(ConflictException.class, () -> c.create(configMaps, new KubeObject(Fixtures.configMap("default", "a", Map.of()))));
    }

    @Test
    void pagesAreRepeatedNotSkippedAfterFailures() {
        for (int i = 0; i < 50; i++) {
            cluster.add(Fixtures.configMap("default", String.format("cm-%02d", i), Map.of()));
        }
        FaultPlan plan = FaultPlan.random(0.4, 3, FaultPlan.Kind.EXCEPTION, FaultPlan.Kind.TIMEOUT);
        List<String> names = new ArrayList<>();
        for (Page p : retrying(plan).list(configMaps, new ListOptions("default", null, 4))) {
            assertFalse(p.restarted());
            p.items().forEach(o -> names.add(o.name()));
        }
        assertEquals(50, names.size());
        assertEquals(names.stream().sorted().distinct().toList(), names);
        assertTrue(plan.injected() >= 3, "failures injected: " + plan.injected());
    }

    /** What waiting cannot fix fails the call at once, however many tries are allowed. */
    @Test
    void refusalsWaitingCannotFixAreNotRetried() {
        for (ErrorCode code : List.of(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE, ErrorCode.ADMISSION_WEBHOOK_DENIED,
                ErrorCode.QUOTA_EXCEEDED, ErrorCode.INVALID, ErrorCode.FORBIDDEN, ErrorCode.UNAUTHORIZED)) {
            cluster.clearFailures();
            cluster.failOn("create", "configmaps", null, null, new AksBackupException(code, "refused"));
            FaultPlan counting = FaultPlan.none();
            AksBackupException e = assertThrows(AksBackupException.class, () -> new RetryingClusterClient(
                    new FaultInjectingClusterClient(cluster, counting), RetryOptions.immediate(8), clock)
                    .create(configMaps, new KubeObject(Fixtures.configMap("default", "a", Map.of()))));
            assertEquals(code, e.errorCode());
            assertEquals(1, counting.calls(), code + " was tried once");
        }
    }

    @Test
    void transientFailuresAreRetriedUpToTheConfiguredAttempts() {
        for (ErrorCode code : List.of(ErrorCode.CLUSTER_UNAVAILABLE, ErrorCode.THROTTLED, ErrorCode.NETWORK_FAILURE,
                ErrorCode.TYPE_NOT_SERVED)) {
            cluster.clearFailures();
            cluster.failOn("get", "configmaps", null, null, new AksBackupException(code, "try again"));
            FaultPlan counting = FaultPlan.none();
            assertThrows(AksBackupException.class, () -> new RetryingClusterClient(
                    new FaultInjectingClusterClient(cluster, counting), RetryOptions.immediate(4), clock)
                    .get(configMaps, "default", "a"));
            assertEquals(4, counting.calls(), code + " was tried four times");
        }
    }

    @Test
    void commandsAreNeverRepeated() {
        FaultPlan plan = FaultPlan.atCall(1, FaultPlan.Kind.EXCEPTION);
        AksBackupException e = assertThrows(AksBackupException.class, () -> retrying(plan)
                .exec(new ExecRequest("default", "p", "c", List.of("/bin/true"), Duration.ofSeconds(1))));
        assertEquals("ClusterUnavailable", e.code());
        assertEquals(1, plan.calls());
    }

    @Test
    void containmentAllowsServerAddedFieldsButNoChangedOnes() {
        Map<String, Object> sent = Map.of("spec", Map.of("replicas", 2L, "ports", List.of(Map.of("port", 80))));
        assertTrue(RetryingClusterClient.contains(Map.of("spec", Map.of("replicas", 2, "ports", List.of(Map.of("port", 80L,
                "protocol", "TCP"))), "status", Map.of()), sent));
        assertFalse(RetryingClusterClient.contains(Map.of("spec", Map.of("replicas", 3, "ports", List.of(Map.of("port", 80)))), sent));
        assertFalse(RetryingClusterClient.contains(Map.of("spec", Map.of("replicas", 2, "ports", List.of())), sent));
    }
}

package io.github.aksbackup.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestkitExtension.class)
@TestkitExtension.StartAt("2026-02-01T00:00:00Z")
class TestkitExtensionTest {
    private ManualClock clockOfBeforeEach;
    private static InMemoryCluster clusterOfAnotherTest;

    @BeforeEach
    void remember(ManualClock clock) {
        clockOfBeforeEach = clock;
    }

    @Test
    void handsEachTestOneWorldOnOneClock(ManualClock clock, InMemoryCluster cluster, FakeVolumeSnapshotter disks,
            InMemoryObjectStore vault) {
        assertSame(clockOfBeforeEach, clock);
        assertEquals(Instant.parse("2026-02-01T00:00:00Z"), clock.instant());
        SampleWorkload.install(cluster, disks);
        clock.advance(Duration.ofHours(1));
        KubeObject ns = cluster.create(cluster.type("v1", "Namespace"), new KubeObject(Fixtures.namespace("later")));
        assertEquals(clock.instant().toString(), ns.metadata().get("creationTimestamp"), "the cluster runs on the test's clock");
        int objects = 0;
        for (Page p : cluster.list(cluster.type("v1", "Namespace"), ListOptions.all())) {
            objects += p.items().size();
        }
        assertTrue(objects > InMemoryCluster.INITIAL_NAMESPACES.size(), "the workload's namespaces are in the cluster");
        assertTrue(vault.putIfAbsent("a/b", new byte[] {1}));
        rememberOrCompare(cluster);
    }

    @Test
    @TestkitExtension.StartAt("2030-06-01T12:00:00Z")
    void aMethodsStartWinsOverItsClasssAndTestsDoNotShareObjects(ManualClock clock, InMemoryCluster cluster,
            InMemoryObjectStore vault) {
        assertEquals(Instant.parse("2030-06-01T12:00:00Z"), clock.instant());
        assertTrue(!vault.exists("a/b"), "each test gets a fresh vault");
        rememberOrCompare(cluster);
    }

    private static synchronized void rememberOrCompare(InMemoryCluster cluster) {
        if (clusterOfAnotherTest != null) {
            assertNotSame(clusterOfAnotherTest, cluster);
        }
        clusterOfAnotherTest = cluster;
    }
}

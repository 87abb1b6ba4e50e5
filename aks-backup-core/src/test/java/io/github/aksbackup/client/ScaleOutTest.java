package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryLeaseManager;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two clients (engines) sharing one vault on one manual clock: each scheduled slot runs exactly once. */
class ScaleOutTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);
    final InMemoryLeaseManager leases = new InMemoryLeaseManager(clock, Duration.ofMinutes(1));

    ScaleOutTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    AksBackupClient engine(String holder) {
        return engine(holder, cluster);
    }

    AksBackupClient engine(String holder, ClusterClient clusterClient) {
        return AksBackupClientTest.created(AksBackupClient.builder().vault(vault).cluster(clusterClient).volumeSnapshotter(volumes)
                .clock(clock).leaseManager(leases.forHolder(holder)).buildClient());
    }

    static List<Instant> scheduledTimes(AksBackupClient c) {
        return c.listRecoveryPoints("prod").stream().filter(rp -> rp.type() == RecoveryPointType.Scheduled)
                .map(RecoveryPoint::time).sorted().toList();
    }

    @Test
    void anEngineLeavesAnInstanceAloneWhileAnotherHoldsItsLease() {
        try (AksBackupClient a = engine("a"); AksBackupClient b = engine("b")) {
            a.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(),
                    null, null), AksBackupClientTest.policy());
            a.runDue();
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            try (LeaseManager.Lease heldByA = leases.forHolder("a").tryAcquire("instance/prod").orElseThrow()) {
                RunReport skipped = b.runDue();
                assertEquals("leased by another engine", skipped.events(EngineEvent.Kind.SKIPPED_BUSY).get(0).detail());
                assertTrue(scheduledTimes(b).isEmpty());
                assertThrows(ConflictException.class, () -> b.backupNow("prod"));
            }
            assertEquals(1, b.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).size(), "free again: b runs the slot");
            assertTrue(a.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty(), "a sees the slot done");
            assertEquals(List.of(Instant.parse("2026-05-04T10:00:00Z")), scheduledTimes(a));
            assertFalse(leases.holder("instance/prod").isPresent(), "leases are released after the pass");
        }
    }

    /**
     * Makes the engines' passes overlap for certain: a backup's first call to the cluster waits until
     * one of the two passes of the slot has finished. With leases the other engine skips the
     * instance and finishes at once; without them both would wait here and both would back up.
     */
    static final class GatedCluster implements ClusterClient {
        final ClusterClient delegate;
        volatile CountDownLatch passFinished = new CountDownLatch(0);

        GatedCluster(ClusterClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<ResourceType> discover() {
            try {
                passFinished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.discover();
        }

        @Override
        public Iterable<Page> list(ResourceType type, ListOptions options) {
            return delegate.list(type, options);
        }

        @Override
        public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
            return delegate.get(type, namespace, name);
        }

        @Override
        public KubeObject create(ResourceType type, KubeObject object) {
            return delegate.create(type, object);
        }

        @Override
        public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
            return delegate.mergePatch(type, namespace, name, patch);
        }

        @Override
        public boolean delete(ResourceType type, String namespace, String name) {
            return delegate.delete(type, namespace, name);
        }

        @Override
        public ExecResult exec(ExecRequest request) {
            return delegate.exec(request);
        }

        @Override
        public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
            return delegate.waitForPodReady(namespace, pod, container, timeout);
        }

        @Override
        public java.util.Optional<io.github.aksbackup.spi.PatchMetadata> patchMetadata(String apiVersion, String kind) {
            return delegate.patchMetadata(apiVersion, kind);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }

    @Test
    void twoEnginesPassingAtTheSameTimeRunEverySlotExactlyOnce() throws Exception {
        GatedCluster gated = new GatedCluster(cluster);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (AksBackupClient a = engine("a", gated); AksBackupClient b = engine("b", gated)) {
            a.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(),
                    null, null), AksBackupClientTest.policy());
            a.runDue();
            int slots = 6;
            for (int i = 0; i < slots; i++) {
                clock.set(Instant.parse("2026-05-04T10:00:00Z").plus(Duration.ofHours(4L * i)));
                CountDownLatch finished = new CountDownLatch(1);
                gated.passFinished = finished;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RunReport>> passes = new ArrayList<>();
                for (AksBackupClient engine : List.of(a, b)) {
                    passes.add(pool.submit(() -> {
                        go.await();
                        try {
                            return engine.runDue();
                        } finally {
                            finished.countDown();
                        }
                    }));
                }
                go.countDown();
                for (Future<RunReport> f : passes) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }
            List<Instant> times = scheduledTimes(a);
            assertEquals(slots, times.size(), times.toString());
            long backupJobs = a.listJobs().stream().filter(j -> j.operation() == Operation.Backup).count();
            assertEquals(slots, backupJobs, "one backup job per slot, never one per engine");
        } finally {
            pool.shutdownNow();
        }
    }
}

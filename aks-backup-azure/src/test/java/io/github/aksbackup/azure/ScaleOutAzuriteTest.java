package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Two engines (clients) in one process sharing one vault container on Azurite, each with its own
 * {@link BlobLeaseManager}, on one manual clock: every scheduled slot is backed up once.
 */
@Tag("azurite")
class ScaleOutAzuriteTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);

    static BackupPolicy policy() throws IOException {
        try (InputStream in = ScaleOutAzuriteTest.class.getResourceAsStream("/client/aks-daily-to-vault.json")) {
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    AksBackupClient engine(AzureBlobObjectStore vault, LeaseManager leases) {
        AksBackupClient client = AksBackupClient.builder().vault(vault).cluster(cluster).volumeSnapshotter(volumes).clock(clock)
                .leaseManager(leases).buildClient();
        client.createVault();
        return client;
    }

    @Test
    void twoEnginesOnOneAzureVaultBackUpEachSlotOnce() throws Exception {
        Fixtures.seedApp(cluster, volumes);
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("scaleout").build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (BlobLeaseManager leasesA = new BlobLeaseManager(vault, Duration.ofSeconds(60));
                BlobLeaseManager leasesB = new BlobLeaseManager(vault, Duration.ofSeconds(60));
                BlobLeaseManager outsider = new BlobLeaseManager(vault, Duration.ofSeconds(60));
                AksBackupClient a = engine(vault, leasesA); AksBackupClient b = engine(vault, leasesB)) {
            a.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(),
                    null, null), policy());
            a.runDue();

            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            try (LeaseManager.Lease held = outsider.tryAcquire("instance/prod").orElseThrow()) {
                RunReport skipped = b.runDue();
                assertEquals("leased by another engine", skipped.events(EngineEvent.Kind.SKIPPED_BUSY).get(0).detail());
            }

            int slots = 4;
            for (int i = 0; i < slots; i++) {
                clock.set(Instant.parse("2026-05-04T10:00:00Z").plus(Duration.ofHours(4L * i)));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RunReport>> passes = new ArrayList<>();
                for (AksBackupClient engine : List.of(a, b)) {
                    passes.add(pool.submit(() -> {
                        go.await();
                        return engine.runDue();
                    }));
                }
                go.countDown();
                for (Future<RunReport> f : passes) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }
            List<Instant> times = a.listRecoveryPoints("prod").stream().map(RecoveryPoint::time).sorted().toList();
            assertEquals(slots, times.size(), times.toString());
            assertEquals(slots, times.stream().distinct().count());
            assertEquals(slots, a.listJobs().stream().filter(j -> j.operation() == Operation.Backup).count(),
                    "one backup job per slot");
            assertTrue(vault.exists(BlobLeaseManager.key("instance/prod")), "the lease lives in the vault container");
        } finally {
            pool.shutdownNow();
        }
    }
}

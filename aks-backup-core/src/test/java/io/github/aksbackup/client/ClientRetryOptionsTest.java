package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.FaultInjectingClusterClient;
import io.github.aksbackup.testkit.FaultInjectingObjectStore;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's retry options are the only retries there are: against the testkit's fault-injecting
 * cluster and store, a call that keeps failing is made exactly as often as configured, and a refusal
 * waiting cannot fix is made once.
 */
class ClientRetryOptionsTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);
    final BackupInstance instance = new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null);

    ClientRetryOptionsTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    @Test
    void aClusterCallThatKeepsFailingIsMadeAsOftenAsConfigured() {
        for (int attempts : new int[] {1, 3, 5}) {
            FaultPlan discoveryDown = FaultPlan.random(1.0, 1, FaultPlan.Kind.EXCEPTION).only("discover"::equals);
            try (AksBackupClient c = AksBackupClient.builder().vault(new InMemoryObjectStore(clock))
                    .cluster(new FaultInjectingClusterClient(cluster, discoveryDown)).clock(clock)
                    .retryOptions(RetryOptions.immediate(attempts)).buildClient()) {
                c.createVault();
                c.configureProtection(instance, AksBackupClientTest.policy());
                Job job = c.backupNow("prod");
                assertEquals(JobStatus.Failed, job.status());
                assertEquals("ClusterUnavailable", job.errors().get(0).code());
                assertEquals(attempts, discoveryDown.calls(), "discovery tried with maxAttempts " + attempts);
            }
        }
    }

    @Test
    void aStoreCallThatKeepsFailingIsMadeAsOftenAsConfigured() {
        FaultPlan storeDown = FaultPlan.random(1.0, 1, FaultPlan.Kind.THROTTLED).withRetryAfter(java.time.Duration.ZERO);
        AksBackupClient c = AksBackupClient.builder().vault(new FaultInjectingObjectStore(vault, storeDown)).clock(clock)
                .retryOptions(RetryOptions.immediate(4)).buildClient();
        AksBackupException e = assertThrows(AksBackupException.class, c::createVault);
        assertEquals(ErrorCode.THROTTLED, e.errorCode());
        assertEquals(4, storeDown.calls());
    }

    /** A webhook that cannot be called fails its object at once; the rest of the restore goes on. */
    @Test
    void anObjectAWebhookRefusesFailsAfterOneTryAndTheOthersRestore() {
        String rp;
        try (AksBackupClient c = AksBackupClient.builder().vault(vault).cluster(cluster).volumeSnapshotter(volumes)
                .clock(clock).buildClient()) {
            c.createVault();
            c.configureProtection(instance, AksBackupClientTest.policy());
            rp = c.backupNow("prod").recoveryPointId();
        }
        InMemoryCluster target = new InMemoryCluster(clock);
        target.failOn("create", "configmaps", null, null, new AksBackupException(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE,
                "failed calling webhook \"guard.example.com\"", "Repair the webhook \"guard.example.com\".", null));
        FaultPlan counting = FaultPlan.none().only("create"::equals);
        try (AksBackupClient c = AksBackupClient.builder().vault(vault).cluster(new FaultInjectingClusterClient(target, counting))
                .volumeSnapshotter(volumes).clock(clock).retryOptions(RetryOptions.immediate(8)).buildClient()) {
            RestoreResult r = c.restore(RestoreConfig.builder().recoveryPointId(rp).build());
            List<String> refused = r.items().stream().filter(i -> i.action() == ItemAction.Failed).map(i -> i.name()).toList();
            long configMaps = r.items().stream().filter(i -> i.resource().endsWith("ConfigMap")).count();
            assertEquals(configMaps, refused.size(), () -> "failed: " + refused);
            assertTrue(configMaps > 0);
            long creates = counting.history().stream().filter(h -> h.contains("ConfigMap")).count();
            assertEquals(configMaps, creates, "each refused ConfigMap was sent once");
            assertTrue(r.items().stream().anyMatch(i -> i.action() == ItemAction.Created), "the rest restores");
            assertTrue(r.job().errors().stream().allMatch(e -> e.code().equals("AdmissionWebhookUnavailable")
                    && e.recommendedAction().contains("guard.example.com")), () -> "errors: " + r.job().errors());
        }
    }
}

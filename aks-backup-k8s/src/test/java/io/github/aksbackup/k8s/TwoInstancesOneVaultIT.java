package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backup instances of one cluster in one vault, through {@link AksBackupClient} with the
 * production cluster adapter on the real API server (scripts/kube-test-env.sh) and a directory vault:
 * both back up at the same slot, their recovery points get distinct ids, and restoring each id reads
 * that instance's objects only.
 *
 * <p>Issue 13 asks for two instances "under one policy", while Azure (and issue 12, enforced by
 * {@code configureProtection} with the cluster's identity) requires two instances of one cluster in
 * one vault to use different policies. Both hold here with two policies of the <em>same schedule</em>:
 * the instances fire on the same slots, which is what could make their ids collide; the test also
 * shows that one policy for both is refused.
 */
class TwoInstancesOneVaultIT {
    @TempDir
    Path vault;

    private static BackupPolicy policyNamed(String name) {
        Map<String, Object> doc = TestCluster.resource("e2e-policy.json");
        doc.put("name", name);
        return PolicyJson.read(JsonTrees.write(doc));
    }

    private static BackupInstance instance(String name, String namespace) {
        return new BackupInstance(name, "test-cluster", "", BackupConfiguration.builder().includedNamespaces(namespace)
                .includeClusterScopeResources(false).snapshotVolumes(false).build(), null, null);
    }

    @Test
    void bothInstancesBackUpAtOneSlotUnderDistinctIdsAndEachRestoreReadsItsOwnInstance() {
        ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
        String teamA = TestCluster.unique("team-a");
        String teamB = TestCluster.unique("team-b");
        try (KubernetesClusterClient cluster = TestCluster.client();
                AksBackupClient sdk = AksBackupClient.builder().vault(new DirectoryObjectStore(vault)).cluster(cluster).clock(clock)
                        .buildClient()) {
            sdk.createVault();
            for (String ns : List.of(teamA, teamB)) {
                cluster.create(TestCluster.NAMESPACES, TestCluster.object("v1", "Namespace", null, ns, Map.of()));
                cluster.create(TestCluster.CONFIG_MAPS, TestCluster.configMap(ns, "settings-of-" + ns, Map.of(), Map.of("owner", ns)));
            }
            ClusterIdentity identity = ClusterIdentity.of(cluster);
            BackupPolicy nightlyA = policyNamed("nightly-team-a");
            BackupPolicy nightlyB = policyNamed("nightly-team-b");
            assertEquals(nightlyA.backupRules(), nightlyB.backupRules(), "the same schedule: both fire at the same slots");
            sdk.configureProtection(instance("team-a", teamA), nightlyA, identity);
            InvalidInputException samePolicy = assertThrows(InvalidInputException.class,
                    () -> sdk.configureProtection(instance("team-b", teamB), nightlyA, identity));
            assertEquals("policyName", samePolicy.problems().get(0).path(), samePolicy.getMessage());
            sdk.configureProtection(instance("team-b", teamB), nightlyB, identity);

            clock.advance(Duration.ofDays(1));
            sdk.runDue();

            RecoveryPoint a = only(sdk.listRecoveryPoints("team-a"));
            RecoveryPoint b = only(sdk.listRecoveryPoints("team-b"));
            assertEquals(RecoveryPointType.Scheduled, a.type());
            assertEquals(a.time(), b.time(), "one slot");
            assertEquals("20260505T030000Z-team-a-scheduled", a.id());
            assertEquals("20260505T030000Z-team-b-scheduled", b.id());
            assertNotEquals(a.id(), b.id());

            for (String[] each : List.of(new String[] {a.id(), teamA}, new String[] {b.id(), teamB})) {
                String source = each[1];
                String target = source + "-restored";
                var restored = sdk.restore(RestoreConfig.builder().recoveryPointId(each[0]).mapNamespace(teamA, teamA + "-restored")
                        .mapNamespace(teamB, teamB + "-restored").build());
                assertEquals(0, restored.job().counts().failed(), restored.job().errors().toString());
                assertNotEquals(JobStatus.Failed, restored.job().status(), restored.job().warnings().toString());
                assertTrue(cluster.get(TestCluster.CONFIG_MAPS, target, "settings-of-" + source).isPresent(),
                        "restoring " + each[0] + " brings its own instance's objects");
                String other = source.equals(teamA) ? teamB : teamA;
                assertTrue(restored.job().items().stream().noneMatch(i -> other.equals(i.namespace())
                        || (other + "-restored").equals(i.namespace())), "and none of the other instance's: " + restored.job().items());
            }
        }
    }

    private static RecoveryPoint only(List<RecoveryPoint> points) {
        assertEquals(1, points.size(), points.toString());
        return points.get(0);
    }
}

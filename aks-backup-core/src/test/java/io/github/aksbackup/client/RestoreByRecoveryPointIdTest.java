package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.backup.BackupThreads;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Restores name one recovery point: ids name their instance, ids of older vaults that two instances
 * share are refused until the instance is named, and what the restore says about its source and
 * target clusters must hold.
 */
class RestoreByRecoveryPointIdTest {
    static final String PROD = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/prod";
    static final String BLOG = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/blog";
    /** A scheduled id as vaults wrote it before ids named their instance. */
    static final String OLD_ID = "20260504T090000Z-scheduled";
    static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true,
            Set.of("list", "get", "create", "patch", "delete"));

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);

    RestoreByRecoveryPointIdTest() {
        Fixtures.seedApp(cluster, new FakeVolumeSnapshotter(clock));
    }

    AksBackupClient client() {
        return AksBackupClientTest.created(AksBackupClient.builder().vault(vault).cluster(cluster).clock(clock).buildClient());
    }

    static BackupInstance instance(String name, String clusterRef, String namespace) {
        return new BackupInstance(name, clusterRef, "", BackupConfiguration.builder().includedNamespaces(namespace)
                .includeClusterScopeResources(false).snapshotVolumes(false).build(), null, null);
    }

    /** Protects shop (cluster prod) and blog (cluster blog) and gives both a point of {@link #OLD_ID}, as an older vault holds. */
    void twoInstancesWithTheSameOldId(AksBackupClient c) {
        for (BackupInstance i : List.of(instance("shop", PROD, "shop"), instance("blog", BLOG, "blog"))) {
            BackupInstance saved = c.configureProtection(i, AksBackupClientTest.policy());
            BackupSpec spec = new BackupSpec(saved, OLD_ID, clock.instant(), RecoveryPointType.Scheduled, "Default",
                    List.of(new DataStoreDetail(DataStoreType.OperationalStore, clock.instant(), clock.instant().plus(Duration.ofDays(7)),
                            DataStoreState.Available)));
            new BackupEngine(Repository.open(vault, clock), cluster, null, HookRunner.NONE, clock, BackupOptions.DEFAULTS,
                    BackupThreads.PREFETCH).run(spec, new JobRecorder(Operation.Backup, i.name(), OLD_ID, clock, null));
        }
    }

    /** The namespaces a dry run of restoring {@code config} would write into. */
    static Set<String> namespacesRestored(AksBackupClient c, RestoreConfig config) {
        List<ItemResult> items = c.restore(config, RestoreJobOptions.planOnly()).job().items();
        return items.stream().map(ItemResult::namespace).filter(n -> n != null).collect(Collectors.toSet());
    }

    @Test
    void onDemandIdsNameTheirInstanceSoTwoInstancesNeverShareOne() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("shop", PROD, "shop"), AksBackupClientTest.policy());
            c.configureProtection(instance("blog", PROD, "blog"), AksBackupClientTest.policy());
            String shop = c.backupNow("shop").recoveryPointId();
            String blog = c.backupNow("blog").recoveryPointId();
            assertTrue(shop.matches("20260504T090000Z-shop-[0-9a-f]{6}"), shop);
            assertTrue(blog.matches("20260504T090000Z-blog-[0-9a-f]{6}"), blog);
            assertNotEquals(shop, blog);
            assertEquals(Set.of("shop"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId(shop).build()));
            assertEquals(Set.of("blog"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId(blog).build()));
        }
    }

    @Test
    void anOldIdTwoInstancesHoldIsRefusedNamingBothAndTheInstanceSettlesIt() {
        try (AksBackupClient c = client()) {
            twoInstancesWithTheSameOldId(c);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> c.restore(RestoreConfig.builder().recoveryPointId(OLD_ID).build(), RestoreJobOptions.planOnly()));
            assertEquals("recoveryPointId", e.problems().get(0).path(), e.getMessage());
            assertTrue(e.getMessage().contains("shop/" + OLD_ID) && e.getMessage().contains("blog/" + OLD_ID), e.getMessage());

            assertEquals(Set.of("blog"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId("blog/" + OLD_ID).build()));
            assertEquals(Set.of("shop"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId("/subscriptions/s/resourceGroups"
                    + "/rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/shop/recoveryPoints/" + OLD_ID).build()));
            // The source cluster tells the two apart as well.
            assertEquals(Set.of("blog"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId(OLD_ID)
                    .sourceClusterRef(BLOG.toUpperCase()).build()));
            // A real restore of the named one.
            assertNotEquals(JobStatus.Failed, c.restore(RestoreConfig.builder().recoveryPointId("shop/" + OLD_ID)
                    .mapNamespace("shop", "shop-copy").build()).job().status());
            assertTrue(cluster.get(CONFIG_MAPS, "shop-copy", "settings").isPresent());

            assertThrows(NotFoundException.class, () -> c.restore(RestoreConfig.builder().recoveryPointId("nobody/" + OLD_ID).build()));
            InvalidInputException malformed = assertThrows(InvalidInputException.class,
                    () -> c.restore(RestoreConfig.builder().recoveryPointId("a/b/c").build()));
            assertEquals("recoveryPointId", malformed.problems().get(0).path());
        }
    }

    @Test
    void anOldIdOneInstanceHoldsStillRestores() {
        try (AksBackupClient c = client()) {
            twoInstancesWithTheSameOldId(c);
            c.stopProtection("blog", true);
            assertEquals(Set.of("shop"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId(OLD_ID).build()));
        }
    }

    @Test
    void aSourceClusterOtherThanTheOwningInstancesIsRefusedAndAksIdsCompareIgnoringCase() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("shop", PROD, "shop"), AksBackupClientTest.policy());
            String rp = c.backupNow("shop").recoveryPointId();
            assertEquals(Set.of("shop"), namespacesRestored(c, RestoreConfig.builder().recoveryPointId(rp)
                    .sourceClusterRef(PROD.toLowerCase() + "/").build()));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.restore(RestoreConfig.builder()
                    .recoveryPointId(rp).sourceClusterRef(BLOG).build(), RestoreJobOptions.planOnly()));
            assertEquals("sourceClusterRef", e.problems().get(0).path(), e.getMessage());
            assertTrue(e.getMessage().contains("'" + PROD + "'") && e.getMessage().contains("sourceResourceId"), e.getMessage());
        }
    }

    @Test
    void aTargetClusterTheResolverDoesNotKnowIsRefusedNotReplacedByTheDefault() {
        InMemoryCluster other = new InMemoryCluster(clock);
        Fixtures.seedApp(other, new FakeVolumeSnapshotter(clock));
        try (AksBackupClient c = AksBackupClient.builder().vault(vault).cluster(cluster).clock(clock)
                .clusterResolver(ref -> ref.equals("other") ? other : null).buildClient()) {
            c.createVault();
            c.configureProtection(instance("shop", PROD, "shop"), AksBackupClientTest.policy());
            String rp = c.backupNow("shop").recoveryPointId();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.restore(RestoreConfig.builder()
                    .recoveryPointId(rp).targetClusterRef("nowhere").build()));
            assertEquals("targetClusterRef", e.problems().get(0).path(), e.getMessage());
            assertTrue(e.getMessage().contains("'nowhere'"), e.getMessage());
            assertNotEquals(JobStatus.Failed, c.restore(RestoreConfig.builder().recoveryPointId(rp).targetClusterRef("other")
                    .mapNamespace("shop", "shop-copy").build()).job().status());
            assertTrue(other.get(CONFIG_MAPS, "shop-copy", "settings").isPresent(), "restored into the cluster named");
            assertTrue(cluster.get(CONFIG_MAPS, "shop-copy", "settings").isEmpty(), "not into the default one");
        }
    }

    @Test
    void anInstanceNamingAnotherPolicyIsRefusedInsteadOfRenamed() {
        try (AksBackupClient c = client()) {
            BackupInstance named = new BackupInstance("shop", PROD, "weekly", instance("shop", PROD, "shop").configuration(), null, null);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> c.configureProtection(named, AksBackupClientTest.policy()));
            assertEquals("policyName", e.problems().get(0).path(), e.getMessage());
            assertTrue(e.getMessage().contains("'weekly'") && e.getMessage().contains("'aks-daily-to-vault'"), e.getMessage());
            assertTrue(c.listInstances().isEmpty(), "nothing was written");
            BackupInstance sameName = new BackupInstance("shop", PROD, "AKS-Daily-To-Vault", named.configuration(), null, null);
            assertEquals("aks-daily-to-vault", c.configureProtection(sameName, AksBackupClientTest.policy()).policyName(),
                    "policy names compare ignoring case, as Azure's resource names do");
        }
    }
}

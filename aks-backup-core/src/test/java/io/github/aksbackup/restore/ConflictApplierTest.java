package io.github.aksbackup.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conflict policies on their own, against an in-memory target that already holds the objects. */
class ConflictApplierTest {
    static final String OLD_UID = "uid-in-the-source";

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster target = new InMemoryCluster(clock);
    final ResourceType configMaps = target.type("v1", "ConfigMap");
    final ResourceType namespaces = target.type("v1", "Namespace");
    JobRecorder job;
    OwnerRelinker owners;

    ConflictApplierTest() {
        target.add(Fixtures.namespace("shop"));
        target.add(Fixtures.obj("v1", "ConfigMap", "shop", "settings", Map.of(), Map.of("data", Map.of("key", "changed", "extra", "x"))));
    }

    ConflictApplier applier(ConflictPolicy policy, boolean dryRun) {
        job = new JobRecorder(Operation.Restore, "prod", "rp-1", clock, null);
        RestoreConfig config = RestoreConfig.builder().recoveryPointId("rp-1").conflictPolicy(policy).build();
        RestoreRun run = new RestoreRun(config, null, null, dryRun, job, target);
        owners = new OwnerRelinker(target, job);
        return new ConflictApplier(run, owners, new RestoreOptions(4, Duration.ofSeconds(1), 3, Duration.ZERO, 100));
    }

    static Map<String, Object> settings() {
        Map<String, Object> cm = new LinkedHashMap<>(Fixtures.obj("v1", "ConfigMap", "shop", "settings", Map.of("app", "web"),
                Map.of("data", Map.of("key", "backed up"))));
        return cm;
    }

    ItemResult apply(ConflictApplier a, Map<String, Object> prepared) {
        return a.apply(configMaps, "v1/ConfigMap", "shop", "settings", prepared, OLD_UID);
    }

    KubeObject current() {
        return target.find("v1", "ConfigMap", "shop", "settings").orElseThrow();
    }

    @Test
    void anAbsentObjectIsCreatedAndItsNewUidRemembered() {
        target.delete(configMaps, "shop", "settings");
        ItemResult r = apply(applier(ConflictPolicy.Fail, false), settings());
        assertEquals(ItemAction.Created, r.action());
        assertEquals(current().metadata().get("uid"), owners.restoredUids().apply(OLD_UID));
    }

    @Test
    void skipLeavesTheExistingObjectAndLinksOwnersToIt() {
        long writes = target.writes();
        ItemResult r = apply(applier(ConflictPolicy.Skip, false), settings());
        assertEquals(ItemAction.Skipped, r.action());
        assertTrue(r.message().contains("conflict policy Skip"), r.message());
        assertEquals(writes, target.writes());
        assertEquals(current().metadata().get("uid"), owners.restoredUids().apply(OLD_UID), "dependents link to the object there");
    }

    @Test
    void patchWritesTheBackedUpFieldsOverTheExistingOnes() {
        ItemResult r = apply(applier(ConflictPolicy.Patch, false), settings());
        assertEquals(ItemAction.Patched, r.action());
        assertEquals("backed up", current().at("data", "key"));
        assertEquals("x", current().at("data", "extra"), "a merge patch keeps fields the backup does not have");
        assertEquals("web", current().labels().get("app"));
    }

    @Test
    void recreateReplacesTheObject() {
        Object before = current().metadata().get("uid");
        ItemResult r = apply(applier(ConflictPolicy.Recreate, false), settings());
        assertEquals(ItemAction.Recreated, r.action());
        assertNotEquals(before, current().metadata().get("uid"));
        assertEquals(Map.of("key", "backed up"), current().content().get("data"));
    }

    @Test
    void recreateGivesUpOnAnObjectThatStaysTerminating() {
        ConflictApplier a = applier(ConflictPolicy.Recreate, false);
        target.failOn("create", "configmaps", "shop", "settings", new ConflictException("still terminating"));
        AksBackupException e = assertThrows(AksBackupException.class, () -> apply(a, settings()));
        assertEquals("Conflict", e.code());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void failReportsTheExistingObjectAsAConflict() {
        ItemResult r = apply(applier(ConflictPolicy.Fail, false), settings());
        assertEquals(ItemAction.Failed, r.action());
        assertEquals("Conflict", job.snapshot().errors().get(0).code());
        assertEquals("changed", current().at("data", "key"));
    }

    @Test
    void anExistingNamespaceIsPatchedOrSkippedNeverDeletedOrFailed() {
        Object uid = target.find("v1", "Namespace", null, "shop").orElseThrow().metadata().get("uid");
        Map<String, Object> ns = new LinkedHashMap<>(Fixtures.namespace("shop"));
        assertEquals(ItemAction.Patched, applier(ConflictPolicy.Recreate, false).apply(namespaces, "v1/Namespace", null, "shop",
                ns, null).action());
        assertEquals(ItemAction.Skipped, applier(ConflictPolicy.Fail, false).apply(namespaces, "v1/Namespace", null, "shop",
                new LinkedHashMap<>(Fixtures.namespace("shop")), null).action());
        assertEquals(uid, target.find("v1", "Namespace", null, "shop").orElseThrow().metadata().get("uid"));
    }

    @Test
    void aDryRunDecidesLikeTheRealRunWithoutWriting() {
        long writes = target.writes();
        assertEquals(ItemAction.Skipped, apply(applier(ConflictPolicy.Skip, true), settings()).action());
        assertEquals(ItemAction.Patched, apply(applier(ConflictPolicy.Patch, true), settings()).action());
        assertEquals(ItemAction.Recreated, apply(applier(ConflictPolicy.Recreate, true), settings()).action());
        assertEquals(ItemAction.Failed, apply(applier(ConflictPolicy.Fail, true), settings()).action());
        assertEquals(ItemAction.Created, applier(ConflictPolicy.Fail, true).apply(configMaps, "v1/ConfigMap", "shop", "other",
                settings(), OLD_UID).action());
        assertEquals(writes, target.writes(), "a dry run writes nothing");
    }
}

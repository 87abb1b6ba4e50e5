package io.github.aksbackup.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restore through the client applies the resource modifier rules its configuration references. */
class RestoreWithModifiersTest {
    static final String RULES = """
            version: v1
            resourceModifierRules:
            - conditions: {groupResource: persistentvolumeclaims, namespaces: [shop]}
              patches: [{operation: replace, path: /spec/storageClassName, value: managed-csi-premium}]
            - conditions: {groupResource: deployments.apps}
              patches: [{operation: replace, path: /spec/replicas, value: "1"}]
            - conditions: {groupResource: deployments.apps, resourceNameRegex: "^web$"}
              strategicPatches:
              - patchData: |
                  spec: {template: {spec: {containers: [{name: web, image: mirror.example.net/nginx:1.27}]}}}
            - conditions: {groupResource: configmaps, resourceNameRegex: "^settings$"}
              patches: [{operation: remove, path: /data/absent}]
            - conditions: {groupResource: cronjobs.batch}
              patches: [{operation: remove, path: /spec/suspend}]
            """;

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final AksBackupClient client;
    final String recoveryPoint;

    RestoreWithModifiersTest() {
        Fixtures.seedApp(cluster, volumes);
        client = AksBackupClient.builder().vault(new InMemoryObjectStore(clock)).cluster(cluster).volumeSnapshotter(volumes)
                .clock(clock).buildClient();
        client.createVault();
        BackupPolicy policy = policy();
        client.configureProtection(new BackupInstance("prod", "aks-prod", policy.name(), BackupConfiguration.everything(), null,
                null), policy);
        recoveryPoint = client.backupNow("prod").recoveryPointId();
        cluster.add(Fixtures.namespace("velero"));
        cluster.add(Fixtures.obj("v1", "ConfigMap", "velero", "restore-rules", Map.of(), Map.of("data", Map.of("rules.yaml", RULES))));
    }

    static BackupPolicy policy() {
        try (InputStream in = RestoreWithModifiersTest.class.getResourceAsStream("/client/aks-daily-to-vault.json")) {
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    RestoreConfig config(String rulesConfigMap) {
        return RestoreConfig.builder().recoveryPointId(recoveryPoint).includedNamespaces("shop").mapNamespace("shop", "shop-copy")
                .includeClusterScopeResources(false).persistentVolumeRestoreMode(PersistentVolumeRestoreMode.RestoreWithoutVolumeData)
                .resourceModifierReference(rulesConfigMap == null ? null : new NamespacedName(rulesConfigMap, "velero")).build();
    }

    static ItemResult item(RestoreResult r, String kind, String name) {
        return r.items().stream().filter(i -> i.resource().endsWith("/" + kind) && i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " in " + r.items()));
    }

    @Test
    void theRestoredObjectsCarryThePatchedValuesAndAFailingRuleFailsOnlyItsObject() {
        RestoreResult r = client.restore(config("restore-rules"));
        KubeObject web = cluster.find("apps/v1", "Deployment", "shop-copy", "web").orElseThrow();
        assertEquals(1L, web.at("spec", "replicas"));
        assertEquals(List.of(Map.of("name", "web", "image", "mirror.example.net/nginx:1.27")), web.at("spec", "template", "spec", "containers"));
        assertEquals("managed-csi-premium", cluster.find("v1", "PersistentVolumeClaim", "shop-copy", "data-db-0").orElseThrow()
                .at("spec", "storageClassName"));
        assertEquals(List.of(Map.of("name", "web", "image", "nginx:1.27")), cluster.find("apps/v1", "Deployment", "shop", "web")
                .orElseThrow().at("spec", "template", "spec", "containers"), "the backed-up namespace is untouched");

        assertTrue(cluster.find("v1", "ConfigMap", "shop-copy", "settings").isEmpty(), "the object its rule fails on is not restored");
        assertTrue(cluster.find("v1", "ConfigMap", "shop-copy", "feature-flags").isPresent(), "the rest is");
        ItemResult settings = item(r, "ConfigMap", "settings");
        assertEquals(ItemAction.Failed, settings.action());
        assertTrue(settings.message().startsWith("resource modifier rule 3: patches[0] (remove /data/absent)"), settings.message());
        JobError error = r.job().errors().stream().filter(e -> e.item().contains("settings")).findFirst().orElseThrow();
        assertEquals("ResourceModifierFailed", error.code());
        assertEquals(JobStatus.CompletedWithWarnings, r.job().status());

        assertEquals("modified by resource modifier rules 1, 2: /spec/replicas, /spec/template/spec/containers/0/image",
                item(r, "Deployment", "web").message());
        assertTrue(ResourceModifiers.modifiedItem(item(r, "PersistentVolumeClaim", "data-db-0")));
        assertTrue(r.job().warnings().contains("resource modifier rule 4 (groupResource cronjobs.batch) matched no restored object,"
                + " so it changed nothing"), r.job().warnings().toString());
    }

    @Test
    void aDryRunShowsTheModifiedValuesAndChangesNothing() {
        RestoreResult plan = client.restore(config("restore-rules"), RestoreJobOptions.planOnly());
        assertEquals("would be created; modified by resource modifier rules 1, 2: /spec/replicas = 1,"
                + " /spec/template/spec/containers/0/image = \"mirror.example.net/nginx:1.27\"", item(plan, "Deployment", "web").message());
        assertEquals(ItemAction.Failed, item(plan, "ConfigMap", "settings").action());
        assertTrue(cluster.find("apps/v1", "Deployment", "shop-copy", "web").isEmpty());
    }

    @Test
    void badRulesAreBadInputFoundBeforeAnythingIsRestoredOrRecorded() {
        cluster.add(Fixtures.obj("v1", "ConfigMap", "velero", "bad-rules", Map.of(), Map.of("data", Map.of("rules.yaml",
                RULES.replace("operation: replace, path: /spec/replicas", "operation: upsert, path: /spec/replicas")))));
        int jobs = client.listJobs().size();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> client.restore(config("bad-rules")));
        assertEquals("ConfigMap velero/bad-rules data.rules.yaml $.resourceModifierRules[1].patches[0].operation",
                e.problems().get(0).path());
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> client.restore(config("absent")));
        assertTrue(missing.getMessage().contains("ConfigMap velero/absent does not exist"), missing.getMessage());
        assertTrue(cluster.find("v1", "Namespace", null, "shop-copy").isEmpty(), "nothing was created");
        assertEquals(jobs, client.listJobs().size(), "no restore job was started");
        assertTrue(client.listJobs().stream().noneMatch(j -> j.operation() == Operation.Restore));
    }

    @Test
    void rulesGivenByTheCallerApplyAndMayNotBeCombinedWithAReference() {
        ResourceModifiers local = ResourceModifiers.parse(RULES, "local.yaml");
        RestoreResult r = client.restore(config(null), RestoreJobOptions.defaults().withResourceModifiers(local));
        assertEquals(1L, cluster.find("apps/v1", "Deployment", "shop-copy", "web").orElseThrow().at("spec", "replicas"));
        assertEquals(ItemAction.Failed, item(r, "ConfigMap", "settings").action());
        assertThrows(InvalidInputException.class,
                () -> client.restore(config("restore-rules"), RestoreJobOptions.planOnly().withResourceModifiers(local)));
    }
}

package io.github.aksbackup.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.SecretData;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.restore.RestoreEngine;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.restore.VolumeSource;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@code secretData: MetadataOnly}: Secrets are stored without their content and never restored empty. */
class SecretDataTest {
    static final String VALUE = "pl4nted-value-never-stored";

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    final Repository repo = Repository.open(store, clock);

    SecretDataTest() {
        Fixtures.seedApp(cluster, volumes);
        cluster.add(Fixtures.obj("v1", "Secret", "shop", "api-key", Map.of("app", "web"), Map.of("type", "Opaque",
                "metadata", Map.of("name", "api-key", "namespace", "shop", "labels", Map.of("app", "web"), "annotations", Map.of(
                        "kubectl.kubernetes.io/last-applied-configuration", "{\"stringData\":{\"key\":\"" + VALUE + "\"}}",
                        "team", "payments")),
                "data", Map.of("key", Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8))))));
    }

    Manifest backup(SecretData mode) {
        BackupInstance instance = new BackupInstance("prod", "aks", "p", BackupConfiguration.builder().secretData(mode).build(), null, null);
        String id = "rp-" + mode;
        return new BackupEngine(repo, cluster, volumes, null, clock, null,
                BackupThreads.PREFETCH).run(new BackupSpec(instance, id, clock.instant(),
                RecoveryPointType.OnDemand, "Default", List.of()), new JobRecorder(Operation.Backup, "prod", id, clock, null)).manifest();
    }

    RestoreResult restore(Manifest m, InMemoryCluster target) {
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            return new RestoreEngine(target, VolumeSource.operational(volumes), null, clock, RestoreOptions.DEFAULTS, threads)
                    .run(RestoreConfig.builder().recoveryPointId(m.id()).build(), m, repo.openReader(), false,
                            new JobRecorder(Operation.Restore, "prod", m.id(), clock, null));
        } finally {
            threads.shutdownNow();
        }
    }

    List<Map<String, Object>> storedSecrets(Manifest m) {
        List<Map<String, Object>> out = new ArrayList<>();
        RecoveryPointReader reader = repo.openReader();
        TypeSection secrets = m.section("", "Secret").orElseThrow();
        for (ManifestEntry e : reader.entries(secrets)) {
            out.add(reader.readObject(e));
        }
        return out;
    }

    @Test
    void metadataOnlyStoresNoSecretContentAnywhereInTheVault() {
        Manifest m = backup(SecretData.MetadataOnly);
        List<Map<String, Object>> secrets = storedSecrets(m);
        assertEquals(3, secrets.size(), "the two db-password Secrets and api-key are still listed");
        for (Map<String, Object> s : secrets) {
            assertFalse(s.containsKey("data") || s.containsKey("stringData"), s.toString());
            assertTrue(Sanitizer.secretDataOmitted(s), s.toString());
            assertEquals("Opaque", s.get("type"));
        }
        Map<String, Object> apiKey = secrets.stream().filter(s -> "api-key".equals(((Map<?, ?>) s.get("metadata")).get("name")))
                .findFirst().orElseThrow();
        Map<?, ?> annotations = (Map<?, ?>) ((Map<?, ?>) apiKey.get("metadata")).get("annotations");
        assertEquals("payments", annotations.get("team"));
        assertFalse(annotations.containsKey("kubectl.kubernetes.io/last-applied-configuration"));
        // Nothing of the value in any object, index, pack (decompressed) or manifest.
        RecoveryPointReader reader = repo.openReader();
        for (TypeSection s : m.types()) {
            for (ManifestEntry e : reader.entries(s)) {
                String json = Json.pretty(reader.readObject(e));
                assertFalse(json.contains(VALUE) || json.contains("c2VjcmV0"), s.type().kind() + " " + e.qualifiedName());
            }
        }
        for (String key : store.keys()) {
            assertFalse(new String(store.getBytes(key), StandardCharsets.ISO_8859_1).contains(VALUE), key);
        }
    }

    @Test
    void aSecretBackedUpWithoutDataIsReportedAndNeverCreatedEmpty() {
        Manifest m = backup(SecretData.MetadataOnly);
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult r = restore(m, target);
        List<ItemResult> secrets = r.job().items().stream().filter(i -> i.resource().equals("v1/Secret")).toList();
        assertEquals(3, secrets.size());
        for (ItemResult i : secrets) {
            assertEquals(ItemAction.Skipped, i.action());
            assertTrue(i.message().contains("backed up without its data"), i.message());
        }
        assertTrue(target.objects("v1", "Secret").isEmpty());
        assertTrue(r.job().warnings().stream().anyMatch(w -> w.startsWith("3 Secrets were backed up without their data")),
                r.job().warnings().toString());
        assertTrue(target.find("v1", "ConfigMap", "shop", "settings").isPresent(), "everything else is restored");
        assertEquals(0, r.job().counts().failed());
    }

    @Test
    void includeIsTheDefaultAndRestoresSecretsWhole() {
        assertEquals(SecretData.Include, BackupConfiguration.everything().secretData());
        Manifest m = backup(SecretData.Include);
        InMemoryCluster target = new InMemoryCluster(clock);
        restore(m, target);
        Map<?, ?> data = (Map<?, ?>) target.find("v1", "Secret", "shop", "api-key").orElseThrow().content().get("data");
        assertEquals(VALUE, new String(Base64.getDecoder().decode((String) data.get("key")), StandardCharsets.UTF_8));
    }

    @Test
    void theJsonConfigurationCarriesSecretData() {
        BackupConfiguration c = BackupConfigurationJson.read("{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\","
                + "\"secretData\":\"MetadataOnly\",\"includedNamespaces\":[\"shop\"]}");
        assertEquals(SecretData.MetadataOnly, c.secretData());
        assertTrue(BackupConfigurationJson.write(c).contains("\"secretData\": \"MetadataOnly\""), BackupConfigurationJson.write(c));
        assertFalse(BackupConfigurationJson.write(BackupConfiguration.everything()).contains("secretData"),
                "Azure's own parameters are written as Azure writes them");
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> BackupConfigurationJson.read(
                "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"secretData\":\"Metadata\"}"));
        assertTrue(bad.problems().get(0).toString().contains("secretData"), bad.problems().toString());
        // Configurations recorded before the field existed read as Include.
        Map<String, Object> old = new java.util.LinkedHashMap<>(Json.toTree(BackupConfiguration.everything()));
        old.remove("secretData");
        assertEquals(SecretData.Include, Json.fromTree(old, BackupConfiguration.class).secretData());
    }
}

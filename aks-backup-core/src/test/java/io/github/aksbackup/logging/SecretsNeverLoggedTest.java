package io.github.aksbackup.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.resilience.RetryingObjectStore;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.FaultInjectingClusterClient;
import io.github.aksbackup.testkit.FaultInjectingObjectStore;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backup, restore (including failed and conflicting items, a dry run and retries after injected
 * faults), scheduled runs, garbage collection and verification with every logger at TRACE: no log
 * line holds a planted secret value, neither as stored (base64) nor decoded, nor a token or a
 * connection string kept in a Secret, nor the copy of a Secret in its last-applied annotation.
 */
class SecretsNeverLoggedTest {
    static final String PASSWORD = "pl4nted-Passw0rd-7f3a";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.pl4nted-token-payload.c2lnbmF0dXJl";
    static final String CONNECTION = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=pl4ntedAccountKey0123456789==";
    static final String DOCKER_AUTH = "pl4nted-registry-user:pl4nted-registry-pass";

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Every planted value in every form a leak could take. */
    static List<String> planted() {
        List<String> out = new ArrayList<>();
        for (String v : List.of(PASSWORD, TOKEN, CONNECTION, DOCKER_AUTH)) {
            out.add(v);
            out.add(b64(v));
        }
        out.add(b64("{\"auths\":{\"registry.example\":{\"auth\":\"" + b64(DOCKER_AUTH) + "\"}}}"));
        out.add("pl4nted");
        return out;
    }

    void plantSecrets() {
        Fixtures.seedApp(cluster, volumes);
        String lastApplied = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"password\":\"" + PASSWORD + "\"}}";
        cluster.add(Fixtures.obj("v1", "Secret", "shop", "db-credentials", Map.of("app", "db"), Map.of("type", "Opaque",
                "metadata", Map.of("name", "db-credentials", "namespace", "shop",
                        "annotations", Map.of("kubectl.kubernetes.io/last-applied-configuration", lastApplied)),
                "data", Map.of("password", b64(PASSWORD), "storage", b64(CONNECTION)))));
        cluster.add(Fixtures.obj("v1", "Secret", "shop", "app-token", Map.of(), Map.of(
                "type", "kubernetes.io/service-account-token",
                "metadata", Map.of("name", "app-token", "namespace", "shop",
                        "annotations", Map.of("kubernetes.io/service-account.name", "app")),
                "data", Map.of("token", b64(TOKEN)))));
        cluster.add(Fixtures.obj("v1", "Secret", "blog", "registry", Map.of(), Map.of("type", "kubernetes.io/dockerconfigjson",
                "data", Map.of(".dockerconfigjson", b64("{\"auths\":{\"registry.example\":{\"auth\":\"" + b64(DOCKER_AUTH) + "\"}}}")))));
    }

    static BackupPolicy policy() {
        try (InputStream in = SecretsNeverLoggedTest.class.getResourceAsStream("/client/aks-daily-to-vault.json")) {
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noPlantedSecretReachesAnyLogLineAtAnyLevel() {
        plantSecrets();
        InMemoryObjectStore vault = new InMemoryObjectStore(clock);
        FaultPlan faults = FaultPlan.random(0.2, 11);
        CapturedLogs.start();
        List<String> lines;
        try {
            try (AksBackupClient c = AksBackupClient.builder()
                    .vault(new RetryingObjectStore(new FaultInjectingObjectStore(vault, faults), RetryOptions.immediate(12)))
                    .cluster(new RetryingClusterClient(new FaultInjectingClusterClient(cluster, faults), RetryOptions.immediate(12), clock))
                    .volumeSnapshotter(volumes).clock(clock).buildClient()) {
                c.createVault();
                c.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null),
                        policy());
                Job backup = c.backupNow("prod");
                assertEquals(JobStatus.CompletedWithWarnings, backup.status(), backup.errors().toString());
                for (int i = 0; i < 8; i++) {
                    clock.advance(Duration.ofHours(4));
                    c.runDue();
                }
                c.collectGarbage();
                c.verifyVault();
                String rp = backup.recoveryPointId();

                InMemoryCluster target = new InMemoryCluster(clock);
                AksBackupClient restorer = AksBackupClient.builder().vault(vault).cluster(target).volumeSnapshotter(volumes).clock(clock)
                        .buildClient();
                restorer.restore(RestoreConfig.builder().recoveryPointId(rp).build(), RestoreJobOptions.planOnly());
                assertEquals(0, restorer.restore(RestoreConfig.builder().recoveryPointId(rp).build()).job().counts().failed());
                // Again, into the restored cluster: every Secret conflicts; and with the secrets' creation refused.
                restorer.restore(RestoreConfig.builder().recoveryPointId(rp).conflictPolicy(ConflictPolicy.Fail).build());
                restorer.restore(RestoreConfig.builder().recoveryPointId(rp).conflictPolicy(ConflictPolicy.Patch).build());
                InMemoryCluster refusing = new InMemoryCluster(clock);
                refusing.failOn("create", "secrets", null, null, new AksBackupException(ErrorCode.INVALID, "Secret is invalid"));
                AksBackupClient.builder().vault(vault).cluster(refusing).volumeSnapshotter(volumes).clock(clock).buildClient()
                        .restore(RestoreConfig.builder().recoveryPointId(rp).build());
                assertEquals(PASSWORD, new String(Base64.getDecoder().decode((String) ((Map<?, ?>) target
                        .find("v1", "Secret", "shop", "db-credentials").orElseThrow().content().get("data")).get("password")),
                        StandardCharsets.UTF_8), "the secret itself is backed up and restored");
            }
        } finally {
            lines = CapturedLogs.stop();
        }
        assertTrue(lines.size() > 20, "logging was captured: " + lines.size() + " lines");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DEBUG ")), "DEBUG lines were captured");
        assertTrue(faults.injected() > 0);
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            for (String secret : planted()) {
                if (line.contains(secret)) {
                    leaks.add(secret + " in: " + line);
                }
            }
        }
        assertEquals(List.of(), leaks);
    }
}

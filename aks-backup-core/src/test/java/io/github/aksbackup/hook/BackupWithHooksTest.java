package io.github.aksbackup.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupThreads;
import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Hook resources in the cluster, run by the backup engine around each pod's volume snapshots. */
class BackupWithHooksTest {
    private final HookCluster hc = new HookCluster();
    private final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(hc.clock);
    private final Repository repo = Repository.open(new InMemoryObjectStore(hc.clock), hc.clock);
    /** Each exec as {@code pod command... (snapshots taken so far)}. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final NamespacedName ref;

    BackupWithHooksTest() {
        Fixtures.seedApp(hc.cluster, volumes);
        ref = hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: app-hooks, namespace: ops}
                spec:
                  backupHook:
                  - name: db
                    includedNamespaces: [shop]
                    labelSelector: {matchLabels: {app: db}}
                    preHooks:
                    - exec: {command: [/sbin/fsfreeze, --freeze, /var/lib/postgresql]}
                    postHooks:
                    - exec: {command: [/sbin/fsfreeze, --unfreeze, /var/lib/postgresql]}
                  - name: web
                    labelSelector: app=web
                    preHooks:
                    - exec: {command: [/bin/sync], onError: Continue, timeout: 5s}
                """);
    }

    private BackupResult backup() {
        BackupConfiguration config = BackupConfiguration.builder().includedNamespaces("shop", "blog")
                .backupHookReferences(List.of(ref)).build();
        BackupInstance instance = new BackupInstance("prod", "aks-prod", "daily", config, null, null);
        BackupSpec spec = new BackupSpec(instance, "rp-1", hc.clock.instant(), RecoveryPointType.OnDemand, "Default",
                List.of(new DataStoreDetail(DataStoreType.OperationalStore, hc.clock.instant(),
                        hc.clock.instant().plus(Duration.ofDays(7)), DataStoreState.Available)));
        JobRecorder job = new JobRecorder(Operation.Backup, "prod", "rp-1", hc.clock, null);
        return new BackupEngine(repo, hc.cluster, volumes, new ExecHookRunner(), hc.clock, BackupOptions.DEFAULTS,
                BackupThreads.PREFETCH).run(spec, job);
    }

    private void execs(int failFreezeWith) {
        hc.cluster.onExec(request -> {
            events.add(request.pod() + " " + String.join(" ", request.command()) + " (" + volumes.snapshotCount() + " snapshots)");
            boolean freeze = request.command().contains("--freeze");
            return freeze && failFreezeWith != 0
                    ? new ExecResult(failFreezeWith, "", "fsfreeze: /var/lib/postgresql: Device or resource busy\n", false)
                    : new ExecResult(0, freeze ? "frozen\n" : "", "", false);
        });
    }

    @Test
    void preHooksRunBeforeThePodsSnapshotsAndPostHooksAfter() {
        execs(0);
        BackupResult r = backup();
        assertEquals(List.of(
                "web-1 /bin/sync (0 snapshots)",
                "db-0 /sbin/fsfreeze --freeze /var/lib/postgresql (0 snapshots)",
                "db-0 /sbin/fsfreeze --unfreeze /var/lib/postgresql (1 snapshots)"), events);
        Job job = r.job();
        assertTrue(job.items().stream().noneMatch(i -> i.action() == ItemAction.Failed), job.items().toString());
        assertTrue(job.warnings().stream().noneMatch(w -> w.contains("hook")), job.warnings().toString());
        assertEquals(List.of(
                new HookStepResult("ops/app-hooks/web", "pre", "blog/web-1", "main", List.of("/bin/sync"), 0, Duration.ZERO,
                        "", "", "Succeeded", null),
                new HookStepResult("ops/app-hooks/db", "pre", "shop/db-0", "main", List.of("/sbin/fsfreeze", "--freeze",
                        "/var/lib/postgresql"), 0, Duration.ZERO, "frozen\n", "", "Succeeded", null),
                new HookStepResult("ops/app-hooks/db", "post", "shop/db-0", "main", List.of("/sbin/fsfreeze", "--unfreeze",
                        "/var/lib/postgresql"), 0, Duration.ZERO, "", "", "Succeeded", null)),
                job.hookSteps());
    }

    @Test
    void aFailedFreezeSkipsThePodsSnapshotsStillThawsAndFailsThePod() {
        execs(1);
        BackupResult r = backup();
        assertEquals(List.of(
                "web-1 /bin/sync (0 snapshots)",
                "db-0 /sbin/fsfreeze --freeze /var/lib/postgresql (0 snapshots)",
                "db-0 /sbin/fsfreeze --unfreeze /var/lib/postgresql (0 snapshots)"), events);
        assertEquals(0, volumes.snapshotCount());
        Job job = r.job();
        assertEquals(JobStatus.CompletedWithWarnings, job.status());
        assertEquals(RecoveryPointStatus.Partial, r.manifest().recoveryPoint().status());
        HookStepResult freeze = job.hookSteps().get(1);
        assertEquals("Failed", freeze.outcome());
        assertEquals(Integer.valueOf(1), freeze.exitCode());
        assertEquals("fsfreeze: /var/lib/postgresql: Device or resource busy\n", freeze.stderr());
        assertTrue(job.items().stream().anyMatch(i -> i.name().equals("db-0") && i.action() == ItemAction.Failed
                && i.message().equals("pre hook failed, volumes not snapshotted: pre hook ops/app-hooks/db step 1 "
                        + "[\"/sbin/fsfreeze\", \"--freeze\", \"/var/lib/postgresql\"] in pod shop/db-0 container main Failed: exit code 1")),
                job.items().toString());
    }

    @Test
    void aFailedContinueStepIsAWarningOfTheJob() {
        hc.cluster.onExec(request -> new ExecResult(request.command().get(0).equals("/bin/sync") ? 7 : 0, "", "", false));
        Job job = backup().job();
        assertEquals(1, volumes.snapshotCount());
        assertTrue(job.warnings().contains("pre hook ops/app-hooks/web step 1 [\"/bin/sync\"] in pod blog/web-1 container main "
                + "Failed: exit code 7 (onError Continue)"), job.warnings().toString());
        assertTrue(job.items().stream().noneMatch(i -> i.action() == ItemAction.Failed), job.items().toString());
    }

    @Test
    void aMissingHookResourceFailsTheBackupBeforeAnythingIsWritten() {
        BackupConfiguration config = BackupConfiguration.builder()
                .backupHookReferences(List.of(new NamespacedName("nope", "ops"))).build();
        BackupInstance instance = new BackupInstance("prod", "aks-prod", "daily", config, null, null);
        BackupSpec spec = new BackupSpec(instance, "rp-9", hc.clock.instant(), RecoveryPointType.OnDemand, "Default",
                List.of(new DataStoreDetail(DataStoreType.OperationalStore, hc.clock.instant(),
                        hc.clock.instant().plus(Duration.ofDays(7)), DataStoreState.Available)));
        BackupResult r = new BackupEngine(repo, hc.cluster, volumes, new ExecHookRunner(), hc.clock, BackupOptions.DEFAULTS,
                BackupThreads.PREFETCH)
                .run(spec, new JobRecorder(Operation.Backup, "prod", "rp-9", hc.clock, null));
        assertEquals(JobStatus.Failed, r.job().status());
        assertTrue(r.job().errors().get(0).message().contains("backupHookReferences[0]: BackupHook ops/nope does not exist"),
                r.job().errors().toString());
        assertTrue(hc.cluster.execCalls().isEmpty());
    }
}

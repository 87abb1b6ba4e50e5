package io.github.aksbackup.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupThreads;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.restore.RestoreEngine;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.restore.VolumeSource;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** RestoreHook resources in the target cluster, run by the restore engine for the pods it creates. */
class RestoreWithHooksTest {
    private final HookCluster target = new HookCluster();
    private final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(target.clock);
    private final Repository repo = Repository.open(new InMemoryObjectStore(target.clock), target.clock);
    private final Manifest manifest;
    /** Each exec as {@code namespace/pod command...}. */
    private final List<String> execs = new CopyOnWriteArrayList<>();

    RestoreWithHooksTest() {
        InMemoryCluster source = new InMemoryCluster(target.clock);
        Fixtures.seedApp(source, volumes);
        BackupInstance instance = new BackupInstance("prod", "aks", "p", BackupConfiguration.builder()
                .includedNamespaces("shop", "blog").build(), null, null);
        manifest = new BackupEngine(repo, source, volumes, null, target.clock, null,
                BackupThreads.PREFETCH).run(new BackupSpec(instance, "rp-1",
                target.clock.instant(), RecoveryPointType.OnDemand, "Default", List.of()),
                new JobRecorder(Operation.Backup, "prod", "rp-1", target.clock, null)).manifest();
        target.cluster.onExec(request -> {
            execs.add(request.namespace() + "/" + request.pod() + " " + String.join(" ", request.command()));
            return new ExecResult(request.command().contains("--fail") ? 1 : 0, "", "", false);
        });
    }

    /** Restores on another thread while playing the kubelet: every pod the restore creates starts and becomes ready. */
    private Job restore(Consumer<RestoreConfig.Builder> config) throws Exception {
        RestoreConfig.Builder b = RestoreConfig.builder().recoveryPointId("rp-1");
        config.accept(b);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CompletableFuture<Job> run = CompletableFuture.supplyAsync(() -> new RestoreEngine(target.cluster,
                    VolumeSource.operational(volumes), new ExecHookRunner(), target.clock, RestoreOptions.DEFAULTS, threads)
                    .run(b.build(), manifest, repo.openReader(), false,
                            new JobRecorder(Operation.Restore, "prod", "rp-1", target.clock, null)).job(), threads);
            while (true) {
                for (KubeObject pod : target.cluster.objects("v1", "Pod")) {
                    if (!"Running".equals(pod.at("status", "phase"))) {
                        target.cluster.setPodReady(pod.namespace(), pod.name(), true);
                    }
                }
                try {
                    return run.get(10, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRestoring) {
                    // start the pods created since
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private NamespacedName hook(String namespaces, String selector, String command) {
        return target.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: after-restore, namespace: ops}
                spec:
                  restoreHook:
                  - name: app
                    includedNamespaces: %s
                    labelSelector: %s
                    postHooks:
                    - exec: {command: %s, onError: Fail}
                """.formatted(namespaces, selector, command));
    }

    @Test
    void aPodRestoredIntoAMappedNamespaceRunsTheHooksMatchingItThere() throws Exception {
        NamespacedName ref = hook("[shop2]", "app=db", "[/app/bin/check-data, --quick]");
        Job job = restore(b -> b.mapNamespace("shop", "shop2").restoreHookReferences(List.of(ref)));
        assertEquals(List.of("shop2/db-0 /app/bin/check-data --quick"), execs, "blog/web-1 is restored too but does not match");
        assertEquals(List.of(new HookStepResult("ops/after-restore/app", "restore", "shop2/db-0", "main",
                List.of("/app/bin/check-data", "--quick"), 0, Duration.ZERO, "", "", "Succeeded", null)), job.hookSteps());
        assertTrue(job.errors().isEmpty(), job.errors().toString());
    }

    @Test
    void podsTheConflictPolicySkipsGetNoHooksInTheSameNamespace() throws Exception {
        Fixtures.seedApp(target.cluster, new FakeVolumeSnapshotter(target.clock));
        target.cluster.delete(target.cluster.type("v1", "Pod"), "blog", "web-1");
        NamespacedName ref = hook("[]", "{}", "[/app/bin/warm]");
        Job job = restore(b -> b.conflictPolicy(ConflictPolicy.Skip).restoreHookReferences(List.of(ref)));
        assertEquals(List.of("blog/web-1 /app/bin/warm"), execs, "shop/db-0 existed already: the restore left it alone");
        assertEquals(1, job.hookSteps().size());
    }

    @Test
    void podsTheRestoreRecreatesGetHooks() throws Exception {
        Fixtures.seedApp(target.cluster, new FakeVolumeSnapshotter(target.clock));
        NamespacedName ref = hook("[]", "{}", "[/app/bin/warm]");
        restore(b -> b.conflictPolicy(ConflictPolicy.Recreate).restoreHookReferences(List.of(ref)));
        assertEquals(List.of("blog/web-1 /app/bin/warm", "shop/db-0 /app/bin/warm"), execs.stream().sorted().toList());
    }

    @Test
    void aFailingHookWithOnErrorFailIsAnErrorOfTheRestoreJob() throws Exception {
        NamespacedName ref = hook("['*']", "app=db", "[/app/bin/migrate, --fail]");
        Job job = restore(b -> b.restoreHookReferences(List.of(ref)));
        assertEquals("Failed", job.hookSteps().get(0).outcome());
        assertTrue(job.errors().stream().anyMatch(e -> e.code().equals("HookFailed") && e.item().equals("v1/Pod shop/db-0")
                && e.message().equals("restore hook ops/after-restore/app step 1 [\"/app/bin/migrate\", \"--fail\"] in pod shop/db-0 "
                        + "container main Failed: exit code 1")), job.errors().toString());
    }
}

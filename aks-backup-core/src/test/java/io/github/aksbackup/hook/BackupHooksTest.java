package io.github.aksbackup.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackupHooksTest {
    private final HookCluster hc = new HookCluster();

    private BackupHooks hooks(ExecHookRunner runner, NamespacedName... refs) {
        return runner.backupHooks(new BackupHookContext(hc.cluster, List.of(refs), "instance-1", "job-1", hc.clock));
    }

    private BackupHooks hooks(NamespacedName... refs) {
        return hooks(new ExecHookRunner(), refs);
    }

    private static final String FREEZE = """
            apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
            kind: BackupHook
            metadata: {name: freeze, namespace: ops}
            spec:
              backupHook:
              - name: pg
                includedNamespaces: [db, shop]
                excludedNamespaces: [shop]
                labelSelector: {matchLabels: {app: postgres}}
                preHooks:
                - exec: {command: [/sbin/fsfreeze, --freeze, /data]}
                postHooks:
                - exec: {command: [/sbin/fsfreeze, --unfreeze, /data], container: sidecar, onError: Continue, timeout: 10s}
            """;

    @Test
    void selectsPodsByNamespaceAndLabelsAndUsesEveryDefault() {
        BackupHooks hooks = hooks(hc.hook(FREEZE));
        KubeObject match = hc.pod("db", "pg-0", Map.of("app", "postgres"), "postgres", "sidecar");
        KubeObject otherLabels = hc.pod("db", "web-0", Map.of("app", "web"), "web");
        KubeObject excluded = hc.pod("shop", "pg-0", Map.of("app", "postgres"), "postgres");
        KubeObject notIncluded = hc.pod("other", "pg-0", Map.of("app", "postgres"), "postgres");

        assertSame(HookOutcome.NOTHING, hooks.beforePodVolumes(otherLabels));
        assertSame(HookOutcome.NOTHING, hooks.beforePodVolumes(excluded));
        assertSame(HookOutcome.NOTHING, hooks.beforePodVolumes(notIncluded));
        assertTrue(hc.cluster.execCalls().isEmpty());

        HookOutcome pre = hooks.beforePodVolumes(match);
        assertFalse(pre.failed());
        assertEquals(List.of(new ExecRequest("db", "pg-0", "postgres", List.of("/sbin/fsfreeze", "--freeze", "/data"),
                Duration.ofSeconds(30))), hc.cluster.execCalls(), "first container and 30s timeout by default");
        HookStepResult step = pre.steps().get(0);
        assertEquals(new HookStepResult("ops/freeze/pg", "pre", "db/pg-0", "postgres", List.of("/sbin/fsfreeze", "--freeze", "/data"),
                0, Duration.ZERO, "", "", "Succeeded", null), step);

        HookOutcome post = hooks.afterPodVolumes(match, BackupHooks.PodVolumes.Snapshotted);
        assertEquals("sidecar", post.steps().get(0).container());
        assertEquals(Duration.ofSeconds(10), hc.cluster.execCalls().get(1).timeout());
        assertEquals("post", post.steps().get(0).phase());
    }

    @Test
    void recordsExitCodeDurationAndOutputOfEachStep() {
        BackupHooks hooks = hooks(hc.hook(FREEZE));
        KubeObject pod = hc.pod("db", "pg-0", Map.of("app", "postgres"), "postgres", "sidecar");
        hc.cluster.onExec(request -> {
            hc.clock.advance(Duration.ofSeconds(2));
            return new ExecResult(0, "frozen /data\n", "took a while\n", false);
        });
        HookStepResult step = hooks.beforePodVolumes(pod).steps().get(0);
        assertEquals(Integer.valueOf(0), step.exitCode());
        assertEquals(Duration.ofSeconds(2), step.duration());
        assertEquals("frozen /data\n", step.stdout());
        assertEquals("took a while\n", step.stderr());
    }

    @Test
    void aFailingPreStepWithOnErrorFailStopsThePodsStepsAndFailsIt() {
        BackupHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: app, namespace: ops}
                spec:
                  preHooks:
                  - exec: {command: [/bin/flush]}
                  - exec: {command: [/bin/never]}
                """));
        KubeObject pod = hc.pod("shop", "api-0", Map.of(), "api");
        hc.cluster.onExec(request -> new ExecResult(2, "", "flush: no such table\n", false));
        HookOutcome pre = hooks.beforePodVolumes(pod);
        assertTrue(pre.failed());
        assertEquals(1, pre.steps().size(), "the second step does not run");
        assertEquals("Failed", pre.steps().get(0).outcome());
        assertEquals(Integer.valueOf(2), pre.steps().get(0).exitCode());
        assertEquals("pre hook ops/app/app step 1 [\"/bin/flush\"] in pod shop/api-0 container api Failed: exit code 2; 1 later step not run",
                pre.message());
        assertEquals(1, hc.cluster.execCalls().size());
    }

    @Test
    void aFailingStepWithOnErrorContinueIsAWarningAndTheRestRun() {
        BackupHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: app, namespace: ops}
                spec:
                  backupHook:
                  - name: first
                    postHooks:
                    - exec: {command: [/bin/thaw], onError: Continue}
                  - name: second
                    postHooks:
                    - exec: {command: [/bin/notify]}
                """));
        KubeObject pod = hc.pod("shop", "api-0", Map.of(), "api");
        hc.cluster.onExec(request -> new ExecResult(request.command().get(0).equals("/bin/thaw") ? 1 : 0, "", "", false));
        HookOutcome post = hooks.afterPodVolumes(pod, BackupHooks.PodVolumes.SnapshotFailed);
        assertFalse(post.failed());
        assertEquals(List.of("Failed", "Succeeded"), post.steps().stream().map(HookStepResult::outcome).toList());
        assertEquals(List.of("ops/app/first", "ops/app/second"), post.steps().stream().map(HookStepResult::hook).toList());
        assertEquals(List.of("post hook ops/app/first step 1 [\"/bin/thaw\"] in pod shop/api-0 container api Failed: exit code 1 (onError Continue)"),
                post.warnings());
    }

    @Test
    void runsStepsInReferenceEntryAndStepOrder() {
        NamespacedName a = hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: b-second-ref, namespace: ops}
                spec:
                  backupHook:
                  - {name: one, preHooks: [{exec: {command: [a1]}}, {exec: {command: [a2]}}]}
                  - {name: two, preHooks: [{exec: {command: [a3]}}]}
                """);
        NamespacedName b = hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: a-first-ref, namespace: ops}
                spec: {preHooks: [{exec: {command: [b1]}}]}
                """);
        hooks(b, a).beforePodVolumes(hc.pod("x", "p", Map.of(), "c"));
        assertEquals(List.of("b1", "a1", "a2", "a3"), hc.cluster.execCalls().stream().map(r -> r.command().get(0)).toList());
    }

    @Test
    void aStepTimesOutWhenTheCommandOutlivesItsTimeoutOnTheClock() {
        BackupHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: slow, namespace: ops}
                spec:
                  preHooks:
                  - exec: {command: [/bin/slow], timeout: 5s}
                """));
        KubeObject pod = hc.pod("shop", "api-0", Map.of(), "api");
        hc.cluster.onExec(request -> {
            hc.clock.advance(Duration.ofSeconds(6));
            new CountDownLatch(1).await();
            return new ExecResult(0, "", "", false);
        });
        HookOutcome pre = hooks.beforePodVolumes(pod);
        assertTrue(pre.failed(), "onError defaults to Fail");
        HookStepResult step = pre.steps().get(0);
        assertEquals("TimedOut", step.outcome());
        assertNull(step.exitCode());
        assertEquals("did not finish within its timeout of 5s", step.message());
        assertEquals(Duration.ofSeconds(6), step.duration());
    }

    @Test
    void aStepIsAbandonedWhenTheClusterDoesNotEndAStuckCommand() {
        // The manual clock never moves, so the cluster never times the command out: the runner's own
        // guard (timeout plus a zero grace, in real time) must.
        BackupHooks hooks = hooks(new ExecHookRunner(ExecHookRunner.DEFAULT_OUTPUT_LIMIT, Duration.ZERO), hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: stuck, namespace: ops}
                spec:
                  preHooks:
                  - exec: {command: [/bin/stuck], timeout: 200ms, onError: Continue}
                """));
        CountDownLatch never = new CountDownLatch(1);
        hc.cluster.onExec(request -> {
            never.await();
            return new ExecResult(0, "", "", false);
        });
        HookOutcome pre = hooks.beforePodVolumes(hc.pod("shop", "api-0", Map.of(), "api"));
        assertFalse(pre.failed());
        assertEquals("TimedOut", pre.steps().get(0).outcome());
        assertEquals(1, pre.warnings().size());
    }

    @Test
    void keepsHeadAndTailOfLongOutput() {
        BackupHooks hooks = hooks(new ExecHookRunner(100, ExecHookRunner.DEFAULT_GRACE), hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: chatty, namespace: ops}
                spec: {preHooks: [{exec: {command: [/bin/chatty]}}]}
                """));
        String out = "H".repeat(50) + "m".repeat(10_000) + "T".repeat(50);
        hc.cluster.onExec(request -> new ExecResult(0, out, "short", false));
        HookStepResult step = hooks.beforePodVolumes(hc.pod("shop", "api-0", Map.of(), "api")).steps().get(0);
        assertEquals("H".repeat(50) + "\n[... 10000 characters omitted ...]\n" + "T".repeat(50), step.stdout());
        assertEquals("short", step.stderr());
    }

    @Test
    void aContainerThePodDoesNotHaveFailsTheStepWithoutExec() {
        BackupHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: typo, namespace: ops}
                spec: {preHooks: [{exec: {command: [sync], container: postgress}}]}
                """));
        HookOutcome pre = hooks.beforePodVolumes(hc.pod("db", "pg-0", Map.of(), "postgres", "metrics"));
        assertTrue(pre.failed());
        assertEquals("container 'postgress' is not in pod db/pg-0; its containers are postgres, metrics", pre.steps().get(0).message());
        assertTrue(hc.cluster.execCalls().isEmpty());
    }

    @Test
    void finishedPodsGetAWarningInsteadOfHooks() {
        BackupHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: all, namespace: ops}
                spec: {preHooks: [{exec: {command: [sync]}}]}
                """));
        hc.pod("batch", "job-1", Map.of(), "worker");
        KubeObject done = hc.cluster.mergePatch(hc.cluster.type("v1", "Pod"), "batch", "job-1", Map.of("status", Map.of("phase", "Succeeded")));
        HookOutcome pre = hooks.beforePodVolumes(done);
        assertFalse(pre.failed());
        assertEquals(List.of("pre hooks skipped for pod batch/job-1: it has Succeeded and can run no command"), pre.warnings());
        assertTrue(hc.cluster.execCalls().isEmpty());
    }

    @Test
    void noReferencesRunNothingAndMissingOnesAreNamed() {
        assertSame(BackupHooks.NONE, hooks());
        hc.hook(FREEZE);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> hooks(new NamespacedName("freeze", "ops"), new NamespacedName("thaw", "ops")));
        assertEquals("backupHookReferences[1]: BackupHook ops/thaw does not exist in in-memory cluster; create it first "
                + "(is the backuphooks.clusterbackup.dataprotection.microsoft.com custom resource definition installed?) "
                + "or correct the reference", e.getMessage());
    }

    @Test
    void anInvalidResourceInTheClusterIsReportedWithItsName() {
        NamespacedName ref = hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: bad, namespace: ops}
                spec: {preHooks: [{exec: {command: [sync], onError: Retry}}]}
                """);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> hooks(ref));
        assertEquals("BackupHook ops/bad spec.preHooks[0].exec.onError: onError 'Retry' is not one of Continue, Fail", e.getMessage());
    }
}

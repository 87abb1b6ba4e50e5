package io.github.aksbackup.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RestoreHooksTest {
    private final HookCluster hc = new HookCluster();

    private static final String WARM = """
            apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
            kind: RestoreHook
            metadata: {name: warm, namespace: ops}
            spec:
              restoreHook:
              - name: cache
                includedNamespaces: [shop-restored]
                labelSelector: app=api
                postHooks:
                - exec: {command: [/app/warm-cache, --all]}
                - exec: {command: [/app/check], container: probe, onError: Fail, execTimeout: 1m, waitTimeout: 2m}
            """;

    private RestoreHooks hooks(NamespacedName... refs) {
        return new ExecHookRunner().restoreHooks(new RestoreHookContext(hc.cluster, List.of(refs),
                Map.of("shop", "shop-restored"), "job-2", hc.clock));
    }

    /** Runs the hooks of a restored pod on another thread, as the engine does, while the test plays the kubelet. */
    private CompletableFuture<HookOutcome> restored(RestoreHooks hooks, KubeObject pod, String sourceNamespace) {
        return CompletableFuture.supplyAsync(() -> hooks.afterPodRestored(pod, sourceNamespace));
    }

    @Test
    void waitsForTheContainerThenExecsWithEveryDefault() throws Exception {
        RestoreHooks hooks = hooks(hc.hook(WARM));
        KubeObject pod = hc.pod("shop-restored", "api-7f9", Map.of("app", "api"), "api", "probe");
        CompletableFuture<HookOutcome> outcome = restored(hooks, pod, "shop");
        assertStillWaiting(outcome);
        assertTrue(hc.cluster.execCalls().isEmpty(), "nothing runs before the container is ready");
        hc.cluster.setPodReady("shop-restored", "api-7f9", true);
        HookOutcome done = outcome.get(20, TimeUnit.SECONDS);
        assertFalse(done.failed());
        assertEquals(List.of(
                new ExecRequest("shop-restored", "api-7f9", "api", List.of("/app/warm-cache", "--all"), Duration.ofSeconds(30)),
                new ExecRequest("shop-restored", "api-7f9", "probe", List.of("/app/check"), Duration.ofMinutes(1))),
                hc.cluster.execCalls(), "first container and execTimeout 30s by default");
        assertEquals(List.of("restore", "restore"), done.steps().stream().map(HookStepResult::phase).toList());
        assertEquals("ops/warm/cache", done.steps().get(0).hook());
    }

    @Test
    void aContainerNotReadyWithinWaitTimeoutSkipsTheCommandWithAWarningByDefault() throws Exception {
        RestoreHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: warm, namespace: ops}
                spec:
                  postHooks:
                  - exec: {command: [/app/warm-cache]}
                """));
        KubeObject pod = hc.pod("shop", "api-0", Map.of(), "api");
        CompletableFuture<HookOutcome> outcome = restored(hooks, pod, "shop");
        // The pod never becomes ready: move the clock until the default 5m wait has passed.
        while (!outcome.isDone()) {
            hc.clock.advance(Duration.ofSeconds(30));
            try {
                outcome.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // keep moving
            }
        }
        HookOutcome done = outcome.get();
        assertFalse(done.failed(), "onError defaults to Continue for restore hooks");
        HookStepResult step = done.steps().get(0);
        assertEquals("NotReady", step.outcome());
        assertNull(step.exitCode());
        assertEquals("container api was not ready within its waitTimeout of 5m; the command did not run", step.message());
        assertTrue(step.duration().compareTo(Duration.ofMinutes(5)) >= 0, step.duration().toString());
        assertEquals(1, done.warnings().size());
        assertTrue(hc.cluster.execCalls().isEmpty());
    }

    @Test
    void aFailingStepWithOnErrorFailStopsThePodsLaterSteps() throws Exception {
        RestoreHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: migrate, namespace: ops}
                spec:
                  postHooks:
                  - exec: {command: [/app/migrate], onError: Fail}
                  - exec: {command: [/app/after]}
                """));
        KubeObject pod = hc.pod("shop", "api-0", Map.of(), "api");
        hc.cluster.setPodReady("shop", "api-0", true);
        hc.cluster.onExec(request -> new ExecResult(4, "", "migration 12 failed\n", false));
        HookOutcome done = hooks.afterPodRestored(pod, "shop");
        assertTrue(done.failed());
        assertEquals(1, done.steps().size());
        assertEquals("migration 12 failed\n", done.steps().get(0).stderr());
        assertEquals("restore hook ops/migrate/migrate step 1 [\"/app/migrate\"] in pod shop/api-0 container api Failed: exit code 4; "
                + "1 later step not run", done.message());
    }

    @Test
    void aFailingStepWithOnErrorContinueLetsTheRestRun() {
        RestoreHooks hooks = hooks(hc.hook("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: two, namespace: ops}
                spec:
                  postHooks:
                  - exec: {command: [/app/first]}
                  - exec: {command: [/app/second]}
                """));
        KubeObject pod = hc.pod("shop", "api-0", Map.of(), "api");
        hc.cluster.setPodReady("shop", "api-0", true);
        hc.cluster.onExec(request -> new ExecResult(request.command().get(0).equals("/app/first") ? 1 : 0, "", "", false));
        HookOutcome done = hooks.afterPodRestored(pod, "shop");
        assertFalse(done.failed());
        assertEquals(List.of("Failed", "Succeeded"), done.steps().stream().map(HookStepResult::outcome).toList());
        assertEquals(1, done.warnings().size());
    }

    @Test
    void selectsByTheRestoredNamespaceAndLabels() {
        RestoreHooks hooks = hooks(hc.hook(WARM));
        KubeObject inSourceNamespace = hc.pod("shop", "api-0", Map.of("app", "api"), "api", "probe");
        KubeObject otherLabels = hc.pod("shop-restored", "web-0", Map.of("app", "web"), "web");
        assertSame(HookOutcome.NOTHING, hooks.afterPodRestored(inSourceNamespace, "shop"));
        assertSame(HookOutcome.NOTHING, hooks.afterPodRestored(otherLabels, "shop"));
        assertTrue(hc.cluster.execCalls().isEmpty());
    }

    @Test
    void noReferencesRunNothing() {
        assertSame(RestoreHooks.NONE, hooks());
    }

    private static void assertStillWaiting(CompletableFuture<?> pending) {
        org.junit.jupiter.api.Assertions.assertThrows(TimeoutException.class, () -> pending.get(50, TimeUnit.MILLISECONDS),
                "the hook waits for readiness");
    }
}

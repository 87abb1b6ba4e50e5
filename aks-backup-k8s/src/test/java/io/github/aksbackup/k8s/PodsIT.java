package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.KubeObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pod readiness and exec against the real server. There is no kubelet, so the test plays it:
 * it sets the pod's status through the status subresource, which is what a kubelet does.
 */
class PodsIT {
    private static KubernetesClusterClient client;
    private static String ns;

    @BeforeAll
    static void connect() {
        client = TestCluster.client();
        ns = TestCluster.newNamespace(client, "ready");
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    static void createPod(String name) {
        KubeObject pod = TestCluster.object("v1", "Pod", ns, name, Map.of());
        pod.content().put("spec", Map.of("containers", List.of(
                Map.of("name", "app", "image", "registry.invalid/app:1"),
                Map.of("name", "sidecar", "image", "registry.invalid/sidecar:1"))));
        client.create(TestCluster.PODS, pod);
    }

    /** Plays the kubelet: reports the given containers ready, and the pod Ready when all are. */
    static void reportReady(String pod, boolean app, boolean sidecar) throws Exception {
        String status = "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\""
                + (app && sidecar ? "True" : "False") + "\"}],\"containerStatuses\":["
                + containerStatus("app", app) + "," + containerStatus("sidecar", sidecar) + "]}}";
        CoreV1Api core = new CoreV1Api(client.apiClient());
        PatchUtils.patch(V1Pod.class, () -> core.patchNamespacedPodStatus(pod, ns, new V1Patch(status)).buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client.apiClient());
    }

    private static String containerStatus(String name, boolean ready) {
        return "{\"name\":\"" + name + "\",\"ready\":" + ready + ",\"restartCount\":0,\"image\":\"x\",\"imageID\":\"\","
                + "\"state\":{\"running\":{}}}";
    }

    @Test
    void returnsOnceTheWatchedPodBecomesReady() throws Exception {
        createPod("becomes-ready");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                () -> client.waitForPodReady(ns, "becomes-ready", null, Duration.ofMinutes(2)));
        reportReady("becomes-ready", true, false);
        reportReady("becomes-ready", true, true);
        assertTrue(waiting.get(2, TimeUnit.MINUTES));
    }

    @Test
    void waitsForOneContainerOnly() throws Exception {
        createPod("one-container");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                () -> client.waitForPodReady(ns, "one-container", "sidecar", Duration.ofMinutes(2)));
        reportReady("one-container", false, true);
        assertTrue(waiting.get(2, TimeUnit.MINUTES));
    }

    @Test
    void waitsForAPodThatDoesNotExistYet() throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                () -> client.waitForPodReady(ns, "later", null, Duration.ofMinutes(2)));
        createPod("later");
        reportReady("later", true, true);
        assertTrue(waiting.get(2, TimeUnit.MINUTES));
    }

    @Test
    void execReachesTheServerAndReportsPodsThatCannotRunCommands() {
        assertThrows(NotFoundException.class, () -> client.exec(
                new ExecRequest(ns, "no-such-pod", null, List.of("true"), Duration.ofSeconds(30))));
        // No kubelet here: the API server cannot forward the exec of an unscheduled pod, and says so.
        createPod("unscheduled");
        AksBackupException e = assertThrows(AksBackupException.class, () -> client.exec(
                new ExecRequest(ns, "unscheduled", "app", List.of("true"), Duration.ofSeconds(30))));
        assertTrue(e.getMessage().contains(ns + "/unscheduled"), e.getMessage());
    }

    @Test
    void returnsFalseWhenThePodIsNotReadyInTime() throws Exception {
        createPod("never-ready");
        reportReady("never-ready", true, false);
        assertFalse(client.waitForPodReady(ns, "never-ready", null, Duration.ofSeconds(2)));
        assertTrue(client.waitForPodReady(ns, "never-ready", "app", Duration.ofSeconds(2)));
    }
}

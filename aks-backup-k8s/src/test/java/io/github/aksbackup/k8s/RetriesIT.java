package io.github.aksbackup.k8s;

import static io.github.aksbackup.k8s.TestCluster.CONFIG_MAPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.spi.ListOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * Retries and the client-side rate limit, against the real server: the client makes each request once
 * and the engine's retry layer ({@link RetryingClusterClient}) repeats what failed transiently. The
 * server cannot be made to answer 429/503 on demand, so an interceptor inside client-java's HTTP client
 * answers the first requests in its place, the way an overloaded API server or a load balancer in front
 * of it does.
 */
class RetriesIT {

    /** Answers the first {@code failures} requests with the given responses, in turn; passes the rest on. */
    private static final class Faults implements Interceptor {
        private final List<int[]> failures; // {status, retryAfterSeconds or -1}
        private final AtomicInteger seen = new AtomicInteger();
        final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

        Faults(List<int[]> failures) {
            this.failures = failures;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            attemptNanos.add(System.nanoTime());
            int i = seen.getAndIncrement();
            if (i >= failures.size()) {
                return chain.proceed(chain.request());
            }
            int[] f = failures.get(i);
            String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected\","
                    + "\"code\":" + f[0] + (f[1] >= 0 ? ",\"details\":{\"retryAfterSeconds\":" + f[1] + "}" : "") + "}";
            Response.Builder r = new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1)
                    .code(f[0]).message("injected")
                    .body(ResponseBody.create(body, MediaType.get("application/json")));
            if (f[1] >= 0) {
                r.header("Retry-After", Integer.toString(f[1]));
            }
            return r.build();
        }
    }

    private static ApiClient apiClientWith(Interceptor interceptor) throws IOException {
        try (Reader r = Files.newBufferedReader(TestCluster.kubeconfig())) {
            ApiClient c = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
            c.setHttpClient(c.getHttpClient().newBuilder().addInterceptor(interceptor).build());
            return c;
        }
    }

    /** The engine's retry layer over the production client, as AksBackupClient puts it. */
    private static RetryingClusterClient retried(KubernetesClusterClient c, int attempts) {
        return new RetryingClusterClient(c, RetryOptions.DEFAULTS.withMaxAttempts(attempts)
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)), Clock.systemUTC());
    }

    @Test
    void theClientMakesEachRequestOnceAndReportsThrottlingWithTheServersRetryAfter() throws Exception {
        Faults faults = new Faults(List.of(new int[] {429, 3}));
        try (KubernetesClusterClient c = KubernetesClusterClient.builder().apiClient(apiClientWith(faults)).build()) {
            AksBackupException e = assertThrows(AksBackupException.class, () -> c.get(CONFIG_MAPS, "default", "anything"));
            assertEquals(ErrorCode.THROTTLED, e.errorCode());
            assertEquals(Optional.of(Duration.ofSeconds(3)), e.retryAfter());
            assertEquals(1, faults.attemptNanos.size());
        }
    }

    @Test
    void theRetryLayerRepeatsTooManyRequestsAndServerErrorsThenSucceeds() throws Exception {
        String ns;
        try (KubernetesClusterClient plain = TestCluster.client()) {
            ns = TestCluster.newNamespace(plain, "retries");
        }
        Faults faults = new Faults(List.of(new int[] {503, -1}, new int[] {500, -1}, new int[] {429, -1}));
        try (KubernetesClusterClient c = KubernetesClusterClient.builder().apiClient(apiClientWith(faults)).build()) {
            retried(c, 4).create(CONFIG_MAPS, TestCluster.configMap(ns, "after-faults", Map.of(), Map.of()));
            assertEquals(4, faults.attemptNanos.size());
            assertTrue(c.get(CONFIG_MAPS, ns, "after-faults").isPresent());
        }
    }

    @Test
    void waitsAsLongAsRetryAfterAsksBeforeRetryingAList() throws Exception {
        Faults faults = new Faults(List.of(new int[] {429, 1}));
        try (KubernetesClusterClient c = KubernetesClusterClient.builder().apiClient(apiClientWith(faults)).build()) {
            retried(c, 8).list(TestCluster.NAMESPACES, new ListOptions(null, null, 5)).iterator().next();
            assertEquals(2, faults.attemptNanos.size());
            // A lower bound the client guarantees (it must not retry earlier), not a measurement of speed.
            long gap = faults.attemptNanos.get(1) - faults.attemptNanos.get(0);
            assertTrue(gap >= Duration.ofSeconds(1).toNanos(), "retried after " + Duration.ofNanos(gap));
        }
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsWithClusterUnavailable() throws Exception {
        Faults faults = new Faults(List.of(new int[] {503, -1}, new int[] {503, -1}, new int[] {503, -1}));
        try (KubernetesClusterClient c = KubernetesClusterClient.builder().apiClient(apiClientWith(faults)).build()) {
            AksBackupException e = assertThrows(AksBackupException.class, () -> retried(c, 2).discover());
            assertEquals("ClusterUnavailable", e.code());
            assertEquals(2, faults.attemptNanos.size(), "two attempts in all, no retries inside the client");
        }
    }

    @Test
    void doesNotRetryRequestsTheServerRejected() throws Exception {
        Faults faults = new Faults(List.of(new int[] {403, -1}));
        try (KubernetesClusterClient c = KubernetesClusterClient.builder().apiClient(apiClientWith(faults)).build()) {
            AksBackupException e = assertThrows(AksBackupException.class,
                    () -> retried(c, 8).get(CONFIG_MAPS, "default", "anything"));
            assertEquals("Forbidden", e.code());
            assertEquals(1, faults.attemptNanos.size());
        }
    }

    @Test
    void spacesRequestsToTheConfiguredRate() throws Exception {
        Faults counting = new Faults(List.of());
        // 2 requests at once, 20 per second: 10 requests need 4 more 100 ms windows. The first request may
        // come late in its window, so the span is more than 3 whole windows (unlimited, it is a few ms).
        try (KubernetesClusterClient c = KubernetesClusterClient.builder().apiClient(apiClientWith(counting))
                .rateLimit(20, 2).build()) {
            for (int i = 0; i < 10; i++) {
                c.get(TestCluster.NAMESPACES, null, "default");
            }
        }
        long span = counting.attemptNanos.get(9) - counting.attemptNanos.get(0);
        assertTrue(span > Duration.ofMillis(300).toNanos(), "10 requests took " + Duration.ofNanos(span));
    }
}

package io.github.aksbackup.k8s;

import static io.github.aksbackup.k8s.TestCluster.CONFIG_MAPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1ResourceQuotaSpec;
import io.kubernetes.client.openapi.models.V1ResourceQuotaStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A restore into namespaces that refuse what it creates, against the real API server: one guarded by a
 * validating admission webhook (failurePolicy Fail) whose service does not exist, one guarded by a
 * webhook that denies every ConfigMap, and one whose ResourceQuota is full. Those items fail at once —
 * one request each, however patient the client's retries are — with the webhook or quota named in the
 * message and in the advice; the objects of the namespace nobody guards restore.
 */
class AdmissionFailuresIT {
    private static final Set<String> VERBS = Set.of("get", "list", "create", "delete", "patch");
    private static final ResourceType VALIDATING_WEBHOOKS = new ResourceType("admissionregistration.k8s.io", "v1",
            "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, VERBS);
    private static final List<String> NAMES = List.of("cm-1", "cm-2", "cm-3", "cm-4");

    @Test
    void itemsAWebhookOrQuotaRefusesFailAtOnceNamingItAndTheRestRestores() throws Exception {
        try (KubernetesClusterClient cluster = TestCluster.client();
                DenyingWebhook denying = new DenyingWebhook("ConfigMaps here need the label team")) {
            String id = TestCluster.unique("adm");
            String unreachable = labelledNamespace(cluster, "unreachable", id);
            String denied = labelledNamespace(cluster, "denied", id);
            String full = TestCluster.newNamespace(cluster, "quota");
            String free = TestCluster.newNamespace(cluster, "free");
            List<String> all = List.of(unreachable, denied, full, free);
            for (String ns : all) {
                for (String name : NAMES) {
                    cluster.create(CONFIG_MAPS, TestCluster.configMap(ns, name, Map.of(), Map.of("k", name)));
                }
            }
            CountingCluster counting = new CountingCluster(cluster);
            try (AksBackupClient sdk = AksBackupClient.builder()
                    .vault(new DirectoryObjectStore(Files.createTempDirectory("aksb-admission-vault")))
                    .cluster(counting).buildClient()) {
                sdk.createVault();
                sdk.configureProtection(new BackupInstance("adm", "test-cluster", "aks-e2e-daily", BackupConfiguration
                        .builder().includedNamespaces(all).includeClusterScopeResources(false).build(), null, null),
                        PolicyJson.read(JsonTrees.write(TestCluster.resource("e2e-policy.json"))));
                Job backup = sdk.backupNow("adm");
                for (String ns : all) {
                    for (String name : NAMES) {
                        cluster.delete(CONFIG_MAPS, ns, name);
                    }
                }
                String missingService = "no-such-service-" + id;
                List<String> webhooks = List.of(
                        webhook(cluster, "unreachable-" + id, unreachable + "." + id,
                                Map.of("service", Map.of("namespace", "default", "name", missingService, "path", "/validate"))),
                        webhook(cluster, "denied-" + id, denied + "." + id,
                                Map.of("url", denying.url(), "caBundle", denying.caBundle())));
                try {
                    fillQuota(cluster, full);
                    awaitRefusal(cluster, unreachable, ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE);
                    awaitRefusal(cluster, denied, ErrorCode.ADMISSION_WEBHOOK_DENIED);
                    awaitRefusal(cluster, full, ErrorCode.QUOTA_EXCEEDED);
                    counting.creates.clear();

                    long began = System.nanoTime();
                    RestoreResult restore = sdk.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                            .includedNamespaces(all).includeClusterScopeResources(false).build());
                    Duration took = Duration.ofNanos(System.nanoTime() - began);
                    System.out.println("AdmissionFailuresIT: restore of " + 4 * NAMES.size() + " ConfigMaps, "
                            + 3 * NAMES.size() + " of them refused, took " + took.toMillis() + " ms");

                    String unreachableHook = "\"" + unreachable + "." + id + ".example.com\"";
                    assertFailedOnce(restore, counting, unreachable, ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE,
                            "admission webhook " + unreachableHook, unreachableHook);
                    String deniedHook = "\"" + denied + "." + id + ".example.com\"";
                    assertFailedOnce(restore, counting, denied, ErrorCode.ADMISSION_WEBHOOK_DENIED,
                            "admission webhook " + deniedHook + " denied the request: ConfigMaps here need the label team",
                            deniedHook);
                    assertFailedOnce(restore, counting, full, ErrorCode.QUOTA_EXCEEDED, "exceeded quota: full",
                            "ResourceQuota \"full\"");
                    for (String name : NAMES) {
                        assertEquals(ItemAction.Created, item(restore, free, name).action());
                        assertTrue(cluster.get(CONFIG_MAPS, free, name).isPresent());
                    }
                    assertTrue(restore.job().errors().stream().allMatch(e -> e.message().contains(missingService)
                            || !e.code().equals(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE.id())), "the missing service is named");
                    assertTrue(denying.reviews() >= NAMES.size(), "the API server asked the denying webhook");
                } finally {
                    for (String name : webhooks) {
                        cluster.delete(VALIDATING_WEBHOOKS, null, name);
                    }
                }
            }
        }
    }

    private static void assertFailedOnce(RestoreResult restore, CountingCluster counting, String ns, ErrorCode code,
            String inMessage, String inAdvice) {
        for (String name : NAMES) {
            ItemResult item = item(restore, ns, name);
            assertEquals(ItemAction.Failed, item.action(), () -> ns + "/" + name + ": " + item);
            assertEquals(1, counting.creates.get(ns + "/" + name).get(), ns + "/" + name + " was sent once, not retried");
            JobError error = restore.job().errors().stream().filter(e -> e.item() != null && e.item().endsWith(ns + "/" + name))
                    .findFirst().orElseThrow(() -> new AssertionError("no error for " + ns + "/" + name));
            assertEquals(code.id(), error.code(), error::toString);
            assertTrue(error.message().contains(inMessage), error::message);
            assertTrue(error.recommendedAction().contains(inAdvice), error::recommendedAction);
        }
    }

    private static ItemResult item(RestoreResult restore, String ns, String name) {
        return restore.items().stream().filter(i -> ns.equals(i.namespace()) && name.equals(i.name())
                && i.resource().endsWith("ConfigMap")).findFirst()
                .orElseThrow(() -> new AssertionError("no item for " + ns + "/" + name + " in " + restore.items()));
    }

    private static String labelledNamespace(KubernetesClusterClient cluster, String prefix, String id) {
        String ns = TestCluster.unique(prefix);
        cluster.create(TestCluster.NAMESPACES, TestCluster.object("v1", "Namespace", null, ns, Map.of("aksb-guard", ns + "." + id)));
        return ns;
    }

    /** A webhook with failurePolicy Fail for CREATE and UPDATE of ConfigMaps in namespaces labelled {@code aksb-guard=guard}. */
    private static String webhook(KubernetesClusterClient cluster, String name, String guard, Map<String, Object> clientConfig) {
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("name", guard + ".example.com");
        hook.put("failurePolicy", "Fail");
        hook.put("sideEffects", "None");
        hook.put("admissionReviewVersions", List.of("v1"));
        // The longest the API server allows: a slow answer on a loaded machine must still be the webhook's answer.
        hook.put("timeoutSeconds", 30);
        hook.put("namespaceSelector", Map.of("matchLabels", Map.of("aksb-guard", guard)));
        hook.put("rules", List.of(Map.of("apiGroups", List.of(""), "apiVersions", List.of("v1"),
                "operations", List.of("CREATE", "UPDATE"), "resources", List.of("configmaps"))));
        hook.put("clientConfig", clientConfig);
        KubeObject config = TestCluster.object("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", null, name,
                Map.of());
        config.content().put("webhooks", List.of(hook));
        cluster.create(VALIDATING_WEBHOOKS, config);
        return name;
    }

    /**
     * A ResourceQuota named {@code full} allowing the ConfigMaps there are: no more. No controller runs on
     * the test server to count usage, so the status is written the way the quota controller would.
     */
    private static void fillQuota(KubernetesClusterClient cluster, String ns) throws Exception {
        CoreV1Api core = new CoreV1Api(cluster.apiClient());
        Map<String, Quantity> hard = Map.of("configmaps", new Quantity("1"));
        core.createNamespacedResourceQuota(ns, new V1ResourceQuota().metadata(new V1ObjectMeta().name("full"))
                .spec(new V1ResourceQuotaSpec().hard(hard))).execute();
        V1ResourceQuota quota = core.readNamespacedResourceQuota("full", ns).execute();
        core.replaceNamespacedResourceQuotaStatus("full", ns, quota.status(new V1ResourceQuotaStatus().hard(hard)
                .used(Map.of("configmaps", new Quantity("1"))))).execute();
    }

    /** Waits until the API server applies the new admission rule to the namespace (its informers take a moment). */
    private static void awaitRefusal(KubernetesClusterClient cluster, String ns, ErrorCode expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                cluster.create(CONFIG_MAPS, TestCluster.configMap(ns, "probe-" + TestCluster.unique("p"), Map.of(), Map.of()));
            } catch (AksBackupException e) {
                if (e.errorCode() == expected) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(ns + " still admits ConfigMaps, expected " + expected);
            }
            Thread.sleep(200);
        }
    }

    /** The production client, counting the creates each object gets. */
    private static final class CountingCluster implements ClusterClient {
        final KubernetesClusterClient delegate;
        final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();

        CountingCluster(KubernetesClusterClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<ResourceType> discover() {
            return delegate.discover();
        }

        @Override
        public Iterable<Page> list(ResourceType type, ListOptions options) {
            return delegate.list(type, options);
        }

        @Override
        public java.util.Optional<KubeObject> get(ResourceType type, String namespace, String name) {
            return delegate.get(type, namespace, name);
        }

        @Override
        public KubeObject create(ResourceType type, KubeObject object) {
            creates.computeIfAbsent(object.namespace() + "/" + object.name(), k -> new AtomicInteger()).incrementAndGet();
            return delegate.create(type, object);
        }

        @Override
        public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
            return delegate.mergePatch(type, namespace, name, patch);
        }

        @Override
        public boolean delete(ResourceType type, String namespace, String name) {
            return delegate.delete(type, namespace, name);
        }

        @Override
        public ExecResult exec(ExecRequest request) {
            return delegate.exec(request);
        }

        @Override
        public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
            return delegate.waitForPodReady(namespace, pod, container, timeout);
        }

        @Override
        public java.util.Optional<PatchMetadata> patchMetadata(String apiVersion, String kind) {
            return delegate.patchMetadata(apiVersion, kind);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}

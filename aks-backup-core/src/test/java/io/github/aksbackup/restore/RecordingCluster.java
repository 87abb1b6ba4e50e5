package io.github.aksbackup.restore;

import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the creates a restore makes and how many ran at once. */
final class RecordingCluster implements ClusterClient {
    final ClusterClient inner;
    final List<String> creates = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    volatile Runnable duringCreate = () -> { };

    RecordingCluster(ClusterClient inner) {
        this.inner = inner;
    }

    @Override
    public List<ResourceType> discover() {
        return inner.discover();
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        return inner.list(type, options);
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        return inner.get(type, namespace, name);
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            duringCreate.run();
            KubeObject created = inner.create(type, object);
            creates.add(type.kind() + " " + created.qualifiedName());
            return created;
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        return inner.mergePatch(type, namespace, name, patch);
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        return inner.delete(type, namespace, name);
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        return inner.exec(request);
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        return inner.waitForPodReady(namespace, pod, container, timeout);
    }

    @Override
    public java.util.Optional<io.github.aksbackup.spi.PatchMetadata> patchMetadata(String apiVersion, String kind) {
        return inner.patchMetadata(apiVersion, kind);
    }

    @Override
    public String describe() {
        return "recording " + inner.describe();
    }
}

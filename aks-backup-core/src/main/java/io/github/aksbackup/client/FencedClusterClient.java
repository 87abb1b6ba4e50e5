package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster as a scheduled backup sees it: every call first asks {@code stop} whether the backup
 * must end (its engine lost the instance's lease, or the service is shutting down and the grace
 * period is over), and fails with that reason's code if so. A backup spends most of its time in
 * cluster calls (listing pages, waiting for snapshots), so it ends soon after, writing no manifest:
 * what it wrote is garbage that collection reclaims.
 */
final class FencedClusterClient implements ClusterClient {
    private final ClusterClient delegate;
    private final Supplier<AksBackupException> stop;

    /** {@code stop} returns the error to end with, or {@code null} to go on. */
    FencedClusterClient(ClusterClient delegate, Supplier<AksBackupException> stop) {
        this.delegate = delegate;
        this.stop = stop;
    }

    /**
     * When a scheduled backup of {@code instance} must end: once {@code lease} is no longer held
     * ({@code LeaseLost}) or {@code abandon} gives a reason; {@code null} while it may go on.
     */
    static Supplier<AksBackupException> stopOf(String instance, io.github.aksbackup.spi.LeaseManager.Lease lease,
            Supplier<AksBackupException> abandon) {
        return () -> lease != null && !lease.held()
                ? new AksBackupException(ErrorCode.LEASE_LOST, "this engine lost the lease of instance " + instance
                        + "; another engine sharing the vault takes over its schedule")
                : abandon.get();
    }

    private void check() {
        AksBackupException e = stop.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public List<ResourceType> discover() {
        check();
        return delegate.discover();
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        check();
        Iterable<Page> pages = delegate.list(type, options);
        return () -> {
            Iterator<Page> it = pages.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Page next() {
                    check();
                    return it.next();
                }
            };
        };
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        check();
        return delegate.get(type, namespace, name);
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        check();
        return delegate.create(type, object);
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        check();
        return delegate.mergePatch(type, namespace, name, patch);
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        check();
        return delegate.delete(type, namespace, name);
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        check();
        return delegate.exec(request);
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        check();
        return delegate.waitForPodReady(namespace, pod, container, timeout);
    }

    @Override
    public java.util.Optional<io.github.aksbackup.spi.PatchMetadata> patchMetadata(String apiVersion, String kind) {
        check();
        return delegate.patchMetadata(apiVersion, kind);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}

package io.github.aksbackup.backup;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The collector: what the cluster serves (discovery) and its objects, type by type, page by page, the
 * next page fetched and prepared ahead on the prefetching executor ({@link PrefetchedPages}). Knows
 * nothing of selection: what to prepare of an object is the caller's function.
 */
final class ItemCollector {
    /** Claims first (pods need to know them), pods last (their hooks run once everything else is captured). */
    static final Comparator<ResourceType> NAMESPACED_ORDER = Comparator
            .comparingInt((ResourceType t) -> GroupKind.PERSISTENT_VOLUME_CLAIM.matches(t) ? 0
                    : GroupKind.POD.matches(t) ? 2 : 1)
            .thenComparing(ResourceType::displayName);

    private final ClusterClient cluster;
    private final Executor prefetch;
    private final int pageSize;

    ItemCollector(ClusterClient cluster, Executor prefetch, int pageSize) {
        this.cluster = cluster;
        this.prefetch = prefetch;
        this.pageSize = pageSize;
    }

    /** The types the cluster serves that can be listed and read, in display name order. */
    List<ResourceType> listableTypes(JobRecorder job) {
        job.phase("discovering resource types");
        List<ResourceType> out = new ArrayList<>();
        for (ResourceType t : cluster.discover()) {
            if (t.allows("list") && t.allows("get")) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(ResourceType::displayName));
        return out;
    }

    /** The namespaced types of {@code types} in the order a backup takes them. */
    static List<ResourceType> namespacedInOrder(List<ResourceType> types) {
        return types.stream().filter(ResourceType::namespaced).sorted(NAMESPACED_ORDER).toList();
    }

    static boolean isNamespaceType(ResourceType t) {
        return GroupKind.NAMESPACE.matches(t);
    }

    /** The Namespace type among {@code types}. */
    static ResourceType namespaceType(List<ResourceType> types) {
        return types.stream().filter(ItemCollector::isNamespaceType).findFirst()
                .orElseThrow(() -> new AksBackupException(ErrorCode.DISCOVERY_FAILED, "the cluster does not serve v1/Namespace"));
    }

    /** Every page of a type, fetched as the caller goes (no prefetching); failures propagate as they are. */
    Iterable<Page> pages(ResourceType t) {
        return cluster.list(t, new ListOptions(null, null, pageSize));
    }

    /**
     * The pages of a type in one namespace ({@code null}: every namespace, or the cluster scope), each
     * fetched ahead with {@code prepare} applied to its items on the prefetching executor; failures of
     * the cluster surface as {@link ListingFailure}.
     */
    Iterable<PrefetchedPages.Fetched> prefetched(ResourceType t, String namespace, String labelSelector,
            Function<KubeObject, RecoveryPointWriter.Prepared> prepare) {
        Iterable<Page> pages;
        try {
            pages = cluster.list(t, new ListOptions(namespace, labelSelector, pageSize));
        } catch (RuntimeException e) {
            throw new ListingFailure(e);
        }
        return () -> new PrefetchedPages(pages, prepare, prefetch, t.displayName());
    }

    /** One object by name, for a cluster-scoped object a selected one needs; failures surface as {@link ListingFailure}. */
    Optional<KubeObject> get(ResourceType t, String name) {
        try {
            return cluster.get(t, null, name);
        } catch (RuntimeException e) {
            throw new ListingFailure(e);
        }
    }
}

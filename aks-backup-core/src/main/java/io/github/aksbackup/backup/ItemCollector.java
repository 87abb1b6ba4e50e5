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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The collector: what the cluster serves (discovery) and its objects, type by type, page by page, the
 * next page fetched and prepared ahead on the prefetching executor ({@link PrefetchedPages}). Knows
 * nothing of selection: what to prepare of an object is the caller's function.
 *
 * <p>Listings {@linkplain #plan planned} in advance start their first page up to
 * {@value #LISTINGS_AHEAD} listings before their turn: most types of a namespace are empty or small,
 * and their LIST round trips then overlap with the work on the types before them instead of adding
 * up one after the other. Memory holds at most one page per listing started ahead.
 */
final class ItemCollector {
    /** Claims first (pods need to know them), pods last (their hooks run once everything else is captured). */
    static final Comparator<ResourceType> NAMESPACED_ORDER = Comparator
            .comparingInt((ResourceType t) -> GroupKind.PERSISTENT_VOLUME_CLAIM.matches(t) ? 0
                    : GroupKind.POD.matches(t) ? 2 : 1)
            .thenComparing(ResourceType::displayName);

    /** Listings whose first page is fetched before their turn (bounded: each holds a page until taken). */
    static final int LISTINGS_AHEAD = 4;

    private final ClusterClient cluster;
    private final Executor prefetch;
    private final int pageSize;
    /** The planned listings in the order they are taken, and which of them have started. */
    private List<Listing> planned = List.of();
    private Function<ResourceType, Function<KubeObject, RecoveryPointWriter.Prepared>> plannedPrepare;
    private int startedUpTo;
    private final Map<Listing, PrefetchedPages> started = new HashMap<>();

    /** One listing: a type in one namespace ({@code null}: every namespace) with a label selector or {@code null}. */
    record Listing(ResourceType type, String namespace, String labelSelector) {
    }

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
     * Plans the listings to come, in the order they will be asked for with {@link #prefetched}, each
     * with what {@code prepare} gives for its type; starts the first {@value #LISTINGS_AHEAD}.
     */
    void plan(List<Listing> listings, Function<ResourceType, Function<KubeObject, RecoveryPointWriter.Prepared>> prepare) {
        planned = List.copyOf(listings);
        plannedPrepare = prepare;
        started.clear();
        startedUpTo = 0;
        startAhead(0);
    }

    /** Starts the planned listings before index {@code from + LISTINGS_AHEAD} not started yet. */
    private void startAhead(int from) {
        int until = Math.min(planned.size(), from + LISTINGS_AHEAD);
        for (; startedUpTo < until; startedUpTo++) {
            Listing l = planned.get(startedUpTo);
            try {
                started.put(l, start(l, plannedPrepare.apply(l.type())));
            } catch (ListingFailure e) {
                // Not this listing's turn: it starts afresh at its turn and fails there, as its own.
            }
        }
    }

    private PrefetchedPages start(Listing l, Function<KubeObject, RecoveryPointWriter.Prepared> prepare) {
        Iterable<Page> pages;
        try {
            pages = cluster.list(l.type(), new ListOptions(l.namespace(), l.labelSelector(), pageSize));
        } catch (RuntimeException e) {
            throw new ListingFailure(e);
        }
        return new PrefetchedPages(pages, prepare, prefetch, l.type().displayName());
    }

    /**
     * The pages of a type in one namespace ({@code null}: every namespace, or the cluster scope), each
     * fetched ahead with {@code prepare} applied to its items on the prefetching executor; failures of
     * the cluster surface as {@link ListingFailure}. A planned listing started ahead is taken as it is
     * (once: asked for again, after a restart, it starts afresh), and the listings after it start.
     */
    Iterable<PrefetchedPages.Fetched> prefetched(ResourceType t, String namespace, String labelSelector,
            Function<KubeObject, RecoveryPointWriter.Prepared> prepare) {
        Listing l = new Listing(t, namespace, labelSelector);
        PrefetchedPages ahead = started.remove(l);
        int at = planned.indexOf(l);
        if (at >= 0) {
            startAhead(at + 1);
        }
        PrefetchedPages pages = ahead != null ? ahead : start(l, prepare);
        return () -> pages;
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

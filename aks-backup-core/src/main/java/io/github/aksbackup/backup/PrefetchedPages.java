package io.github.aksbackup.backup;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.Page;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * The pages of one listing, one page fetched ahead on the prefetching executor and its objects
 * prepared for the writer there (so the cluster's encoding, the canonical form and hashing, and the
 * writer's compression overlap; memory holds at most two pages). Failures of the cluster surface as
 * {@link ListingFailure}. One task of a listing runs at a time, each submitted after the one before
 * ended (several listings may run side by side: {@link ItemCollector#plan}).
 */
final class PrefetchedPages implements Iterator<PrefetchedPages.Fetched> {
    /** A fetched page and, item by item, what {@code prepare} made of it ({@code null} for items it left). */
    record Fetched(Page page, List<RecoveryPointWriter.Prepared> prepared) {
    }

    private final Iterable<Page> pages;
    private final Function<KubeObject, RecoveryPointWriter.Prepared> prepare;
    private final Executor prefetch;
    private final String what;
    /** Used by the prefetching tasks only. */
    private Iterator<Page> it;
    private Future<Optional<Fetched>> ahead;
    private Optional<Fetched> current;

    /**
     * Starts fetching the first page.
     *
     * @param what the listing, for the message of an interrupted backup
     */
    PrefetchedPages(Iterable<Page> pages, Function<KubeObject, RecoveryPointWriter.Prepared> prepare, Executor prefetch,
            String what) {
        this.pages = pages;
        this.prepare = prepare;
        this.prefetch = prefetch;
        this.what = what;
        this.ahead = fetch();
    }

    private Future<Optional<Fetched>> fetch() {
        FutureTask<Optional<Fetched>> task = new FutureTask<>(() -> {
            if (it == null) {
                it = pages.iterator();
            }
            if (!it.hasNext()) {
                return Optional.<Fetched>empty();
            }
            Page page = it.next();
            List<RecoveryPointWriter.Prepared> prepared = new ArrayList<>(page.items().size());
            for (KubeObject item : page.items()) {
                prepared.add(prepare.apply(item));
            }
            return Optional.of(new Fetched(page, prepared));
        });
        prefetch.execute(task);
        return task;
    }

    @Override
    public boolean hasNext() {
        if (current == null) {
            try {
                current = ahead.get();
            } catch (ExecutionException e) {
                throw new ListingFailure(e.getCause() instanceof RuntimeException r ? r
                        : new AksBackupException(ErrorCode.LISTING_FAILED, String.valueOf(e.getCause()), null, e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AksBackupException(ErrorCode.CANCELLED, "the backup was interrupted while listing " + what);
            }
        }
        return current.isPresent();
    }

    @Override
    public Fetched next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Fetched p = current.get();
        current = null;
        ahead = fetch();
        return p;
    }
}

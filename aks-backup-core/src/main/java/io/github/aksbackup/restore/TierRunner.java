package io.github.aksbackup.restore;

import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.kube.RestorePriority;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Runs one tier: its objects in parallel (at most the restore's parallelism at once, a few times that
 * read ahead), their items recorded in restore order once the tier is done, so that a dry run and a
 * real run report the same items in the same order. After the namespace tier, it creates the
 * namespaces restored objects need that the recovery point does not hold.
 */
final class TierRunner {
    /** Tasks queued before the ones started are waited for: bounds the memory of a tier of millions. */
    private static final int MAX_PENDING = 10_000;

    private final RestoreRun run;
    private final RestorePlan plan;
    private final RestoreScope scope;
    private final SectionReader entries;
    private final ServedTypes served;
    private final ItemRestorer items;
    private final MissingNamespaces namespaces;
    private final Executor executor;
    private final int parallelism;
    /** Restore order across the run; only the thread running the tiers counts. */
    private long seq;

    TierRunner(RestoreRun run, RestorePlan plan, RestoreScope scope, SectionReader entries, ServedTypes served, ItemRestorer items,
            MissingNamespaces namespaces, Executor executor, int parallelism) {
        this.run = run;
        this.plan = plan;
        this.scope = scope;
        this.entries = entries;
        this.served = served;
        this.items = items;
        this.namespaces = namespaces;
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /** Restores the objects of {@code sections}, the tier {@code tier}. */
    void run(RestorePriority tier, List<Section> sections) {
        ConcurrentSkipListMap<Long, ItemResult> results = new ConcurrentSkipListMap<>();
        Semaphore inFlight = new Semaphore(parallelism * 4);
        try (BoundedExecutor workers = new BoundedExecutor(executor, parallelism)) {
            TaskGroup tasks = new TaskGroup(workers);
            try {
                for (Section s : sections) {
                    Optional<ResourceType> targetType = served.targetType(s, run.dryRun, run.crdsInPlace);
                    for (ManifestEntry e : entries.entries(s, true)) {
                        if (!scope.inScope(s, e)) {
                            continue;
                        }
                        long n = seq++;
                        TaskGroup.acquire(inFlight);
                        tasks.submit(() -> {
                            try {
                                if ((n & 255) == 0) {
                                    run.job.progress();
                                }
                                ItemResult r = items.restore(s, targetType, e);
                                if (r != null) {
                                    results.put(n, r);
                                }
                            } finally {
                                inFlight.release();
                            }
                        });
                        if (tasks.size() > MAX_PENDING) {
                            tasks.awaitAll();
                        }
                    }
                }
                tasks.awaitAll();
            } finally {
                tasks.cancelAll();
            }
        }
        if (tier == RestorePriority.NAMESPACES) {
            for (String ns : plan.sourceNamespaces()) {
                long n = seq++;
                ItemResult r = namespaces.ensure(run.config.targetNamespace(ns));
                if (r != null) {
                    results.put(n, r);
                }
            }
        }
        results.values().forEach(run.job::item);
        run.job.progress();
    }
}

package io.github.aksbackup.backup;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.hook.BackupHookContext;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.kube.KindTable;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes backups: streams the selected objects of a cluster page by page into a recovery point of the
 * repository, snapshots the volumes of selected claims, and runs backup hooks around each pod's
 * snapshots.
 *
 * <p>Selection follows the instance's {@link BackupConfiguration}: included/excluded namespaces
 * ({@code kube-system}, {@code kube-public} and {@code kube-node-lease} never), included/excluded
 * types, label selectors (any one matching), the {@code velero.io/exclude-from-backup=true}
 * label or annotation (such objects are listed as skipped, with the reason), and cluster-scoped objects when {@code includeClusterScopeResources} is on. With
 * {@code secretData} {@code MetadataOnly}, Secrets are stored without their content
 * ({@link Sanitizer#withoutSecretData}). Whatever
 * the switch says, the Namespace objects of selected namespaces and the cluster-scoped objects a
 * selected object needs come along unless their type is excluded explicitly: the PersistentVolume of
 * a claim, the StorageClass of a claim or volume, the CustomResourceDefinition of a custom resource,
 * the ClusterRole a RoleBinding refers to.
 *
 * <p>Volumes: with {@code snapshotVolumes} on, the volume of every selected, bound claim whose CSI
 * driver is {@value io.github.aksbackup.spi.CsiDrivers#AZURE_DISK} is snapshotted (claims used by a selected pod between its pre
 * and post hooks, the others afterwards); a volume of any other driver is skipped with a warning
 * naming the claim and the driver.
 *
 * <p>Outcome: an item that fails (a type that cannot be listed, a snapshot that fails, a pod whose
 * hook fails) is counted and listed; the recovery point is then {@code Partial} and the job
 * {@code CompletedWithWarnings}. The job is {@code Failed}, and no recovery point exists, only when
 * the backup could not be written at all. Memory is bounded by the page size and the pack size.
 * Cluster calls that fail transiently are repeated ({@link RetryingClusterClient}).
 *
 * <p>Shape: this class only coordinates, one pass after the other — namespaces, namespaced types
 * (claims first, pods last), the volumes of claims no pod used, cluster-scoped types — over steps with
 * one job each: the {@link ItemCollector} (discovery, paged listing, the next page fetched and prepared
 * on the prefetching executor), the {@link ItemPreparer} (selection, exclusion, sanitizing, what
 * selected objects need), the {@link VolumeSnapshotStep} (hooks around each pod's snapshots) and the
 * {@link BackupWriter} (packs, manifest, counts). One backup's state is a {@link BackupRun}.
 * Thread-safe; one call runs one backup. The engine owns no threads: the prefetching executor is the
 * caller's.
 */
public final class BackupEngine {
    private static final Logger LOG = LoggerFactory.getLogger(BackupEngine.class);

    private final Repository repository;
    private final ClusterClient cluster;
    private final VolumeSnapshotter snapshotter;
    private final HookRunner hooks;
    private final Clock clock;
    private final BackupOptions options;
    private final Executor prefetch;

    /**
     * An engine.
     *
     * @param snapshotter takes volume snapshots; {@code null} when none is available (every volume is then skipped with a warning)
     * @param prefetch runs the fetching and preparing of the next page of a listing, and of the first pages of the next
     *     few listings ({@link ItemCollector#LISTINGS_AHEAD}): at most that many tasks plus one at a time per running backup;
     *     the caller owns it (and shuts it down when no backup runs any more)
     */
    public BackupEngine(Repository repository, ClusterClient cluster, VolumeSnapshotter snapshotter, HookRunner hooks, Clock clock,
            BackupOptions options, Executor prefetch) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.cluster = RetryingClusterClient.wrap(Objects.requireNonNull(cluster, "cluster"));
        this.snapshotter = snapshotter;
        this.hooks = hooks == null ? HookRunner.NONE : hooks;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = options == null ? BackupOptions.DEFAULTS : options;
        this.prefetch = Objects.requireNonNull(prefetch, "prefetch");
    }

    /** Takes the backup, recording into {@code job}; never throws for backup failures (see the job). */
    public BackupResult run(BackupSpec spec, JobRecorder job) {
        job.recoveryPoint(spec.recoveryPointId());
        return new Passes(new BackupRun(spec, job)).execute();
    }

    /** The passes of one backup over its steps. */
    private final class Passes {
        final BackupRun run;
        final ItemCollector collector = new ItemCollector(cluster, prefetch, options.pageSize());
        final ItemPreparer items;
        final VolumeSnapshotStep volumes;
        final BackupWriter writer;

        Passes(BackupRun run) {
            this.run = run;
            this.items = new ItemPreparer(run);
            this.volumes = new VolumeSnapshotStep(run, cluster, snapshotter, clock, options);
            this.writer = new BackupWriter(repository, run);
        }

        BackupResult execute() {
            BackupSpec spec = run.spec;
            BackupConfiguration config = run.config;
            try {
                run.job.phase("preparing");
                run.selection = new ObjectSelection(config.includedNamespaces(), config.excludedNamespaces(),
                        BackupConfiguration.SYSTEM_NAMESPACES, config.includedResourceTypes(), config.excludedResourceTypes(),
                        config.labelSelectors());
                run.hooks = hooks.backupHooks(new BackupHookContext(cluster, config.backupHookReferences(),
                        spec.instance().name(), run.job.id(), clock));
                List<ResourceType> types = collector.listableTypes(run.job);
                for (String pattern : run.selection.patternsMatchingNone(types)) {
                    run.job.warning(pattern + " names no resource type the cluster serves" + ObjectSelection.SELECTS_NOTHING);
                }
                writer.start();
                namespaces(ItemCollector.namespaceType(types));
                List<ResourceType> namespaced = ItemCollector.namespacedInOrder(types).stream().filter(run.selection::typeSelected).toList();
                collector.plan(listings(namespaced), items::preparer);
                for (ResourceType t : namespaced) {
                    namespacedType(t);
                }
                volumes.snapshotRemainingClaims();
                for (ResourceType t : types) {
                    if (!t.namespaced() && !ItemCollector.isNamespaceType(t)) {
                        clusterType(t);
                    }
                }
                return writer.commit();
            } catch (RuntimeException thrown) {
                RuntimeException e = thrown instanceof ListingFailure f ? f.cause : thrown;
                LOG.warn("backup {} of {} failed: {}", spec.recoveryPointId(), spec.instance().name(), e.toString());
                run.job.error(e, null);
                writer.abandon();
                volumes.deleteSnapshots();
                return new BackupResult(run.job.finish(JobStatus.Failed), null);
            }
        }

        /** Settles the selected namespaces and stores their Namespace objects (unless that type is excluded). */
        private void namespaces(ResourceType nsType) {
            run.job.phase("listing namespaces");
            boolean store = run.selection.typeNotExcluded(nsType);
            if (store) {
                writer.beginType(nsType);
            }
            TypeCounts counts = new TypeCounts(run.job);
            for (Page page : collector.pages(nsType)) {
                if (page.restarted() && store) {
                    writer.restartType(counts);
                }
                for (KubeObject ns : page.items()) {
                    if (!run.selection.namespaceSelected(ns.name())) {
                        continue;
                    }
                    run.selectedNamespaces.add(ns.name());
                    if (store) {
                        clusterObject(nsType, ns, counts);
                    }
                }
            }
            if (store) {
                writer.endType();
            }
            for (String wanted : run.selection.includedNamespaces()) {
                if (!run.selectedNamespaces.contains(wanted) && run.selection.namespaceSelected(wanted)) {
                    run.job.warning("included namespace " + wanted + " does not exist in the cluster");
                }
            }
        }

        /** The namespaces a namespaced type is listed in, one listing each ({@code null}: all at once). */
        private List<String> scopes() {
            return run.selection.includedNamespaces().isEmpty() ? Collections.singletonList(null) : new ArrayList<>(run.selectedNamespaces);
        }

        /** The listings of these namespaced types, in the order they are taken. */
        private List<ItemCollector.Listing> listings(List<ResourceType> namespaced) {
            List<ItemCollector.Listing> out = new ArrayList<>();
            if (!run.selectedNamespaces.isEmpty()) {
                for (ResourceType t : namespaced) {
                    for (String scope : scopes()) {
                        out.add(new ItemCollector.Listing(t, scope, run.selection.serverSelector()));
                    }
                }
            }
            return out;
        }

        private void namespacedType(ResourceType t) {
            if (run.selectedNamespaces.isEmpty()) {
                return;
            }
            List<String> scopes = scopes();
            String serverSelector = run.selection.serverSelector();
            writer.takeType(t, counts -> listScopes(t, scopes, serverSelector, counts));
        }

        /** Lists a type in every scope; false when a listing restarted and the type must be taken again. */
        private boolean listScopes(ResourceType t, List<String> scopes, String serverSelector, TypeCounts counts) {
            boolean pods = GroupKind.POD.matches(t);
            for (String scope : scopes) {
                boolean first = true;
                for (PrefetchedPages.Fetched fetched : collector.prefetched(t, scope, serverSelector, items.preparer(t))) {
                    if (fetched.page().restarted() && !first) {
                        return false;
                    }
                    first = false;
                    List<KubeObject> page = fetched.page().items();
                    int added = 0;
                    int fresh = 0;
                    for (int i = 0; i < page.size(); i++) {
                        KubeObject o = page.get(i);
                        if (!items.selected(o)) {
                            continue;
                        }
                        counts.seen();
                        if (items.excluded(t, o, counts)) {
                            continue;
                        }
                        added++;
                        fresh += writer.add(o.namespace(), o.name(), fetched.prepared().get(i)) ? 1 : 0;
                        items.noteStored(t, o);
                        if (!pods || volumes.handlePod(o)) {
                            counts.succeeded();
                        } else {
                            counts.failed();
                        }
                    }
                    items.pageWritten(added, fresh);
                    writer.reportBytes();
                }
            }
            return true;
        }

        /** A cluster-scoped type: whole when cluster-scoped resources are included, else only what selected objects need. */
        private void clusterType(ResourceType t) {
            Set<String> needed = run.needed(t.groupKind());
            boolean all = run.config.includeClusterScopeResources() && run.selection.typeSelected(t);
            if (all) {
                writer.takeType(t, counts -> listCluster(t, needed, counts));
            } else if (!needed.isEmpty() && run.selection.typeNotExcluded(t) && KindTable.neededKind(t.groupKind())) {
                writer.takeType(t, counts -> fetchNeeded(t, needed, counts));
            }
        }

        private boolean listCluster(ResourceType t, Set<String> needed, TypeCounts counts) {
            boolean first = true;
            for (PrefetchedPages.Fetched fetched : collector.prefetched(t, null, null, o -> null)) {
                Page page = fetched.page();
                if (page.restarted() && !first) {
                    return false;
                }
                first = false;
                for (KubeObject o : page.items()) {
                    if (items.clusterObjectSelected(t, o, needed)) {
                        clusterObject(t, o, counts);
                    }
                }
                writer.reportBytes();
            }
            return true;
        }

        private boolean fetchNeeded(ResourceType t, Set<String> needed, TypeCounts counts) {
            for (String name : needed) {
                KubeObject o = collector.get(t, name).orElse(null);
                if (o == null && KindTable.missingIsNoLoss(t.groupKind())) {
                    continue;
                }
                if (o == null) {
                    run.job.warning(t.kind() + " " + name + ", needed by a selected object, does not exist in the cluster");
                } else {
                    clusterObject(t, o, counts);
                }
            }
            return true;
        }

        private void clusterObject(ResourceType t, KubeObject o, TypeCounts counts) {
            counts.seen();
            if (items.excluded(t, o, counts)) {
                return;
            }
            writer.add(o.name(), items.storedClusterObject(o));
            items.noteStored(t, o);
            counts.succeeded();
        }
    }
}

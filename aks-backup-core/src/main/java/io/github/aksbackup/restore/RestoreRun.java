package io.github.aksbackup.restore;

import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.spi.ClusterClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one restore that its steps share: what is restored (fixed when the run starts) and the
 * few facts one step learns and another acts on. Each step keeps its own state to itself
 * ({@link VolumeRestorer} the volumes of claims, {@link OwnerRelinker} the uids of restored objects,
 * {@link HookScheduler} the running hooks); what it leaves here is read by others. The shared
 * facts are written by workers of a tier while other workers read them, so they are concurrent sets
 * and counters.
 */
final class RestoreRun {
    /** What to restore and how (filters, namespace mappings, conflict policy, volume mode). */
    final RestoreConfig config;
    /** The recovery point's table of contents. */
    final Manifest manifest;
    /** Reads and verifies the recovery point's objects. */
    final RecoveryPointReader reader;
    /** True when the run only decides, by reading the target, what a restore would do. */
    final boolean dryRun;
    /** The job the run records into: phases, counts, items, warnings, errors. */
    final JobRecorder job;
    /** The target cluster, its calls retried when they fail transiently. */
    final ClusterClient target;
    /** The configuration's namespace, type and label filters, applied to the source objects. */
    final ObjectSelection selection;
    /** Counts item outcomes in the job. */
    final ItemReport report;

    /**
     * Target namespaces the Namespace section restored (or decided to): written by {@link ItemRestorer};
     * {@link MissingNamespaces} creates only the others.
     */
    final Set<String> namespacesHandled = ConcurrentHashMap.newKeySet();
    /**
     * CustomResourceDefinitions this run created, patched or found in the target: written by
     * {@link ItemRestorer}; {@link ServedTypes} waits for the types of these only.
     */
    final Set<String> crdsInPlace = ConcurrentHashMap.newKeySet();
    /** Secrets backed up without their data and so not restored: counted by {@link ItemRestorer}, one warning at the end. */
    final AtomicLong secretsWithoutData = new AtomicLong();

    RestoreRun(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job,
            ClusterClient target) {
        this.config = config;
        this.manifest = manifest;
        this.reader = reader;
        this.dryRun = dryRun;
        this.job = job;
        this.target = target;
        this.selection = new ObjectSelection(config.includedNamespaces(), config.excludedNamespaces(), Set.of(),
                config.includedResourceTypes(), config.excludedResourceTypes(), config.labelSelectors());
        this.report = new ItemReport(job);
    }
}

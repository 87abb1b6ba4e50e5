package io.github.aksbackup.restore;

import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.hook.RestoreHookContext;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.kube.RestorePriority;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
import io.github.aksbackup.spi.ClusterClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a recovery point into a cluster, tier by tier (see {@link Tiers}: CRDs, namespaces,
 * storage classes, volumes, claims, service accounts, RBAC, secrets, config maps, services,
 * workloads, pods, ..., unknown types, custom resources once their type is served), objects of one
 * tier in parallel with bounded concurrency. It coordinates the steps of a restore, each a class
 * with one job: {@link RestorePlanner} (selection, sections, what restored objects need, warnings),
 * {@link Tiers} (the order), {@link TierRunner} (concurrency), {@link ItemRestorer} (one object),
 * the {@link RestoreTransform}s, {@link ConflictApplier} (conflict policy, dry run),
 * {@link ModifierStep} (the user's resource modifier rules, last before writing),
 * {@link VolumeRestorer} (snapshots to volumes and claims), {@link ServedTypes} (waiting for custom
 * types), {@link OwnerRelinker} and {@link HookScheduler}; what they share is a {@link RestoreRun}.
 *
 * <p>Selection: the configuration's namespace, type and label filters apply to the source objects;
 * namespaces are mapped; with {@code includeClusterScopeResources} off only the cluster-scoped
 * objects restored objects need come along (CRDs of custom resources, StorageClasses and volumes of
 * claims, ClusterRoles of RoleBindings). A namespace that restored objects need is created when the
 * recovery point does not hold it.
 *
 * <p>Volumes: see {@link VolumeRestorer}. Conflicts: see {@link ConflictApplier}; a dry run decides
 * the same way by reading the target (never writing) and returns that plan; the real run's items come
 * in the same order.
 *
 * <p>A Secret backed up without its data ({@code secretData MetadataOnly}) is never created: an empty
 * Secret would hide the missing data behind a working name. It is a skipped item saying so, and the
 * job warns once with their number.
 *
 * <p>A damaged object in the vault fails its item, naming it, and the rest is restored. Cluster
 * calls that fail transiently are repeated ({@link RetryingClusterClient}).
 */
public final class RestoreEngine {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreEngine.class);

    private final ClusterClient target;
    private final VolumeSource volumes;
    private final HookRunner hooks;
    private final Clock clock;
    private final RestoreOptions options;
    private final Executor executor;

    /**
     * An engine restoring into {@code target}.
     *
     * @param volumes where volume data comes from; {@code null} when none can be restored
     * @param executor runs the restore's workers (at most {@code options.parallelism()} at a time per
     *     restore) and its restore hooks, which may wait minutes for a pod; the engine never shuts it
     *     down. A cached thread pool suits; a pool of fewer threads than the parallelism limits it.
     */
    public RestoreEngine(ClusterClient target, VolumeSource volumes, HookRunner hooks, Clock clock, RestoreOptions options,
            Executor executor) {
        this.target = RetryingClusterClient.wrap(Objects.requireNonNull(target, "target"));
        this.volumes = volumes;
        this.hooks = hooks == null ? HookRunner.NONE : hooks;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = options == null ? RestoreOptions.DEFAULTS : options;
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Restores (or with {@code dryRun} plans) the recovery point of {@code manifest}, recording into
     * {@code job}, with the resource modifier rules the configuration's {@code resourceModifierReference}
     * names in the target cluster; never throws for restore failures (see the job).
     *
     * @throws io.github.aksbackup.api.InvalidInputException when those rules have problems (before anything is restored)
     */
    public RestoreResult run(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job) {
        return run(config, manifest, reader, dryRun, job, ResourceModifiers.load(target, config.resourceModifierReference()));
    }

    /**
     * Restores (or plans) as {@link #run(RestoreConfig, Manifest, RecoveryPointReader, boolean, JobRecorder)},
     * with resource modifier rules loaded by the caller (who has checked them before starting the job).
     */
    public RestoreResult run(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job,
            ResourceModifiers modifiers) {
        job.recoveryPoint(manifest.id());
        HookScheduler hookRuns = new HookScheduler(target, job, executor);
        try {
            return execute(config, manifest, reader, dryRun, job, hookRuns, modifiers.applier(target::patchMetadata));
        } finally {
            hookRuns.cancelAll();
            // Normally done before the job finished; this catches what escaped, and repeats nothing.
            cleanUpStaging(job, dryRun);
        }
    }

    /** Removes (or, as the options ask, names) what the volume source staged, so the finished job says so. */
    private void cleanUpStaging(JobRecorder job, boolean dryRun) {
        if (volumes != null && !dryRun) {
            try {
                volumes.cleanUp().forEach(job::warning);
            } catch (RuntimeException e) {
                job.warning("staged volume data could not be removed: " + e.getMessage());
            }
        }
    }

    private RestoreResult execute(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job,
            HookScheduler hookRuns, ResourceModifiers.Applier modifiers) {
        try {
            job.phase(dryRun ? "planning (dry run)" : "preparing");
            RestoreRun run = new RestoreRun(config, manifest, reader, dryRun, job, target);
            if (!dryRun) {
                hookRuns.use(hooks.restoreHooks(new RestoreHookContext(target, config.restoreHookReferences(),
                        config.namespaceMappings(), job.id(), clock)));
            }
            ServedTypes served = new ServedTypes(target, clock, options.typeWaitTimeout());
            served.refresh();
            SectionReader entries = new SectionReader(reader, job, run.report);
            RestorePlan plan = new RestorePlanner(run, entries).plan();

            OwnerRelinker owners = new OwnerRelinker(target, job);
            RestoreTransform transform = RestoreTransform.chain(transforms(run, owners));
            ConflictApplier conflicts = new ConflictApplier(run, owners, options);
            ModifierStep writer = new ModifierStep(run, conflicts, modifiers);
            VolumeRestorer volumeRestorer = new VolumeRestorer(run, plan, volumes, transform, conflicts, writer);
            RestoreScope scope = new RestoreScope(config, run.selection, plan);
            ItemRestorer items = new ItemRestorer(run, scope, transform, writer, volumeRestorer, owners, hookRuns);
            TierRunner tiers = new TierRunner(run, plan, scope, entries, served, items, new MissingNamespaces(run, served), executor,
                    options.parallelism());

            for (Map.Entry<RestorePriority, List<Section>> tier : Tiers.of(plan.sections()).entrySet()) {
                job.phase((dryRun ? "planning " : "restoring ") + tier.getKey().label());
                if (tier.getKey() == RestorePriority.CUSTOM_RESOURCES || tier.getKey() == RestorePriority.OTHER_TYPES) {
                    served.refresh();
                }
                tiers.run(tier.getKey(), tier.getValue());
            }
            owners.linkLateOwners();
            hookRuns.awaitAll();
            writer.unmatchedRules().forEach(job::warning);
            if (run.secretsWithoutData.get() > 0) {
                job.warning(run.secretsWithoutData.get() + " Secrets were backed up without their data and were not restored;"
                        + " objects that use them need them created from where their data is kept");
            }
            cleanUpStaging(job, dryRun);
            Job done = job.finish(dryRun ? (job.failedCount() > 0 ? JobStatus.CompletedWithWarnings : JobStatus.Completed)
                    : job.outcome());
            return new RestoreResult(done, dryRun);
        } catch (RuntimeException e) {
            LOG.warn("restore of {} failed: {}", manifest.id(), e.toString());
            job.error(e, null);
            cleanUpStaging(job, dryRun);
            return new RestoreResult(job.finish(JobStatus.Failed), dryRun);
        }
    }

    /**
     * What every backed-up object passes through before it is written, in order: the seam where
     * steps that change objects (such as resource modifiers) join, after the built-in clean-up.
     */
    private static List<RestoreTransform> transforms(RestoreRun run, OwnerRelinker owners) {
        return List.of(new ObjectTransformer(run.config, owners.restoredUids()));
    }
}

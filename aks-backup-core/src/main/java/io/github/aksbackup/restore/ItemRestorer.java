package io.github.aksbackup.restore;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.Sanitizer;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores one backed-up object: reads it (a damaged object fails its item, naming it), applies the
 * label selectors, leaves out a Secret backed up without its data (an empty Secret would hide the
 * missing data behind a working name), passes it through the run's transforms, then hands it to the
 * step for its kind: volumes to the {@link VolumeRestorer}, everything else (claims bound to their
 * volumes first) to the {@link ConflictApplier}. Afterwards it notes what other steps act on: owners
 * restored later ({@link OwnerRelinker}), restored namespaces and CRDs ({@link RestoreRun}), and
 * created pods, whose hooks the {@link HookScheduler} runs. Called by many workers at once.
 */
final class ItemRestorer {
    private final RestoreRun run;
    private final RestoreConfig config;
    private final ItemReport report;
    private final RestoreScope scope;
    private final RestoreTransform transform;
    private final ModifierStep writer;
    private final VolumeRestorer volumes;
    private final OwnerRelinker owners;
    private final HookScheduler hooks;

    ItemRestorer(RestoreRun run, RestoreScope scope, RestoreTransform transform, ModifierStep writer, VolumeRestorer volumes,
            OwnerRelinker owners, HookScheduler hooks) {
        this.run = run;
        this.config = run.config;
        this.report = run.report;
        this.scope = scope;
        this.transform = transform;
        this.writer = writer;
        this.volumes = volumes;
        this.owners = owners;
        this.hooks = hooks;
    }

    /** Restores one object; {@code null} when a label selector (or the volume restore mode) leaves it out. */
    ItemResult restore(Section s, Optional<ResourceType> targetType, ManifestEntry e) {
        ResourceType t = s.type();
        GroupKind kind = s.kind();
        String resource = t.displayName();
        String targetNs = e.namespace() == null ? null : config.targetNamespace(e.namespace());
        Map<String, Object> content;
        try {
            content = run.reader.readObject(e);
        } catch (DataCorruptionException damaged) {
            run.job.seen(1);
            return report.failed(resource, targetNs, e.name(), damaged, "damaged in the vault, not restored: " + damaged.getMessage());
        }
        // Read before the transforms change the tree in place.
        KubeObject original = new KubeObject(content);
        String oldUid = original.metadata().get("uid") instanceof String u ? u : null;
        if (scope.labelsApply(s, e.name()) && !run.selection.labelsMatch(original.labels())) {
            return null;
        }
        boolean namespace = kind.equals(GroupKind.NAMESPACE);
        String name = namespace ? config.targetNamespace(e.name()) : e.name();
        if (kind.equals(GroupKind.SECRET) && Sanitizer.secretDataOmitted(content)) {
            run.job.seen(1);
            run.secretsWithoutData.incrementAndGet();
            return report.skipped(resource, targetNs, name, "backed up without its data (secretData MetadataOnly), so it is not"
                    + " restored; create it from where its data is kept");
        }
        if (targetType.isEmpty()) {
            run.job.seen(1);
            return report.failed(resource, targetNs, name, null, "the target cluster does not serve " + resource);
        }
        ResourceType served = targetType.get();
        try {
            if (kind.equals(GroupKind.PERSISTENT_VOLUME)) {
                return volumes.restoreVolume(served, original, e);
            }
            run.job.seen(1);
            List<?> ownerRefs = original.metadata().get("ownerReferences") instanceof List<?> refs ? refs : List.of();
            Map<String, Object> prepared = transform.apply(t, content);
            if (kind.equals(GroupKind.PERSISTENT_VOLUME_CLAIM)) {
                volumes.bindClaim(prepared, e.qualifiedName());
            }
            ItemResult r = writer.write(served, resource, e.namespace(), targetNs, name, prepared, oldUid);
            if (!run.dryRun) {
                owners.noteLateOwners(served, targetNs, name, ownerRefs, prepared, r);
            }
            if (namespace) {
                run.namespacesHandled.add(name);
            }
            if (kind.equals(GroupKind.CUSTOM_RESOURCE_DEFINITION) && r.action() != ItemAction.Failed) {
                run.crdsInPlace.add(name);
            }
            run.job.bytes(0, e.size());
            if (kind.equals(GroupKind.POD) && !run.dryRun && (r.action() == ItemAction.Created || r.action() == ItemAction.Recreated)) {
                hooks.podRestored(served, targetNs, name, e.namespace());
            }
            return r;
        } catch (RuntimeException ex) {
            return report.failed(resource, targetNs, name, ex, ex.getMessage());
        }
    }
}

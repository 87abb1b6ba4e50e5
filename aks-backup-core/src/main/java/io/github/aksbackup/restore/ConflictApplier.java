package io.github.aksbackup.restore;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a prepared object to the target: creates it, or, when it exists, applies the conflict
 * policy. Skip leaves the existing object and reports it skipped; Patch merge-patches the restored
 * fields onto it; Recreate deletes and creates it (never a Namespace, which would take its content
 * with it: namespaces are patched instead, and never failed); Fail reports the item failed. A dry run
 * decides the same way by reading the target, never writing. The uid the object has in the target is
 * handed to the {@link OwnerRelinker}.
 */
final class ConflictApplier {
    private final RestoreRun run;
    private final ClusterClient target;
    private final ItemReport report;
    private final OwnerRelinker owners;
    private final RestoreOptions options;

    ConflictApplier(RestoreRun run, OwnerRelinker owners, RestoreOptions options) {
        this.run = run;
        this.target = run.target;
        this.report = run.report;
        this.owners = owners;
        this.options = options;
    }

    /**
     * Creates the object, or applies the conflict policy when it exists; in a dry run decides the
     * same from a read of the target.
     *
     * @param oldUid the object's uid in the source cluster, {@code null} when unknown
     */
    ItemResult apply(ResourceType t, String resource, String ns, String name, Map<String, Object> prepared, String oldUid) {
        ConflictPolicy policy = run.config.conflictPolicy();
        if (GroupKind.NAMESPACE.matches(t)) {
            // An existing namespace is where its objects go, not a conflict: never deleted, never failed.
            policy = policy == ConflictPolicy.Recreate ? ConflictPolicy.Patch : policy == ConflictPolicy.Fail ? ConflictPolicy.Skip : policy;
        }
        if (run.dryRun) {
            Optional<KubeObject> existing = existing(t, ns, name);
            if (existing.isEmpty()) {
                return report.succeeded(resource, ns, name, ItemAction.Created, "would be created");
            }
            return switch (policy) {
                case Skip -> report.skipped(resource, ns, name, "exists in the target cluster; would be left as it is");
                case Patch -> report.succeeded(resource, ns, name, ItemAction.Patched, "exists; would be patched with the backed-up fields");
                case Recreate -> report.succeeded(resource, ns, name, ItemAction.Recreated, "exists; would be deleted and created again");
                case Fail -> conflictFailure(resource, ns, name);
            };
        }
        try {
            KubeObject created = target.create(t, new KubeObject(prepared));
            owners.remember(oldUid, created);
            return report.succeeded(resource, ns, name, ItemAction.Created, null);
        } catch (ConflictException conflict) {
            switch (policy) {
                case Skip -> {
                    target.get(t, ns, name).ifPresent(existing -> owners.remember(oldUid, existing));
                    return report.skipped(resource, ns, name, "exists in the target cluster; left as it is (conflict policy Skip)");
                }
                case Patch -> {
                    KubeObject patched = target.mergePatch(t, ns, name, ObjectTransformer.patchOf(prepared));
                    owners.remember(oldUid, patched);
                    return report.succeeded(resource, ns, name, ItemAction.Patched, "existed; patched with the backed-up fields");
                }
                case Recreate -> {
                    KubeObject again = recreate(t, ns, name, prepared);
                    owners.remember(oldUid, again);
                    return report.succeeded(resource, ns, name, ItemAction.Recreated, "existed; deleted and created again");
                }
                default -> {
                    return conflictFailure(resource, ns, name);
                }
            }
        }
    }

    /** The object in the target; in a dry run, a type the target does not serve yet (its CRD is planned) holds nothing. */
    Optional<KubeObject> existing(ResourceType t, String ns, String name) {
        try {
            return target.get(t, ns, name);
        } catch (NotFoundException notServed) {
            return Optional.empty();
        }
    }

    private ItemResult conflictFailure(String resource, String ns, String name) {
        run.job.failed(1);
        String item = ItemReport.item(resource, ns, name);
        run.job.error(new JobError("Conflict", item + " exists in the target cluster (conflict policy Fail)",
                "Delete it, or restore with conflict policy Skip, Patch or Recreate.", item));
        return new ItemResult(resource, ns, name, ItemAction.Failed, "exists in the target cluster (conflict policy Fail)");
    }

    private KubeObject recreate(ResourceType t, String ns, String name, Map<String, Object> prepared) {
        target.delete(t, ns, name);
        for (int attempt = 1; ; attempt++) {
            try {
                return target.create(t, new KubeObject(prepared));
            } catch (ConflictException stillThere) {
                if (attempt >= options.recreateAttempts()) {
                    throw new ConflictException("deleted but still terminating after " + attempt + " attempts to create it",
                            "Check its finalizers, then retry the restore.", stillThere);
                }
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(options.recreatePause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AksBackupException(ErrorCode.CANCELLED, "the restore was interrupted");
        }
    }
}

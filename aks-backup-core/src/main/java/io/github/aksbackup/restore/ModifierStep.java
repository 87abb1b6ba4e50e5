package io.github.aksbackup.restore;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
import io.github.aksbackup.spi.ResourceType;
import java.util.Map;

/**
 * The resource modifier step, the last change an object gets before it is written: applies the
 * user's rules ({@link ResourceModifiers}) to the object as the restore would write it (transformed,
 * its claim bound, its volume pointed at its data), then hands it to the {@link ConflictApplier}. An
 * object a rule fails on is a failed item naming the rule; the item of a changed object says which
 * rules changed it. It is not a {@link RestoreTransform} because it can fail an item and annotate its
 * result, and because the rules' {@code namespaces} condition reads the namespace the object was backed
 * up from, which the transforms have already mapped.
 */
final class ModifierStep {
    private final RestoreRun run;
    private final ConflictApplier conflicts;
    private final ResourceModifiers.Applier modifiers;

    ModifierStep(RestoreRun run, ConflictApplier conflicts, ResourceModifiers.Applier modifiers) {
        this.run = run;
        this.conflicts = conflicts;
        this.modifiers = modifiers;
    }

    /**
     * Applies the rules to {@code prepared}, then writes it as {@link ConflictApplier#apply} does.
     *
     * @param sourceNs the namespace the object was backed up from, {@code null} for cluster-scoped objects
     */
    ItemResult write(ResourceType t, String resource, String sourceNs, String ns, String name, Map<String, Object> prepared,
            String oldUid) {
        ResourceModifiers.Outcome modified = modifiers.apply(t, sourceNs, prepared);
        if (modified.failed()) {
            return run.report.failed(resource, ns, name, new AksBackupException(ErrorCode.RESOURCE_MODIFIER_FAILED,
                    modified.failure(), "Correct the resource modifier rule named, or restore without it.", null), modified.failure());
        }
        return modified.note(conflicts.apply(t, resource, ns, name, modified.object(), oldUid), run.dryRun);
    }

    /** Warnings about rules that matched no object of the restore, for the job once every tier is done. */
    java.util.List<String> unmatchedRules() {
        return modifiers.unmatchedRules();
    }
}

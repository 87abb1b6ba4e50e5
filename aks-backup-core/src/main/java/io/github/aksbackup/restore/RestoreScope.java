package io.github.aksbackup.restore;

import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.ResourceType;

/**
 * Which backed-up objects a restore considers: the filters apply to namespaced objects; a Namespace
 * comes when its objects do (or the filters name it); PersistentVolumes follow the volume restore
 * mode; other cluster-scoped objects come with {@code includeClusterScopeResources} or when a selected
 * object needs them.
 */
final class RestoreScope {
    private final RestoreConfig config;
    private final ObjectSelection selection;
    private final RestorePlan plan;

    RestoreScope(RestoreConfig config, ObjectSelection selection, RestorePlan plan) {
        this.config = config;
        this.selection = selection;
        this.plan = plan;
    }

    /** Whether an entry is considered at all, before its content is read. */
    boolean inScope(Section s, ManifestEntry e) {
        ResourceType t = s.type();
        if (t.namespaced()) {
            return selection.namespaceSelected(e.namespace()) && selection.typeSelected(t);
        }
        if (s.kind().equals(GroupKind.NAMESPACE)) {
            return selection.namespaceSelected(e.name()) && selection.typeNotExcluded(t)
                    && (plan.sourceNamespaces().contains(e.name()) || !selection.includedNamespaces().isEmpty()
                    || !selection.hasLabelSelectors());
        }
        if (s.kind().equals(GroupKind.PERSISTENT_VOLUME)) {
            return config.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithVolumeData
                    || config.includeClusterScopeResources() && selection.typeSelected(t);
        }
        return config.includeClusterScopeResources() && selection.typeSelected(t)
                || plan.neededBySelected(s.kind(), e.name()) && selection.typeNotExcluded(t);
    }

    /**
     * Whether the label selectors decide about an object in scope: not for namespaces, volumes (they
     * follow their claims) or cluster-scoped objects that selected objects need.
     */
    boolean labelsApply(Section s, String name) {
        GroupKind k = s.kind();
        return !(k.equals(GroupKind.NAMESPACE) || !s.type().namespaced() && plan.neededBySelected(k, name)
                || k.equals(GroupKind.PERSISTENT_VOLUME));
    }
}

package io.github.aksbackup.backup;

import io.github.aksbackup.api.instance.SecretData;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.kube.KindTable;
import io.github.aksbackup.repository.CanonicalJson;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Item preparation: which listed objects belong in the backup (namespaces, label selectors, the
 * exclude label and annotation), what of them is stored ({@link Sanitizer}; a Secret without its data when the
 * configuration says so), and what cluster-scoped objects the selected ones need
 * ({@link KindTable}, recorded in the run). The methods marked so run on the prefetching
 * thread; the others on the run's thread.
 */
final class ItemPreparer {
    private final BackupRun run;

    ItemPreparer(BackupRun run) {
        this.run = run;
    }

    /**
     * Whether a listed namespaced object belongs in the backup. Also called on the prefetching thread,
     * which is safe because the selected namespaces are settled before any namespaced type is listed.
     */
    boolean selected(KubeObject o) {
        return run.selection.namespaceSelected(o.namespace()) && run.selectedNamespaces.contains(o.namespace())
                && run.selection.labelsMatch(o.labels());
    }

    /**
     * What the prefetching thread makes of each listed object of {@code t}: the stored form of a
     * selected one, canonical, hashed and (while most objects are new to the vault) compressed;
     * {@code null} for the others.
     */
    Function<KubeObject, RecoveryPointWriter.Prepared> preparer(ResourceType t) {
        return o -> selected(o) && ObjectSelection.exclusionFromBackup(o) == null
                ? RecoveryPointWriter.prepareCanonical(stored(t, o), run.compressAhead) : null;
    }

    /**
     * The canonical bytes of what is stored of a namespaced object: sanitized, and a Secret without its
     * data when the configuration says so. Called on the prefetching thread.
     */
    private byte[] stored(ResourceType t, KubeObject o) {
        if (run.config.secretData() == SecretData.MetadataOnly && GroupKind.SECRET.matches(t)) {
            return CanonicalJson.write(Sanitizer.withoutSecretData(o.content()));
        }
        return Sanitizer.canonical(o.content());
    }

    /** What is stored of a cluster-scoped object. */
    Map<String, Object> storedClusterObject(KubeObject o) {
        return Sanitizer.sanitize(o.content());
    }

    /**
     * True, having counted and listed it as skipped, when the object carries the exclude label or
     * annotation; {@code o} has been counted as seen.
     */
    boolean excluded(ResourceType t, KubeObject o, TypeCounts counts) {
        String why = ObjectSelection.exclusionFromBackup(o);
        if (why == null) {
            return false;
        }
        counts.skipped();
        run.job.item(new ItemResult(t.displayName(), t.namespaced() ? o.namespace() : null, o.name(), ItemAction.Skipped, why));
        return true;
    }

    /** Records what a stored object brings along: the volume of a claim, the cluster-scoped objects it needs. */
    void noteStored(ResourceType t, KubeObject o) {
        if (GroupKind.PERSISTENT_VOLUME_CLAIM.matches(t)) {
            run.selectedClaims.put(o.qualifiedName(), (String) o.at("spec", "volumeName"));
        }
        if (t.namespaced()) {
            // A cluster-scoped custom resource is taken with cluster-scoped resources only, CRDs included.
            KindTable.definitionOf(t).ifPresent(run::need);
        }
        KindTable.needsOf(t.groupKind(), o).forEach(run::need);
    }

    /**
     * Whether a listed cluster-scoped object of a type taken whole is stored: when the label selectors
     * match it, or a selected object needs it.
     */
    boolean clusterObjectSelected(ResourceType t, KubeObject o, Set<String> needed) {
        return run.selection.labelsMatch(o.labels()) || needed.contains(o.name()) && KindTable.neededKind(t.groupKind());
    }

    /**
     * Adjusts {@link BackupRun#compressAhead} to the page just written: {@code fresh} of its
     * {@code added} objects were new to the vault.
     */
    void pageWritten(int added, int fresh) {
        if (added > 0) {
            // Pages already on their way were prepared under the earlier guess; that costs
            // at most two pages of needless or missed compression.
            run.compressAhead = fresh * 2 > added;
        }
    }
}

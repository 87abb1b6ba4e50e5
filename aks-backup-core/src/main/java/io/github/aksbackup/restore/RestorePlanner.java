package io.github.aksbackup.restore;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.kube.KindTable;
import io.github.aksbackup.kube.Need;
import io.github.aksbackup.kube.RestorePriority;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans a restore before anything is written: which sections of the recovery point are restored and
 * in which tier (types never restored are reported once), which source namespaces the selected
 * objects are in, which claims are selected, what cluster-scoped objects the selected objects need
 * ({@link KindTable}), and warnings about filters that select nothing (type patterns, included
 * namespaces and namespace mappings naming nothing the recovery point holds).
 */
final class RestorePlanner {
    private final RestoreConfig config;
    private final ObjectSelection selection;
    private final JobRecorder job;
    private final RestoreRun run;
    private final SectionReader entries;

    private final Set<String> sourceNamespaces = new TreeSet<>();
    private final Map<GroupKind, Set<String>> needed = new HashMap<>();
    private final Map<String, String> claims = new HashMap<>();
    private final Set<String> damagedClaims = new HashSet<>();

    RestorePlanner(RestoreRun run, SectionReader entries) {
        this.run = run;
        this.config = run.config;
        this.selection = run.selection;
        this.job = run.job;
        this.entries = entries;
    }

    /** Reads the recovery point's sections (and the objects whose needs depend on their content) into a plan. */
    RestorePlan plan() {
        Map<String, VolumeSnapshotRecord> snapshots = new HashMap<>();
        for (VolumeSnapshotRecord s : run.manifest.recoveryPoint().volumeSnapshots()) {
            snapshots.put(s.pvcNamespace() + "/" + s.pvcName(), s);
        }
        List<Section> sections = sections();
        for (String pattern : selection.patternsMatchingNone(run.manifest.types().stream().map(TypeSection::type).toList())) {
            job.warning(pattern + " names no resource type the recovery point holds" + ObjectSelection.SELECTS_NOTHING);
        }
        survey(sections);
        warnAboutNamespacesNotInThePoint(sections);
        return new RestorePlan(sections, sourceNamespaces, needed, claims, damagedClaims, snapshots);
    }

    /** The sections to restore, each with its tier, in restore order; never-restored types are reported once. */
    private List<Section> sections() {
        Set<String> crdsInBackup = new TreeSet<>();
        for (TypeSection s : run.manifest.types()) {
            if (GroupKind.CUSTOM_RESOURCE_DEFINITION.matches(s.type())) {
                for (ManifestEntry e : entries.entries(new Section(s, RestorePriority.CUSTOM_RESOURCE_DEFINITIONS, false), false)) {
                    crdsInBackup.add(e.name());
                }
            }
        }
        List<Section> out = new ArrayList<>();
        for (TypeSection s : run.manifest.types()) {
            ResourceType t = s.type();
            if (KindTable.neverRestored(t.groupKind())) {
                job.warning(s.count() + " " + t.displayName() + " objects in the recovery point are never restored");
                continue;
            }
            boolean custom = crdsInBackup.contains(t.plural() + "." + t.group());
            out.add(new Section(s, Tiers.of(t, custom), custom));
        }
        out.sort(Tiers.ORDER);
        return out;
    }

    /**
     * Reads what later tiers depend on: the namespaces of selected objects, the selected claims, and
     * the cluster-scoped objects selected objects need (storage classes of claims, ClusterRoles of
     * RoleBindings, CRDs of custom resources). Objects are read only where their needs or the label
     * selectors depend on their content.
     */
    private void survey(List<Section> sections) {
        for (Section s : sections) {
            ResourceType t = s.type();
            if (!t.namespaced() || !selection.typeSelected(t)) {
                continue;
            }
            boolean claim = s.kind().equals(GroupKind.PERSISTENT_VOLUME_CLAIM);
            boolean readObjects = KindTable.needsDependOnContent(s.kind()) || selection.hasLabelSelectors();
            boolean any = false;
            for (ManifestEntry e : entries.entries(s, false)) {
                if (!selection.namespaceSelected(e.namespace())) {
                    continue;
                }
                KubeObject o = null;
                if (readObjects) {
                    try {
                        o = new KubeObject(run.reader.readObject(e));
                    } catch (DataCorruptionException damaged) {
                        if (claim) {
                            damagedClaims.add(e.qualifiedName());
                        }
                        continue;
                    }
                    if (!selection.labelsMatch(o.labels())) {
                        continue;
                    }
                }
                any = true;
                sourceNamespaces.add(e.namespace());
                if (o != null) {
                    if (claim) {
                        claims.put(e.qualifiedName(), (String) o.at("spec", "storageClassName"));
                    }
                    KindTable.needsOf(s.kind(), o).forEach(this::need);
                }
            }
            if (any) {
                KindTable.definitionOf(t).ifPresent(this::need);
            }
        }
    }

    private void need(Need n) {
        needed.computeIfAbsent(n.kind(), k -> new TreeSet<>()).add(n.name());
    }

    /**
     * Warns about included namespaces and namespace mappings that name no namespace the recovery
     * point holds (or that the filters leave out): a misspelt name restores nothing, silently, otherwise.
     */
    private void warnAboutNamespacesNotInThePoint(List<Section> sections) {
        Set<String> held = new TreeSet<>(sourceNamespaces);
        for (Section s : sections) {
            if (s.kind().equals(GroupKind.NAMESPACE)) {
                for (ManifestEntry e : entries.entries(s, false)) {
                    held.add(e.name());
                }
            }
        }
        for (String ns : config.includedNamespaces()) {
            if (!held.contains(ns)) {
                job.warning("includedNamespaces '" + ns + "' is not a namespace the recovery point holds, so nothing of it is restored");
            }
        }
        for (String ns : config.namespaceMappings().keySet()) {
            if (!held.contains(ns)) {
                job.warning("namespaceMappings '" + ns + "' is not a namespace the recovery point holds, so the mapping is not used");
            } else if (!selection.namespaceSelected(ns)) {
                job.warning("namespaceMappings '" + ns + "' names a namespace the included and excluded namespaces leave out,"
                        + " so the mapping is not used");
            }
        }
    }
}

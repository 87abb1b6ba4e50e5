package io.github.aksbackup.backup;

import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a selected object needs from the cluster scope, so that a restore can recreate it: the one
 * place of this Kubernetes knowledge on the backup side.
 * <ul>
 * <li>a PersistentVolumeClaim needs its PersistentVolume and its StorageClass;</li>
 * <li>a PersistentVolume needs its StorageClass;</li>
 * <li>a RoleBinding that refers to a ClusterRole needs that ClusterRole;</li>
 * <li>a namespaced object of any other group needs the CustomResourceDefinition {@code plural.group}
 *     (for built-in groups there is none, which {@link #definedByItself} tells).</li>
 * </ul>
 * The backup takes these objects even when cluster-scoped resources are not included, unless their
 * type is excluded explicitly.
 */
final class ObjectDependencies {
    static final Kind PERSISTENT_VOLUME = new Kind("", "PersistentVolume");
    static final Kind STORAGE_CLASS = new Kind("storage.k8s.io", "StorageClass");
    static final Kind CLUSTER_ROLE = new Kind("rbac.authorization.k8s.io", "ClusterRole");
    static final Kind CUSTOM_RESOURCE_DEFINITION = new Kind("apiextensions.k8s.io", "CustomResourceDefinition");
    static final Kind PERSISTENT_VOLUME_CLAIM = new Kind("", "PersistentVolumeClaim");
    static final Kind ROLE_BINDING = new Kind("rbac.authorization.k8s.io", "RoleBinding");
    private static final List<Kind> NEEDED_KINDS = List.of(PERSISTENT_VOLUME, STORAGE_CLASS, CLUSTER_ROLE, CUSTOM_RESOURCE_DEFINITION);

    private ObjectDependencies() {
    }

    /** A kind in its API group ({@code ""} for the core group). */
    record Kind(String group, String kind) {
        static Kind of(ResourceType t) {
            return new Kind(t.group(), t.kind());
        }

        boolean is(ResourceType t) {
            return kind.equals(t.kind()) && group.equals(t.group());
        }
    }

    /** One cluster-scoped object a selected object needs, by kind and name. */
    record Needed(Kind kind, String name) {
    }

    /** What {@code o}, an object of type {@code t}, needs; empty for most objects. */
    static List<Needed> of(ResourceType t, KubeObject o) {
        List<Needed> out = new ArrayList<>(2);
        if (t.namespaced() && !t.group().isEmpty()) {
            add(out, CUSTOM_RESOURCE_DEFINITION, t.plural() + "." + t.group());
        }
        if (PERSISTENT_VOLUME_CLAIM.is(t)) {
            add(out, PERSISTENT_VOLUME, (String) o.at("spec", "volumeName"));
            add(out, STORAGE_CLASS, (String) o.at("spec", "storageClassName"));
        } else if (PERSISTENT_VOLUME.is(t)) {
            add(out, STORAGE_CLASS, (String) o.at("spec", "storageClassName"));
        } else if (ROLE_BINDING.is(t) && "ClusterRole".equals(o.at("roleRef", "kind"))) {
            add(out, CLUSTER_ROLE, (String) o.at("roleRef", "name"));
        }
        return out;
    }

    private static void add(List<Needed> out, Kind kind, String name) {
        if (name != null && !name.isEmpty()) {
            out.add(new Needed(kind, name));
        }
    }

    /** True for the cluster-scoped types {@link #of} can name. */
    static boolean isNeededType(ResourceType t) {
        return NEEDED_KINDS.contains(Kind.of(t));
    }

    /**
     * True when a needed object of type {@code t} that does not exist is no loss: a type served without
     * a CustomResourceDefinition is built in or aggregated.
     */
    static boolean definedByItself(ResourceType t) {
        return CUSTOM_RESOURCE_DEFINITION.is(t);
    }
}

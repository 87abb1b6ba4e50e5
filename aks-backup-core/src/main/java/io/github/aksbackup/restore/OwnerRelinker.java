package io.github.aksbackup.restore;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps owner references pointing at the restored owners: remembers the uid each restored object got
 * (for {@link ObjectTransformer}, which relinks the references of objects restored after their
 * owners), and at the end links the objects whose owners were restored after them (in the same tier,
 * or custom resources that own built-in objects): when such an object was created, its owner's new
 * uid was not known yet. Thread-safe.
 */
final class OwnerRelinker {
    /** A restored object whose owners were not all restored yet when it was created. */
    private record LateOwners(ResourceType type, String namespace, String name, List<?> references, int linked) {
    }

    private final ClusterClient target;
    private final JobRecorder job;
    /** Old uid of a restored object → its uid in the target cluster. */
    private final Map<String, String> uids = new ConcurrentHashMap<>();
    private final List<LateOwners> lateOwners = Collections.synchronizedList(new ArrayList<>());

    OwnerRelinker(ClusterClient target, JobRecorder job) {
        this.target = target;
        this.job = job;
    }

    /** Old uid → uid in the target ({@code null} when that object is not restored, or not yet). */
    Function<String, String> restoredUids() {
        return uids::get;
    }

    /** Notes the uid a restored (or found) object has in the target. */
    void remember(String oldUid, KubeObject now) {
        if (oldUid != null && now.metadata().get("uid") instanceof String n) {
            uids.put(oldUid, n);
        }
    }

    /**
     * Notes an object written with fewer owner references than it had ({@code owners}, as backed up)
     * because some owners are not restored yet; {@code prepared} is what was written.
     */
    void noteLateOwners(ResourceType type, String ns, String name, List<?> owners, Map<String, Object> prepared, ItemResult written) {
        int linked = prepared.get("metadata") instanceof Map<?, ?> md && md.get("ownerReferences") instanceof List<?> l ? l.size() : 0;
        if (linked < owners.size() && (written.action() == ItemAction.Created || written.action() == ItemAction.Recreated
                || written.action() == ItemAction.Patched)) {
            lateOwners.add(new LateOwners(type, ns, name, owners, linked));
        }
    }

    /** Links the noted objects to the owners restored since; a failure is a warning. */
    void linkLateOwners() {
        for (LateOwners late : lateOwners) {
            List<Object> refs = relinked(late.references(), uids::get);
            if (refs.size() <= late.linked()) {
                continue;
            }
            try {
                target.mergePatch(late.type(), late.namespace(), late.name(), Map.of("metadata", Map.of("ownerReferences", refs)));
            } catch (RuntimeException ex) {
                String item = late.type().displayName() + " " + (late.namespace() == null ? "" : late.namespace() + "/") + late.name();
                job.warning(item + " could not be linked to its restored owners: " + ex.getMessage());
            }
        }
    }

    /** The owner references whose owners are restored (so far), pointing at them. */
    static List<Object> relinked(List<?> refs, Function<String, String> restoredUid) {
        List<Object> kept = new ArrayList<>();
        for (Object r : refs) {
            if (r instanceof Map<?, ?> ref && ref.get("uid") instanceof String uid) {
                String now = restoredUid.apply(uid);
                if (now != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) ref);
                    copy.put("uid", now);
                    kept.add(copy);
                }
            }
        }
        return kept;
    }
}

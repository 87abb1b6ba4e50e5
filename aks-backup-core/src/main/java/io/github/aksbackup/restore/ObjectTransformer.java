package io.github.aksbackup.restore;

import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.spi.ResourceType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a backed-up object into what a restore sends to the target cluster: fields the server sets or
 * owns are stripped, namespaces are mapped (also inside PersistentVolume claim references and binding
 * subjects), owner references are re-linked to the restored owners or dropped ({@link OwnerRelinker} links an
 * object to an owner restored after it once the owner exists). The first of a restore's {@link RestoreTransform}s.
 *
 * <p>Stripped everywhere: {@code metadata.uid}, {@code resourceVersion}, {@code creationTimestamp},
 * {@code managedFields}, {@code selfLink}, {@code generation}, {@code deletionTimestamp},
 * {@code deletionGracePeriodSeconds}, {@code generateName}, {@code status}. Per kind: a Service's {@code clusterIP},
 * {@code clusterIPs} (kept when {@code None}), {@code healthCheckNodePort} and port {@code nodePort}s (the
 * cluster allocates new ones; the old ones may be in use); a Pod's {@code nodeName}; the binding
 * annotations of claims; a claim reference's {@code uid} and {@code resourceVersion}; a Job's generated
 * selector and {@code controller-uid} labels; a service account token Secret's token, CA and namespace
 * (the cluster's token controller writes new ones for the restored account, which its account uid
 * annotation is re-linked to: the backed-up token belongs to the old account and to the old namespace).
 */
final class ObjectTransformer implements RestoreTransform {
    private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "creationTimestamp", "managedFields",
            "selfLink", "generation", "deletionTimestamp", "deletionGracePeriodSeconds");
    private static final List<String> CLAIM_ANNOTATIONS = List.of("pv.kubernetes.io/bind-completed",
            "pv.kubernetes.io/bound-by-controller", "volume.beta.kubernetes.io/storage-provisioner",
            "volume.kubernetes.io/storage-provisioner", "volume.kubernetes.io/selected-node");
    private static final List<String> JOB_LABELS = List.of("controller-uid", "batch.kubernetes.io/controller-uid");
    private static final String SERVICE_ACCOUNT_UID = "kubernetes.io/service-account.uid";
    private static final List<String> TOKEN_DATA = List.of("token", "ca.crt", "namespace");

    private final RestoreConfig config;
    /** Old uid of a restored object → its uid in the target cluster, or {@code null} when unknown. */
    private final Function<String, String> restoredUid;

    ObjectTransformer(RestoreConfig config, Function<String, String> restoredUid) {
        this.config = config;
        this.restoredUid = restoredUid;
    }

    /** The object to create; {@code content} is a fresh tree and is changed in place. */
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(ResourceType type, Map<String, Object> content) {
        Map<String, Object> md = map(content, "metadata");
        SERVER_METADATA.forEach(md::remove);
        // The name is set: a generateName only changes how the server reports a name that exists (a
        // 500 "try again" instead of the 409 conflict the conflict policy acts on).
        md.remove("generateName");
        content.remove("status");
        String sourceNs = (String) md.get("namespace");
        if (sourceNs != null) {
            md.put("namespace", config.targetNamespace(sourceNs));
        }
        relinkOwners(md);
        String g = type.group();
        switch (g + "/" + type.kind()) {
            case "/Namespace" -> {
                String target = config.targetNamespace((String) md.get("name"));
                md.put("name", target);
                if (md.get("labels") instanceof Map<?, ?>) {
                    map(md, "labels").put("kubernetes.io/metadata.name", target);
                }
                content.remove("spec");
            }
            case "/Service" -> {
                Map<String, Object> spec = map(content, "spec");
                if (!"None".equals(spec.get("clusterIP"))) {
                    spec.remove("clusterIP");
                    spec.remove("clusterIPs");
                }
                spec.remove("healthCheckNodePort");
                if (spec.get("ports") instanceof List<?> ports) {
                    for (Object p : ports) {
                        if (p instanceof Map<?, ?> port) {
                            ((Map<String, Object>) port).remove("nodePort");
                        }
                    }
                }
            }
            case "/Pod" -> map(content, "spec").remove("nodeName");
            case "/Secret" -> {
                if ("kubernetes.io/service-account-token".equals(content.get("type"))) {
                    serviceAccountToken(md, content);
                }
            }
            case "/PersistentVolumeClaim" -> {
                if (md.get("annotations") instanceof Map<?, ?>) {
                    Map<String, Object> a = map(md, "annotations");
                    CLAIM_ANNOTATIONS.forEach(a::remove);
                    if (a.isEmpty()) {
                        md.remove("annotations");
                    }
                }
            }
            case "/PersistentVolume" -> {
                Map<String, Object> spec = map(content, "spec");
                if (spec.get("claimRef") instanceof Map<?, ?>) {
                    Map<String, Object> ref = map(spec, "claimRef");
                    ref.remove("uid");
                    ref.remove("resourceVersion");
                    if (ref.get("namespace") instanceof String ns) {
                        ref.put("namespace", config.targetNamespace(ns));
                    }
                }
                if (md.get("annotations") instanceof Map<?, ?>) {
                    map(md, "annotations").remove("pv.kubernetes.io/bound-by-controller");
                }
            }
            case "rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding" -> {
                if (content.get("subjects") instanceof List<?> subjects) {
                    for (Object s : subjects) {
                        if (s instanceof Map<?, ?> subject && subject.get("namespace") instanceof String ns) {
                            ((Map<String, Object>) subject).put("namespace", config.targetNamespace(ns));
                        }
                    }
                }
            }
            case "batch/Job" -> {
                Map<String, Object> spec = map(content, "spec");
                if (!Boolean.TRUE.equals(spec.get("manualSelector"))) {
                    spec.remove("selector");
                    if (spec.get("template") instanceof Map<?, ?> tpl && tpl.get("metadata") instanceof Map<?, ?> tmd
                            && tmd.get("labels") instanceof Map<?, ?>) {
                        Map<String, Object> labels = map(map(map(spec, "template"), "metadata"), "labels");
                        JOB_LABELS.forEach(labels::remove);
                    }
                }
            }
            default -> {
            }
        }
        return content;
    }

    private void serviceAccountToken(Map<String, Object> md, Map<String, Object> content) {
        if (md.get("annotations") instanceof Map<?, ?>) {
            Map<String, Object> a = map(md, "annotations");
            String account = a.get(SERVICE_ACCOUNT_UID) instanceof String old ? restoredUid.apply(old) : null;
            if (account == null) {
                a.remove(SERVICE_ACCOUNT_UID);
            } else {
                a.put(SERVICE_ACCOUNT_UID, account);
            }
        }
        if (content.get("data") instanceof Map<?, ?>) {
            Map<String, Object> data = map(content, "data");
            TOKEN_DATA.forEach(data::remove);
        }
    }

    /** Points owner references at the restored owners; drops those whose owner is not restored. */
    private void relinkOwners(Map<String, Object> md) {
        if (!(md.get("ownerReferences") instanceof List<?> refs)) {
            return;
        }
        List<Object> kept = OwnerRelinker.relinked(refs, restoredUid);
        if (kept.isEmpty()) {
            md.remove("ownerReferences");
        } else {
            md.put("ownerReferences", kept);
        }
    }

    /** The map under {@code key}, made mutable (created when missing). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (!(v instanceof LinkedHashMap<?, ?>)) {
            Map<String, Object> m = v instanceof Map<?, ?> existing ? new LinkedHashMap<>((Map<String, Object>) existing)
                    : new LinkedHashMap<>();
            parent.put(key, m);
            return m;
        }
        return (Map<String, Object>) v;
    }

    /** The fields a Patch conflict policy writes: everything but identity and server-owned metadata. */
    static Map<String, Object> patchOf(Map<String, Object> prepared) {
        Map<String, Object> patch = new LinkedHashMap<>(prepared);
        if (patch.get("metadata") instanceof Map<?, ?> md) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) md);
            for (Iterator<String> it = m.keySet().iterator(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("labels") && !k.equals("annotations") && !k.equals("ownerReferences") && !k.equals("finalizers")) {
                    it.remove();
                }
            }
            patch.put("metadata", m);
        }
        return patch;
    }
}

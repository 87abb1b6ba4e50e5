package io.github.aksbackup.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses blobs one by one (so any blob can be read alone) with raw DEFLATE primed with a fixed
 * dictionary of text common in Kubernetes objects, which is what makes small objects compress well.
 * The dictionary is part of the repository format version 1 and must never change within it.
 */
public final class Compression {
    /** Fixed for format version 1. */
    public static final byte[] DICTIONARY = (
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"kind\":\"StatefulSet\",\"kind\":\"DaemonSet\","
            + "\"kind\":\"ReplicaSet\",\"kind\":\"Pod\",\"kind\":\"Service\",\"kind\":\"ConfigMap\",\"kind\":\"Secret\","
            + "\"kind\":\"PersistentVolumeClaim\",\"kind\":\"PersistentVolume\",\"kind\":\"ServiceAccount\","
            + "\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"kind\":\"Role\","
            + "\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"kind\":\"CronJob\",\"apiVersion\":\"networking.k8s.io/v1\","
            + "\"kind\":\"Ingress\",\"kind\":\"NetworkPolicy\",\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
            + "\"app.kubernetes.io/name\":\"app.kubernetes.io/instance\":\"app.kubernetes.io/managed-by\":"
            + "\"app.kubernetes.io/component\":\"app.kubernetes.io/part-of\":\"app.kubernetes.io/version\":"
            + "\"kubectl.kubernetes.io/last-applied-configuration\":\"deployment.kubernetes.io/revision\":"
            + "\"pod-template-hash\":\"controller-revision-hash\":\"statefulset.kubernetes.io/pod-name\":"
            + "\"blockOwnerDeletion\":true,\"controller\":true,\"ownerReferences\":[{\"apiVersion\":"
            + "\"creationTimestamp\":\"generation\":1,\"generateName\":\"managedFields\":\"resourceVersion\":"
            + "\"spec\":{\"replicas\":1,\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600,"
            + "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"},\"type\":\"RollingUpdate\"},"
            + "\"selector\":{\"matchLabels\":{\"template\":{\"metadata\":{\"containers\":[{\"image\":"
            + "\"imagePullPolicy\":\"IfNotPresent\",\"imagePullPolicy\":\"Always\",\"ports\":[{\"containerPort\":"
            + "\"protocol\":\"TCP\",\"resources\":{\"limits\":{\"cpu\":\"memory\":\"requests\":{\"cpu\":\"100m\","
            + "\"memory\":\"128Mi\",\"terminationMessagePath\":\"/dev/termination-log\","
            + "\"terminationMessagePolicy\":\"File\",\"volumeMounts\":[{\"mountPath\":\"readOnly\":true,"
            + "\"env\":[{\"name\":\"valueFrom\":{\"secretKeyRef\":{\"configMapKeyRef\":{\"key\":"
            + "\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"schedulerName\":\"default-scheduler\","
            + "\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"serviceAccountName\":\"default\","
            + "\"serviceAccount\":\"default\",\"volumes\":[{\"persistentVolumeClaim\":{\"claimName\":"
            + "\"projected\":{\"defaultMode\":420,\"sources\":[{\"serviceAccountToken\":{\"expirationSeconds\":3607,"
            + "\"path\":\"token\"}},{\"configMap\":{\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}],"
            + "\"name\":\"kube-root-ca.crt\"}},{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"apiVersion\":\"v1\","
            + "\"fieldPath\":\"metadata.namespace\"},\"path\":\"namespace\"}]}}]}},\"nodeName\":\"aks-nodepool1-"
            + "\"tolerations\":[{\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\","
            + "\"tolerationSeconds\":300},{\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/unreachable\","
            + "\"status\":{\"conditions\":[{\"lastTransitionTime\":\"lastUpdateTime\":\"message\":\"reason\":"
            + "\"status\":\"True\",\"type\":\"Available\",\"type\":\"Progressing\",\"type\":\"Ready\","
            + "\"observedGeneration\":1,\"readyReplicas\":1,\"availableReplicas\":1,\"updatedReplicas\":1,"
            + "\"clusterIP\":\"10.0.\",\"clusterIPs\":[\"10.0.\",\"ipFamilies\":[\"IPv4\"],"
            + "\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":\"Cluster\",\"sessionAffinity\":\"None\","
            + "\"type\":\"ClusterIP\",\"targetPort\":\"port\":80,\"port\":443,\"accessModes\":[\"ReadWriteOnce\"],"
            + "\"storageClassName\":\"managed-csi\",\"storageClassName\":\"managed-csi-premium\",\"volumeMode\":\"Filesystem\","
            + "\"storage\":\"csi\":{\"driver\":\"disk.csi.azure.com\",\"volumeHandle\":\"/subscriptions/"
            + "/resourceGroups/MC_\",\"/providers/Microsoft.Compute/disks/pvc-\",\"claimRef\":{\"volumeName\":\"pvc-"
            + "\"type\":\"Opaque\",\"type\":\"kubernetes.io/service-account-token\",\"type\":\"kubernetes.io/tls\","
            + "\"data\":{\"stringData\":\"immutable\":false,\"uid\":\"name\":\"namespace\":\"default\",\"labels\":{\"app\":"
            + "\"annotations\":{\"metadata\":{\"name\":\"namespace\":\"labels\":{\"app\":\"").getBytes(StandardCharsets.UTF_8);

    private Compression() {
    }

    /** A deflater and an inflater per thread: creating one allocates a native state of some 256 KB. */
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(6, true));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

    /** Output space per thread, reused from blob to blob; only the compressed bytes are copied out. */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[8192]});
    /** Scratch space grown beyond this by a huge blob is not kept for the next one. */
    private static final int KEPT_SCRATCH = 1 << 20;

    /** Compresses {@code raw}. */
    public static byte[] compress(byte[] raw) {
        Deflater d = DEFLATERS.get();
        d.reset();
        d.setDictionary(DICTIONARY);
        d.setInput(raw);
        d.finish();
        byte[][] scratch = SCRATCH.get();
        // Deflate never grows data by more than a few bytes per 16 KB block.
        byte[] out = scratch[0];
        int bound = raw.length + raw.length / 1000 + 64;
        if (out.length < bound) {
            out = new byte[bound];
        }
        int n = 0;
        while (!d.finished()) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            n += d.deflate(out, n, out.length - n);
        }
        scratch[0] = out.length <= KEPT_SCRATCH ? out : scratch[0];
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Decompresses {@code length} bytes of {@code data} at {@code offset} into exactly
     * {@code rawLength} bytes.
     *
     * @throws IllegalArgumentException when the data is not a valid stream of that length
     */
    public static byte[] decompress(byte[] data, int offset, int length, int rawLength) {
        Inflater inf = INFLATERS.get();
        inf.reset();
        try {
            // Raw streams carry no dictionary id, so the dictionary is set before inflating.
            inf.setDictionary(DICTIONARY);
            inf.setInput(data, offset, length);
            byte[] out = new byte[rawLength];
            int n = 0;
            while (n < rawLength) {
                int r = inf.inflate(out, n, rawLength - n);
                if (r == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += r;
            }
            if (n != rawLength) {
                throw new IllegalArgumentException("inflated " + n + " bytes, expected " + rawLength);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a valid compressed stream: " + e.getMessage(), e);
        }
    }
}

package io.github.aksbackup.bench;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The data sets of {@link KubeBenchmark}, object by object as JSON for a raw create: each object is
 * a pure function of the data set and its index, so a run can be repeated exactly.
 *
 * <ul>
 *   <li>{@link #CONFIGMAPS}: ConfigMaps each holding 1.5 KB of distinct random text (three keys of
 *       500 characters), which compresses poorly and never deduplicates.
 *   <li>{@link #REALISTIC}: what an application namespace holds, in units of seven objects: a
 *       Deployment, three Pods (the server adds {@code managedFields} to every object it creates),
 *       a headless Service ({@code clusterIP: None}: the test server allocates Service IPs from a
 *       /24), a Secret and a custom resource ({@code Widget}, whose CRD {@link #crd()} gives).
 *       Compressible: names, images, labels and specs repeat with small differences.
 * </ul>
 */
enum BenchData {
    CONFIGMAPS("configmaps", "bench-cm", List.of("configmaps")),
    REALISTIC("realistic", "bench-app", List.of("deployments.apps", "pods", "services", "secrets", "widgets.bench.aks-backup.io"));

    static final String CR_GROUP = "bench.aks-backup.io";

    private static final String TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      .,;-";

    final String id;
    final String namespace;
    /** The types that hold the data set, as kubectl names them. */
    final List<String> kubectlTypes;

    BenchData(String id, String namespace, List<String> kubectlTypes) {
        this.id = id;
        this.namespace = namespace;
        this.kubectlTypes = kubectlTypes;
    }

    static BenchData of(String id) {
        for (BenchData d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set " + id + "; use configmaps, realistic or both");
    }

    /** One object to create: the collection to POST it to and its JSON. */
    record Create(String path, String json) {
    }

    /** The {@code index}th object of the data set, in namespace {@code ns}. */
    Create object(int index, String ns) {
        return this == CONFIGMAPS ? configMap(index, ns) : realistic(index, ns);
    }

    private static Create configMap(int i, String ns) {
        SplittableRandom r = new SplittableRandom(0x5eed_0000L + i);
        StringBuilder data = new StringBuilder(1600);
        for (int k = 0; k < 3; k++) {
            data.append(k == 0 ? "" : ",").append("\"part-").append(k).append("\":\"");
            for (int c = 0; c < 500; c++) {
                data.append(TEXT.charAt(r.nextInt(TEXT.length())));
            }
            data.append('"');
        }
        return new Create("/api/v1/namespaces/" + ns + "/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"cm-" + i + "\",\"labels\":{\"app\":\"bench\",\"shard\":\"" + (i % 10) + "\"}},"
                + "\"data\":{" + data + "}}");
    }

    private static Create realistic(int i, String ns) {
        int unit = i / 7;
        String app = "app-" + unit;
        String tier = List.of("web", "api", "worker", "cache").get(unit % 4);
        String image = "registry.example.com/shop/" + tier + ":1." + (unit % 13) + "." + (unit % 7);
        String labels = "{\"app\":\"" + app + "\",\"tier\":\"" + tier + "\",\"app.kubernetes.io/part-of\":\"shop\","
                + "\"app.kubernetes.io/managed-by\":\"helm\"}";
        String annotations = "{\"meta.helm.sh/release-name\":\"shop\",\"meta.helm.sh/release-namespace\":\"" + ns + "\"}";
        return switch (i % 7) {
            case 0 -> new Create("/apis/apps/v1/namespaces/" + ns + "/deployments", "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                    + "\"metadata\":{\"name\":\"" + app + "\",\"labels\":" + labels + ",\"annotations\":" + annotations + "},"
                    + "\"spec\":{\"replicas\":3,\"revisionHistoryLimit\":5,\"selector\":{\"matchLabels\":{\"app\":\"" + app + "\"}},"
                    + "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}},"
                    + "\"template\":{\"metadata\":{\"labels\":" + labels + "},\"spec\":" + podSpec(app, image, unit) + "}}}");
            case 1, 2, 3 -> {
                String pod = app + "-" + Integer.toHexString(0x5f00000 + unit * 7919 % 0xfffff) + "-" + (char) ('a' + i % 7);
                yield new Create("/api/v1/namespaces/" + ns + "/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                        + "\"metadata\":{\"name\":\"" + pod + "\",\"labels\":" + labels + ",\"annotations\":{\"kubectl.kubernetes.io/"
                        + "restartedAt\":\"2026-11-2" + unit % 9 + "T10:1" + unit % 6 + ":00Z\"}},\"spec\":" + podSpec(app, image, unit)
                        + "}");
            }
            case 4 -> new Create("/api/v1/namespaces/" + ns + "/services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
                    + "\"metadata\":{\"name\":\"" + app + "\",\"labels\":" + labels + ",\"annotations\":" + annotations + "},"
                    + "\"spec\":{\"clusterIP\":\"None\",\"selector\":{\"app\":\"" + app + "\"},\"ports\":[{\"name\":\"http\","
                    + "\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\"},{\"name\":\"metrics\",\"port\":9090,\"targetPort\":9090,"
                    + "\"protocol\":\"TCP\"}]}}");
            case 5 -> {
                SplittableRandom r = new SplittableRandom(0xc0ffeeL + unit);
                byte[] password = new byte[24];
                byte[] key = new byte[48];
                r.nextBytes(password);
                r.nextBytes(key);
                Base64.Encoder b64 = Base64.getEncoder();
                yield new Create("/api/v1/namespaces/" + ns + "/secrets", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
                        + "\"metadata\":{\"name\":\"" + app + "-credentials\",\"labels\":" + labels + "},\"type\":\"Opaque\","
                        + "\"data\":{\"username\":\"" + b64.encodeToString(("svc-" + app).getBytes()) + "\",\"password\":\""
                        + b64.encodeToString(password) + "\",\"api-key\":\"" + b64.encodeToString(key) + "\"}}");
            }
            default -> new Create("/apis/" + CR_GROUP + "/v1/namespaces/" + ns + "/widgets", "{\"apiVersion\":\"" + CR_GROUP
                    + "/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + app + "\",\"labels\":" + labels + "},"
                    + "\"spec\":{\"size\":" + (unit % 5 + 1) + ",\"color\":\"" + List.of("red", "green", "blue").get(unit % 3)
                    + "\",\"owner\":\"team-" + unit % 17 + "\",\"schedule\":\"0 " + unit % 24 + " * * *\","
                    + "\"targets\":[\"" + app + ".shop.svc\",\"" + app + "-canary.shop.svc\"]}}");
        };
    }

    private static String podSpec(String app, String image, int unit) {
        return String.format(Locale.ROOT, "{\"serviceAccountName\":\"default\",\"terminationGracePeriodSeconds\":30,"
                + "\"securityContext\":{\"runAsNonRoot\":true,\"runAsUser\":10001,\"fsGroup\":10001},"
                + "\"containers\":[{\"name\":\"main\",\"image\":\"%s\",\"imagePullPolicy\":\"IfNotPresent\","
                + "\"args\":[\"--port=8080\",\"--log-level=info\",\"--shard=%d\"],"
                + "\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"},{\"name\":\"metrics\",\"containerPort\":9090,"
                + "\"protocol\":\"TCP\"}],"
                + "\"env\":[{\"name\":\"APP_NAME\",\"value\":\"%s\"},{\"name\":\"DB_HOST\",\"value\":\"postgres-%d.db.svc\"},"
                + "{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"%s-credentials\",\"key\":\"password\"}}},"
                + "{\"name\":\"POD_NAME\",\"valueFrom\":{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"}}}],"
                + "\"resources\":{\"requests\":{\"cpu\":\"%dm\",\"memory\":\"%dMi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"512Mi\"}},"
                + "\"readinessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080,\"scheme\":\"HTTP\"},\"periodSeconds\":10},"
                + "\"livenessProbe\":{\"httpGet\":{\"path\":\"/livez\",\"port\":8080,\"scheme\":\"HTTP\"},\"initialDelaySeconds\":15},"
                + "\"volumeMounts\":[{\"name\":\"config\",\"mountPath\":\"/etc/app\",\"readOnly\":true},{\"name\":\"tmp\",\"mountPath\":\"/tmp\"}]}],"
                + "\"volumes\":[{\"name\":\"config\",\"configMap\":{\"name\":\"%s-config\"}},{\"name\":\"tmp\",\"emptyDir\":{}}],"
                + "\"tolerations\":[{\"key\":\"kubernetes.azure.com/scalesetpriority\",\"operator\":\"Equal\",\"value\":\"spot\","
                + "\"effect\":\"NoSchedule\"}]}", image, unit % 8, app, unit % 3, app, 100 + unit % 4 * 50, 128 + unit % 4 * 64, app);
    }

    /** The CustomResourceDefinition of the custom resources of {@link #REALISTIC}. */
    static String crd() {
        return "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets."
                + CR_GROUP + "\"},\"spec\":{\"group\":\"" + CR_GROUP + "\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"widgets\","
                + "\"singular\":\"widget\",\"kind\":\"Widget\",\"listKind\":\"WidgetList\"},\"versions\":[{\"name\":\"v1\",\"served\":true,"
                + "\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\","
                + "\"x-kubernetes-preserve-unknown-fields\":true}}}}}]}}";
    }
}

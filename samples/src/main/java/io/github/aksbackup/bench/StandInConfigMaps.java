package io.github.aksbackup.bench;

import io.github.aksbackup.cli.StandInApiServer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stand-in API server of {@code KubeBenchmark --stand-in} serves: discovery with Namespaces
 * and ConfigMaps, one namespace, and in it {@code count} ConfigMaps of {@link BenchData#CONFIGMAPS},
 * each as a real server lists it (uid, resourceVersion, creationTimestamp, managedFields), in pages
 * of the requested {@code limit} whose continue token is the next index. Objects are made as they are
 * asked for, so the stand-in holds none of them.
 */
final class StandInConfigMaps implements StandInApiServer.Responder {
    private static final Pattern LIMIT = Pattern.compile("(?:^|&)limit=(\\d+)");
    private static final Pattern CONTINUE = Pattern.compile("(?:^|&)continue=(\\d+)");

    private final String namespace;
    private final int count;

    StandInConfigMaps(String namespace, int count) {
        this.namespace = namespace;
        this.count = count;
    }

    @Override
    public String answer(String path, String query) {
        return switch (path) {
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
            case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
            case "/api/v1" -> StandInApiServer.resourceList("v1", "namespaces", "Namespace", "false", "configmaps", "ConfigMap", "true");
            case "/api/v1/namespaces" -> "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},"
                    + "\"items\":[{\"metadata\":{\"name\":\"" + namespace + "\",\"uid\":\"5d0c1c1e-0000-4000-8000-000000000001\","
                    + "\"resourceVersion\":\"1\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"finalizers\":[\"kubernetes\"]},"
                    + "\"status\":{\"phase\":\"Active\"}}]}";
            default -> path.equals("/api/v1/namespaces/" + namespace + "/configmaps") || path.equals("/api/v1/configmaps")
                    ? page(query) : null;
        };
    }

    private String page(String query) {
        Matcher l = LIMIT.matcher(query);
        Matcher c = CONTINUE.matcher(query);
        int limit = l.find() ? Integer.parseInt(l.group(1)) : count;
        int from = c.find() ? Integer.parseInt(c.group(1)) : 0;
        int to = (int) Math.min(count, (long) from + Math.max(1, limit));
        StringBuilder sb = new StringBuilder(2600 * (to - from) + 200);
        sb.append("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"").append(count + 1).append('"');
        if (to < count) {
            sb.append(",\"continue\":\"").append(to).append("\",\"remainingItemCount\":").append(count - to);
        }
        sb.append("},\"items\":[");
        for (int i = from; i < to; i++) {
            String json = BenchData.CONFIGMAPS.object(i, namespace).json();
            String meta = "\"metadata\":{";
            int at = json.indexOf(meta) + meta.length();
            // the object without apiVersion and kind, as in a list, with what the server adds to metadata
            sb.append(i == from ? "{" : ",{").append(json, json.indexOf(meta), at).append(String.format(Locale.ROOT,
                    "\"namespace\":\"%s\",\"uid\":\"%08x-0000-4000-8000-%012x\",\"resourceVersion\":\"%d\","
                            + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"managedFields\":[{\"manager\":\"bench\","
                            + "\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-01-01T00:00:00Z\",\"fieldsType\":\"FieldsV1\","
                            + "\"fieldsV1\":{\"f:data\":{\".\":{},\"f:part-0\":{},\"f:part-1\":{},\"f:part-2\":{}},\"f:metadata\":"
                            + "{\"f:labels\":{\".\":{},\"f:app\":{},\"f:shard\":{}}}}}],", namespace, i, i, i + 2))
                    .append(json, at, json.length());
        }
        return sb.append("]}").toString();
    }
}

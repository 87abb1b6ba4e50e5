package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link InMemoryCluster} checks and sets on a write as the API server would: kind and group of
 * a created object, the status the server starts an object with, Service cluster IPs (allocated, or
 * refused when in use), and JSON merge patches (RFC 7386). Thread-safe.
 */
final class ServerRules {
    private final Set<String> usedClusterIps = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextIp = new AtomicInteger(10);

    /** The API server's answer to an object it refuses. */
    static AksBackupException invalid(ResourceType type, String name, String detail) {
        return new AksBackupException(ErrorCode.INVALID, type.kind() + " \"" + name + "\" is invalid: " + detail);
    }

    /** Refuses an object whose {@code kind} or API group is not the type's. */
    static void checkKind(ResourceType type, Map<String, Object> content, String name) {
        Object kind = content.get("kind");
        Object apiVersion = content.get("apiVersion");
        if (!type.kind().equals(kind)) {
            throw invalid(type, name, "kind: must be " + type.kind() + ", was " + kind);
        }
        String group = apiVersion instanceof String s && s.contains("/") ? s.substring(0, s.indexOf('/')) : "";
        if (!(apiVersion instanceof String) || !group.equals(type.group())) {
            throw invalid(type, name, "apiVersion: must be in group '" + type.group() + "', was " + apiVersion);
        }
    }

    /** Sets what the server sets on a new object of some built-in types: cluster IP, initial status, namespace label. */
    void serverDefaults(ResourceType type, Map<String, Object> content, String name) {
        if (type.group().isEmpty() && type.kind().equals("Service")) {
            Map<String, Object> spec = mutableMap(content, "spec");
            Object ip = spec.get("clusterIP");
            if (ip == null || "".equals(ip)) {
                String allocated;
                do {
                    int n = nextIp.getAndIncrement();
                    allocated = "10.0." + (n / 250) % 250 + "." + (n % 250 + 1);
                } while (!usedClusterIps.add(allocated));
                spec.put("clusterIP", allocated);
                spec.put("clusterIPs", List.of(allocated));
            } else if (!"None".equals(ip)) {
                if (!usedClusterIps.add((String) ip)) {
                    throw invalid(type, name, "spec.clusterIPs: Invalid value: [\"" + ip + "\"]: failed to allocate IP " + ip
                            + ": provided IP is already allocated");
                }
                spec.put("clusterIPs", List.of(ip));
            }
        } else if (type.group().isEmpty() && type.kind().equals("Namespace")) {
            content.put("status", Map.of("phase", "Active"));
            Map<String, Object> labels = mutableMap(mutableMap(content, "metadata"), "labels");
            labels.put("kubernetes.io/metadata.name", name);
        } else if (type.group().isEmpty() && type.kind().equals("Pod")) {
            content.put("status", Map.of("phase", "Pending", "conditions", List.of(Map.of("type", "Ready", "status", "False"))));
        } else if (type.group().isEmpty() && type.kind().equals("PersistentVolumeClaim")) {
            Object volume = content.get("spec") instanceof Map<?, ?> spec ? spec.get("volumeName") : null;
            content.put("status", Map.of("phase", volume == null ? "Pending" : "Bound"));
        }
    }

    /** The map at {@code key} of {@code parent}, made there (or made mutable) when it is not. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mutableMap(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v instanceof Map<?, ?> m && !(v instanceof LinkedHashMap<?, ?>)) {
            v = new LinkedHashMap<>((Map<String, Object>) m);
            parent.put(key, v);
        } else if (!(v instanceof Map<?, ?>)) {
            v = new LinkedHashMap<String, Object>();
            parent.put(key, v);
        }
        return (Map<String, Object>) v;
    }

    /** RFC 7386: maps merge recursively, {@code null} removes, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Object mergePatchValue(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> p)) {
            return patch;
        }
        Map<String, Object> result = target instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) p).entrySet()) {
            if (e.getValue() == null) {
                result.remove(e.getKey());
            } else {
                result.put(e.getKey(), mergePatchValue(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}

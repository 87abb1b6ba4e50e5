package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.kubernetes.client.openapi.Pair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until an object exists and satisfies a condition, by watching it rather than polling: the
 * wait ends as soon as the API server reports the change. Pod readiness and snapshot readiness
 * are both waits of this kind.
 */
final class ObjectWaiter {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectWaiter.class);

    /** Reads the current state of one object. */
    @FunctionalInterface
    interface Reader {
        Optional<KubeObject> get(ResourceType type, String namespace, String name);
    }

    private final RawApi api;
    private final Reader reader;
    private final Clock clock;

    ObjectWaiter(RawApi api, Reader reader, Clock clock) {
        this.api = api;
        this.reader = reader;
        this.clock = clock;
    }

    /** The object once it satisfies {@code condition}, or empty when {@code timeout} passes first. */
    Optional<KubeObject> await(ResourceType type, String namespace, String name, Predicate<KubeObject> condition,
            Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        String what = "watch " + type.displayName() + " " + (namespace == null ? name : namespace + "/" + name);
        while (true) {
            Optional<KubeObject> current = reader.get(type, namespace, name);
            if (current.isPresent() && condition.test(current.get())) {
                return current;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            // Watching from the version just read misses nothing; with no object there is no version,
            // and a watch without one starts by reporting an object that appeared in between.
            String resourceVersion = current.map(o -> (String) o.metadata().get("resourceVersion")).orElse(null);
            List<Pair> query = new ArrayList<>();
            query.add(new Pair("fieldSelector", "metadata.name=" + name));
            if (resourceVersion != null) {
                query.add(new Pair("resourceVersion", resourceVersion));
            }
            AtomicReference<KubeObject> found = new AtomicReference<>();
            try {
                api.watch(what, RawApi.collectionPath(type, namespace), query, left, event -> {
                    switch (event.type()) {
                        case "ADDED", "MODIFIED" -> {
                            KubeObject o = withTypeMeta(type, event.object());
                            if (condition.test(o)) {
                                found.set(o);
                                return true;
                            }
                            return false;
                        }
                        case "ERROR" -> {
                            // Typically 410: the version we watch from is too old. Read again.
                            LOG.debug("{} ended: {}", what, event.object().get("message"));
                            return true;
                        }
                        default -> {
                            return false;
                        }
                    }
                });
            } catch (AksBackupException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                // A watch that broke off is not a failed wait: the object is read again and watched anew.
                LOG.debug("{} broke off, watching again: {}", what, e.getMessage());
            }
            if (found.get() != null) {
                return Optional.of(found.get());
            }
            if (!clock.instant().isBefore(deadline)) {
                return Optional.empty();
            }
        }
    }

    private static KubeObject withTypeMeta(ResourceType type, Map<String, Object> object) {
        if (object.get("apiVersion") != null && object.get("kind") != null) {
            return new KubeObject(object);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", type.apiVersion());
        o.put("kind", type.kind());
        o.putAll(object);
        return new KubeObject(o);
    }

    /** With a container name, that container's readiness; without, the pod's Ready condition. */
    static boolean podReady(KubeObject pod, String container) {
        if (container != null) {
            if (pod.at("status", "containerStatuses") instanceof List<?> statuses) {
                for (Object s : statuses) {
                    if (s instanceof Map<?, ?> cs && container.equals(cs.get("name"))) {
                        return Boolean.TRUE.equals(cs.get("ready"));
                    }
                }
            }
            return false;
        }
        if (pod.at("status", "conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> cond && "Ready".equals(cond.get("type"))) {
                    return "True".equals(cond.get("status"));
                }
            }
        }
        return false;
    }
}

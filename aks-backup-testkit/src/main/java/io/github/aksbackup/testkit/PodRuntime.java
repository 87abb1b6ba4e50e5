package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What stands in for kubelets in {@link InMemoryCluster}: exec in a pod runs the handler a test
 * registered (on a thread of its own, so that the timeout, measured on the cluster's clock, can end
 * it), and waiting for a pod's readiness wakes when an object changes. Thread-safe.
 */
final class PodRuntime {
    private final Clock clock;
    private final List<ExecRequest> execCalls = new CopyOnWriteArrayList<>();
    private final Object readiness = new Object();
    private final ExecutorService execThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "in-memory-exec");
        t.setDaemon(true);
        return t;
    });
    private volatile ExecHandler execHandler = request -> new ExecResult(0, "", "", false);

    PodRuntime(Clock clock) {
        this.clock = clock;
    }

    /** See {@link InMemoryCluster#exec}; {@code pod} is the pod the request names, if it exists. */
    ExecResult exec(ExecRequest request, Optional<KubeObject> pod) {
        KubeObject p = pod.orElseThrow(() -> new NotFoundException("pods \"" + request.pod() + "\" not found in namespace "
                + request.namespace()));
        if (request.container() != null && !containerNames(p).contains(request.container())) {
            throw new NotFoundException("container " + request.container() + " is not valid for pod " + request.pod());
        }
        execCalls.add(request);
        ExecHandler handler = execHandler;
        Instant deadline = clock.instant().plus(request.timeout());
        Future<ExecResult> f = execThreads.submit(() -> handler.exec(request));
        while (true) {
            try {
                return f.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!clock.instant().isBefore(deadline)) {
                    f.cancel(true);
                    return new ExecResult(null, "", "", true);
                }
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return new ExecResult(null, "", "interrupted", false);
            } catch (ExecutionException e) {
                throw new AksBackupException(ErrorCode.EXEC_FAILED, "exec in pod " + request.namespace() + "/" + request.pod()
                        + " failed: " + e.getCause(), null, e.getCause());
            }
        }
    }

    /** See {@link InMemoryCluster#waitForPodReady}; {@code pod} reads the pod's current state. */
    boolean waitForPodReady(Supplier<Optional<KubeObject>> pod, String container, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        synchronized (readiness) {
            while (true) {
                Optional<KubeObject> p = pod.get();
                if (p.isPresent() && isReady(p.get(), container)) {
                    return true;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return false;
                }
                try {
                    readiness.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** Wakes those waiting for readiness: an object changed. */
    void changed() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    /** See {@link InMemoryCluster#onExec}. */
    void onExec(ExecHandler handler) {
        this.execHandler = Objects.requireNonNull(handler, "handler");
    }

    /** See {@link InMemoryCluster#execCalls}. */
    List<ExecRequest> execCalls() {
        return Collections.unmodifiableList(new ArrayList<>(execCalls));
    }

    /** The status a kubelet reports for a pod whose containers are all ready, or none is. */
    static Map<String, Object> readyStatus(KubeObject pod, boolean ready) {
        List<Object> statuses = new ArrayList<>();
        for (String c : containerNames(pod)) {
            statuses.add(Map.of("name", c, "ready", ready));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", ready ? "Running" : "Pending");
        status.put("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
        status.put("containerStatuses", statuses);
        return status;
    }

    private static boolean isReady(KubeObject pod, String container) {
        Object conditions = pod.at("status", "conditions");
        boolean podReady = conditions instanceof List<?> l && l.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Ready".equals(m.get("type")) && "True".equals(m.get("status")));
        if (container == null) {
            return podReady;
        }
        Object statuses = pod.at("status", "containerStatuses");
        return statuses instanceof List<?> l && l.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && container.equals(m.get("name")) && Boolean.TRUE.equals(m.get("ready")));
    }

    private static List<String> containerNames(KubeObject pod) {
        List<String> names = new ArrayList<>();
        if (pod.at("spec", "containers") instanceof List<?> cs) {
            for (Object c : cs) {
                if (c instanceof Map<?, ?> m && m.get("name") instanceof String s) {
                    names.add(s);
                }
            }
        }
        return names;
    }
}

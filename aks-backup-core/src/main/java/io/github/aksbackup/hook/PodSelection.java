package io.github.aksbackup.hook;

import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.spi.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which pods a hook entry applies to, and what a pod's containers are. */
final class PodSelection {
    private PodSelection() {
    }

    /**
     * True when the pod is in an included namespace (none listed, or {@code *}, means all), not in
     * an excluded one, and its labels match the selector ({@code null} matches every pod).
     */
    static boolean matches(List<String> included, List<String> excluded, LabelSelector selector, KubeObject pod) {
        String ns = pod.namespace();
        if (ns == null) {
            return false;
        }
        boolean in = included.isEmpty() || included.contains("*") || included.contains(ns);
        boolean out = excluded.contains("*") || excluded.contains(ns);
        return in && !out && (selector == null || selector.matches(pod.labels()));
    }

    /** The names of the pod's containers ({@code spec.containers}), in order; empty when the object has none. */
    static List<String> containers(KubeObject pod) {
        List<String> names = new ArrayList<>();
        if (pod.at("spec", "containers") instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && m.get("name") instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** {@code Succeeded} or {@code Failed} when the pod has finished and can run no command, else {@code null}. */
    static String finishedPhase(KubeObject pod) {
        Object phase = pod.at("status", "phase");
        return "Succeeded".equals(phase) || "Failed".equals(phase) ? (String) phase : null;
    }
}

package io.github.aksbackup.hook;

import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.BackupHookSpec;
import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.api.hook.RestoreExecStep;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.hook.RestoreHookSpec;
import io.github.aksbackup.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The valid hook resources read from a file (or text), in document order, and a human-readable
 * summary of them that shows every step's effective settings and which of them are defaults.
 */
public final class HookDocuments {
    private final List<BackupHook> backupHooks;
    private final List<RestoreHook> restoreHooks;
    private final Map<Object, Set<String>> defaulted;
    private final Map<Object, String> origins;

    HookDocuments(List<BackupHook> backupHooks, List<RestoreHook> restoreHooks, IdentityHashMap<Object, Set<String>> defaulted,
            IdentityHashMap<Object, String> origins) {
        this.backupHooks = List.copyOf(backupHooks);
        this.restoreHooks = List.copyOf(restoreHooks);
        this.defaulted = defaulted;
        this.origins = origins;
    }

    /** The BackupHook resources, in document order. */
    public List<BackupHook> backupHooks() {
        return backupHooks;
    }

    /** The RestoreHook resources, in document order. */
    public List<RestoreHook> restoreHooks() {
        return restoreHooks;
    }

    /**
     * True when {@code field} ({@code container}, {@code onError}, {@code timeout}, {@code execTimeout}
     * or {@code waitTimeout}) of a step of these documents was left out and took its default.
     */
    public boolean isDefault(Object step, String field) {
        return defaulted.getOrDefault(step, Set.of()).contains(field);
    }

    /**
     * One line per resource, hook entry and step, with the entry's pod selection and each step's
     * container, onError and timeouts (marked "(default)" where the resource left them out), and a
     * closing count.
     */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        int backupEntries = 0;
        int backupSteps = 0;
        for (BackupHook hook : backupHooks) {
            lines.add(HookDecoder.BACKUP_KIND + " " + hook.namespace() + "/" + hook.name() + origin(hook));
            for (BackupHookSpec spec : hook.hooks()) {
                backupEntries++;
                lines.add("  hook " + spec.name() + ": " + selection(spec.includedNamespaces(), spec.excludedNamespaces(), spec.labelSelector()));
                backupSteps += steps(lines, "pre", spec.preHooks()) + steps(lines, "post", spec.postHooks());
                if (spec.preHooks().isEmpty() && spec.postHooks().isEmpty()) {
                    lines.add("    (no steps: this hook does nothing)");
                }
            }
        }
        int restoreEntries = 0;
        int restoreSteps = 0;
        for (RestoreHook hook : restoreHooks) {
            lines.add(HookDecoder.RESTORE_KIND + " " + hook.namespace() + "/" + hook.name() + origin(hook));
            for (RestoreHookSpec spec : hook.hooks()) {
                restoreEntries++;
                lines.add("  hook " + spec.name() + ": restored " + selection(spec.includedNamespaces(), spec.excludedNamespaces(), spec.labelSelector()));
                restoreSteps += steps(lines, "post", spec.postHooks());
                if (spec.postHooks().isEmpty()) {
                    lines.add("    (no steps: this hook does nothing)");
                }
            }
        }
        lines.add(count(backupHooks.size(), HookDecoder.BACKUP_KIND, backupEntries, backupSteps) + ", "
                + count(restoreHooks.size(), HookDecoder.RESTORE_KIND, restoreEntries, restoreSteps));
        return lines;
    }

    private int steps(List<String> lines, String phase, List<?> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            StringBuilder sb = new StringBuilder("    ").append(phase).append(' ').append(i + 1).append(": ");
            if (step instanceof ExecStep e) {
                sb.append(HookFields.quoted(e.command())).append(" in ").append(container(step, e.container()))
                        .append(", onError ").append(e.onError()).append(mark(step, HookStepDecoder.ON_ERROR))
                        .append(", timeout ").append(HookDuration.format(e.timeout())).append(mark(step, HookStepDecoder.TIMEOUT));
            } else if (step instanceof RestoreExecStep r) {
                sb.append(HookFields.quoted(r.command())).append(" in ").append(container(step, r.container()))
                        .append(", onError ").append(r.onError()).append(mark(step, HookStepDecoder.ON_ERROR))
                        .append(", waitTimeout ").append(HookDuration.format(r.waitTimeout())).append(mark(step, HookStepDecoder.WAIT_TIMEOUT))
                        .append(", execTimeout ").append(HookDuration.format(r.execTimeout())).append(mark(step, HookStepDecoder.EXEC_TIMEOUT));
            }
            lines.add(sb.toString());
        }
        return steps.size();
    }

    private String container(Object step, String container) {
        return container == null ? "the pod's first container (default)" : "container " + container + mark(step, HookStepDecoder.CONTAINER);
    }

    private String mark(Object step, String field) {
        return isDefault(step, field) ? " (default)" : "";
    }

    private String origin(Object resource) {
        String o = origins.get(resource);
        return o == null ? "" : " (" + o + ")";
    }

    /** The pods an entry selects, in words. */
    static String selection(List<String> included, List<String> excluded, LabelSelector selector) {
        boolean allNamespaces = included.isEmpty() || included.contains("*");
        String ns = allNamespaces ? "pods in all namespaces" : "pods in namespace" + (included.size() == 1 ? " " : "s ") + String.join(", ", included);
        if (!excluded.isEmpty()) {
            ns += " except " + String.join(", ", excluded);
        }
        return ns + (selector == null || selector.isEmpty() ? ", any labels" : ", labels " + selector);
    }

    private static String count(int resources, String kind, int entries, int steps) {
        return resources + " " + kind + (resources == 1 ? "" : "s") + " (" + entries + " hook" + (entries == 1 ? "" : "s")
                + ", " + steps + " step" + (steps == 1 ? "" : "s") + ")";
    }
}

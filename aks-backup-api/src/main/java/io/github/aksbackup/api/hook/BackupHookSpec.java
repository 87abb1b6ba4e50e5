package io.github.aksbackup.api.hook;

import io.github.aksbackup.api.selector.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * One named entry of a {@code BackupHook} resource: which pods it selects (namespaces and labels)
 * and the commands run before ({@code preHooks}) and after ({@code postHooks}) their volumes are
 * snapshotted. Empty {@code includedNamespaces} means all namespaces; a {@code null} selector
 * selects every pod.
 */
public record BackupHookSpec(String name, List<String> includedNamespaces, List<String> excludedNamespaces,
        LabelSelector labelSelector, List<ExecStep> preHooks, List<ExecStep> postHooks) {
    public BackupHookSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("backupHook.name is required");
        }
        includedNamespaces = List.copyOf(Objects.requireNonNull(includedNamespaces, "includedNamespaces"));
        excludedNamespaces = List.copyOf(Objects.requireNonNull(excludedNamespaces, "excludedNamespaces"));
        preHooks = List.copyOf(Objects.requireNonNull(preHooks, "preHooks"));
        postHooks = List.copyOf(Objects.requireNonNull(postHooks, "postHooks"));
    }
}

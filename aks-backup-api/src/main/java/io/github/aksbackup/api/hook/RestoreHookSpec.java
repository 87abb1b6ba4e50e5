package io.github.aksbackup.api.hook;

import io.github.aksbackup.api.selector.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * One named entry of a {@code RestoreHook} resource: which restored pods it selects and the
 * commands run in them once they are ready ({@code postHooks}).
 */
public record RestoreHookSpec(String name, List<String> includedNamespaces, List<String> excludedNamespaces,
        LabelSelector labelSelector, List<RestoreExecStep> postHooks) {
    public RestoreHookSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("restoreHook.name is required");
        }
        includedNamespaces = List.copyOf(Objects.requireNonNull(includedNamespaces, "includedNamespaces"));
        excludedNamespaces = List.copyOf(Objects.requireNonNull(excludedNamespaces, "excludedNamespaces"));
        postHooks = List.copyOf(Objects.requireNonNull(postHooks, "postHooks"));
    }
}

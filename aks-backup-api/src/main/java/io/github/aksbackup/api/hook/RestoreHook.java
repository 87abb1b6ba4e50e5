package io.github.aksbackup.api.hook;

import java.util.List;
import java.util.Objects;

/**
 * A {@code RestoreHook} custom resource ({@code clusterbackup.dataprotection.microsoft.com/v1alpha1}):
 * its name and namespace, by which restore configurations reference it, and its hook entries.
 */
public record RestoreHook(String name, String namespace, List<RestoreHookSpec> hooks) {
    public RestoreHook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        hooks = List.copyOf(Objects.requireNonNull(hooks, "hooks"));
    }
}

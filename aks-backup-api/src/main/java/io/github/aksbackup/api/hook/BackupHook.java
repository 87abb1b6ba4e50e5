package io.github.aksbackup.api.hook;

import java.util.List;
import java.util.Objects;

/**
 * A {@code BackupHook} custom resource ({@code clusterbackup.dataprotection.microsoft.com/v1alpha1}):
 * its name and namespace, by which backup instances reference it, and its hook entries.
 */
public record BackupHook(String name, String namespace, List<BackupHookSpec> hooks) {
    /** API version of the hook custom resources. */
    public static final String API_VERSION = "clusterbackup.dataprotection.microsoft.com/v1alpha1";

    public BackupHook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        hooks = List.copyOf(Objects.requireNonNull(hooks, "hooks"));
    }
}

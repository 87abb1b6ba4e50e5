package io.github.aksbackup.api.job;

import java.util.Objects;

/**
 * The outcome for one item of a job.
 *
 * @param resource the item's type, as {@code group/version/Kind} (or {@code v1/Kind} for the core group)
 * @param namespace its namespace ({@code null} for cluster-scoped items)
 * @param name its name
 * @param action what happened
 * @param message why (for skipped and failed items), or {@code null}
 */
public record ItemResult(String resource, String namespace, String name, ItemAction action, String message) {
    public ItemResult {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
    }

    /** {@code resource namespace/name}, the form used in messages. */
    public String displayName() {
        return resource + " " + (namespace == null ? name : namespace + "/" + name);
    }
}

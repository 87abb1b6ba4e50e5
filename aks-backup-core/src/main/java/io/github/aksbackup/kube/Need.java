package io.github.aksbackup.kube;

import io.github.aksbackup.spi.GroupKind;
import java.util.Objects;

/**
 * A cluster-scoped object that another object needs to work once restored or that a backup must
 * hold for it, such as the StorageClass of a claim.
 *
 * @param kind the kind of the object needed
 * @param name its name
 */
public record Need(GroupKind kind, String name) {
    public Need {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty, was '" + name + "'");
        }
    }
}

package io.github.aksbackup.api.instance;

/** A reference to a namespaced Kubernetes object by name, as Azure's {@code NamespacedNameResource}. */
public record NamespacedName(String name, String namespace) {
    public NamespacedName {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be empty (reference '" + name + "')");
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

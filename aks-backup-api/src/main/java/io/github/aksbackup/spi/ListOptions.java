package io.github.aksbackup.spi;

/**
 * How to list one resource type.
 *
 * @param namespace only this namespace, or {@code null} for all namespaces (and for cluster-scoped types)
 * @param labelSelector a label selector in Kubernetes string syntax evaluated by the server, or {@code null}
 * @param pageSize objects per page (the {@code limit} of a Kubernetes list), at least 1
 */
public record ListOptions(String namespace, String labelSelector, int pageSize) {
    /** Default page size; large enough to amortize round trips, small enough to bound memory. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    public ListOptions {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
    }

    /** Every object of the type, default page size. */
    public static ListOptions all() {
        return new ListOptions(null, null, DEFAULT_PAGE_SIZE);
    }
}

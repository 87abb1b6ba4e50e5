package io.github.aksbackup.spi;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing.
 *
 * @param items the objects on this page, each with {@code apiVersion} and {@code kind} set
 * @param restarted true when the listing had to start over before this page (the server expired
 *     the continue token, HTTP 410): objects of earlier pages may appear again and the consumer
 *     should drop what it collected from this listing, or deduplicate by namespace/name
 */
public record Page(List<KubeObject> items, boolean restarted) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }
}

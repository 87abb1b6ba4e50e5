package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The failures a test injects into {@link InMemoryCluster}: operations that throw, and a listing whose
 * continue token expires after its first page. Thread-safe.
 */
final class InjectedFaults {
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    /** The plural whose next listing expires ({@code ""}: any), or {@code null}. */
    private final AtomicReference<String> expireNextListing = new AtomicReference<>();

    /** An injected failure: operations matching it throw its error. */
    private record Fault(String verb, String plural, String namespace, String name, AksBackupException error) {
        boolean matches(String v, ResourceType t, String ns, String n) {
            return verb.equals(v) && (plural == null || plural.equals(t.plural()))
                    && (namespace == null || namespace.equals(ns)) && (name == null || name.equals(n));
        }
    }

    /** See {@link InMemoryCluster#failOn}. */
    void failOn(String verb, String plural, String namespace, String name, AksBackupException error) {
        faults.add(new Fault(verb, plural, namespace, name, error));
    }

    void clear() {
        faults.clear();
    }

    /** Throws the error of the first injected failure matching the operation. */
    void check(String verb, ResourceType type, String namespace, String name) {
        for (Fault f : faults) {
            if (f.matches(verb, type, namespace, name)) {
                throw f.error();
            }
        }
    }

    /** Makes the next listing of {@code plural} ({@code ""}: of any type) restart after its first page. */
    void expireNextListing(String plural) {
        expireNextListing.set(plural);
    }

    /** True, once, for the listing of {@code type} that is to restart. */
    boolean takeExpiry(ResourceType type) {
        String expiring = expireNextListing.get();
        return expiring != null && (expiring.isEmpty() || expiring.equals(type.plural()))
                && expireNextListing.compareAndSet(expiring, null);
    }
}

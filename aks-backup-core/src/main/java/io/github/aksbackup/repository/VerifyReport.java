package io.github.aksbackup.repository;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of reading a whole vault back: what was checked and every damage found, by object and
 * recovery point.
 *
 * @param indexFiles index files checked
 * @param packs packs checked
 * @param blobs blobs whose content was checked against its SHA-256
 * @param recoveryPoints manifests checked
 * @param objects object entries checked
 * @param damage everything found damaged or missing (objects capped at {@link #MAX_LISTED}; see
 *     {@code damagedObjects} for the exact count)
 * @param damagedObjects exact number of damaged or missing object entries
 * @param keyIds in an encrypted vault, how many sealed objects (packs, index files, manifests, catalog
 *     records) each key id wrapped, by key id: a key whose count is zero is no longer needed; empty
 *     for an unencrypted vault
 */
public record VerifyReport(int indexFiles, int packs, long blobs, int recoveryPoints, long objects, List<Damage> damage,
        long damagedObjects, Map<String, Long> keyIds) {
    /** At most this many damaged objects are listed one by one. */
    public static final int MAX_LISTED = 10_000;

    public VerifyReport {
        damage = List.copyOf(Objects.requireNonNull(damage, "damage"));
        keyIds = keyIds == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(keyIds));
    }

    /** A report of an unencrypted vault. */
    public VerifyReport(int indexFiles, int packs, long blobs, int recoveryPoints, long objects, List<Damage> damage,
            long damagedObjects) {
        this(indexFiles, packs, blobs, recoveryPoints, objects, damage, damagedObjects, Map.of());
    }

    /** True when nothing is damaged. */
    public boolean ok() {
        return damage.isEmpty();
    }

    /**
     * One damaged or missing thing.
     *
     * @param kind {@code config}, {@code index}, {@code pack}, {@code manifest}, {@code chunk} or {@code object}
     * @param key the store key or blob id concerned
     * @param instance the backup instance ({@code null} for vault-wide damage)
     * @param recoveryPoint the recovery point ({@code null} for vault-wide damage)
     * @param object for objects, {@code apiVersion/Kind namespace/name}; otherwise {@code null}
     * @param message what is wrong
     */
    public record Damage(String kind, String key, String instance, String recoveryPoint, String object, String message) {
        public Damage {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(kind);
            if (recoveryPoint != null) {
                sb.append(" in recovery point ").append(instance).append('/').append(recoveryPoint);
            }
            if (object != null) {
                sb.append(": ").append(object);
            }
            sb.append(" (").append(key).append("): ").append(message);
            return sb.toString();
        }
    }
}

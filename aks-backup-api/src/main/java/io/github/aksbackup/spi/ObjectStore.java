package io.github.aksbackup.spi;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A flat, write-once key/value store of immutable blobs: where the repository keeps packs, indexes
 * and manifests (a directory, memory, an Azure blob container, ...).
 *
 * <p>Keys are {@code /}-separated paths of printable ASCII without {@code ..} segments. Objects are
 * never overwritten: {@link #putIfAbsent} refuses an existing key, which is what makes a recovery
 * point's manifest (written last) an atomic commit, and what lets the store run under a time-based
 * immutability policy.
 *
 * <p>Implementations are thread-safe: the engine uploads packs in parallel. Missing keys surface as
 * {@link io.github.aksbackup.api.NotFoundException}; other failures as
 * {@link io.github.aksbackup.api.AksBackupException}s whose {@link io.github.aksbackup.api.ErrorCode}
 * names the cause, translated once where the store meets its client library: transient ones
 * ({@code StoreUnavailable}, {@code TooManyRequests} with the server's Retry-After,
 * {@code NetworkFailure}) are retried by the engine; stores do not retry on their own.
 *
 * <p>A store may hold its objects under a time-based retention (immutability) policy, as an Azure
 * container can: it then refuses to delete an object younger than the period with code
 * {@value #OBJECT_LOCKED}. Callers treat that as "not yet", never as damage.
 */
public interface ObjectStore {
    /** Error code of a delete refused because the object is still under a retention policy. */
    String OBJECT_LOCKED = "ObjectLocked";

    /**
     * Stores {@code length} bytes from {@code data} under {@code key} unless the key exists. The
     * object becomes visible only complete: a failed or interrupted put leaves no object behind.
     *
     * @return {@code true} when written, {@code false} when the key already existed (nothing written)
     */
    boolean putIfAbsent(String key, InputStream data, long length);

    /** {@link #putIfAbsent(String, InputStream, long)} for bytes in memory. */
    default boolean putIfAbsent(String key, byte[] data) {
        return putIfAbsent(key, new ByteArrayInputStream(data), data.length);
    }

    /**
     * Opens the object for reading; the caller closes the stream.
     *
     * @throws io.github.aksbackup.api.NotFoundException when there is no such key
     */
    InputStream get(String key);

    /**
     * Opens {@code length} bytes of the object starting at {@code offset}. The default reads and
     * discards the bytes before {@code offset}; remote stores override it with a ranged read.
     */
    default InputStream getRange(String key, long offset, long length) {
        InputStream in = get(key);
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new AksBackupException(ErrorCode.NETWORK_FAILURE, "cannot read " + key + " at offset " + offset + " from "
                    + describe() + ": " + e.getMessage(), null, e);
        }
        return new BoundedInputStream(in, length);
    }

    /**
     * Reads the whole object into memory; for small objects such as manifests and indexes. A read that
     * breaks off is a {@code NetworkFailure} (transient) unless the store says otherwise.
     */
    default byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AksBackupException(ErrorCode.NETWORK_FAILURE, "cannot read " + key + " from " + describe() + ": "
                    + e.getMessage(), null, e);
        }
    }

    /**
     * Lists the objects whose key starts with {@code prefix}, in ascending key order, lazily: remote
     * stores fetch one page per iteration step, so listing a large vault does not load it whole.
     */
    Iterable<ObjectInfo> list(String prefix);

    /** Metadata of one object, or empty when there is none. */
    Optional<ObjectInfo> stat(String key);

    /** True when the key exists. */
    default boolean exists(String key) {
        return stat(key).isPresent();
    }

    /**
     * Deletes the object.
     *
     * @return {@code true} when something was deleted, {@code false} when the key did not exist
     * @throws io.github.aksbackup.api.AksBackupException with code {@value #OBJECT_LOCKED} when a
     *     retention policy forbids deleting it yet
     */
    boolean delete(String key);

    /** A human-readable description for messages and logs; never contains credentials. */
    String describe();

    /**
     * A capability of this store beyond this interface for the object under {@code key}, as a type
     * defined by the adapter that asks (the Azure adapter asks for direct access to the blob, to copy
     * disk snapshots into the vault server-side), or empty when the store has none. Adapters ask this
     * instead of checking the store's class, since the store they are handed is usually wrapped:
     * decorators (the retrying, prefixed, encrypting and fault-injecting stores) forward the question
     * to the store they wrap, with the key as that store knows it. What is done through a capability
     * bypasses the decorators: it is neither retried nor encrypted.
     *
     * @param type the capability asked for
     * @param key the object it is for, in this store's keys
     */
    default <T> Optional<T> capability(Class<T> type, String key) {
        return Optional.empty();
    }

    /**
     * Checks a key against the key syntax every store accepts, for implementations to call on each
     * key they are given: {@code /}-separated printable ASCII without spaces or backslashes, no empty
     * segments, and no segment starting with a dot (reserved for a store's own bookkeeping, such as
     * temporary files).
     *
     * @return the key
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                throw new IllegalArgumentException("object key '" + key
                        + "' may only hold printable ASCII without spaces or backslashes");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new IllegalArgumentException("object key '" + key
                        + "' has an empty segment or one starting with '.'");
            }
        }
        return key;
    }
}

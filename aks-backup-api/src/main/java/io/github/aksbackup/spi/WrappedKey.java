package io.github.aksbackup.spi;

import java.util.Objects;

/**
 * A data key wrapped by a {@link KeyProvider}: which key wrapped it, with which algorithm, and the
 * wrapped bytes, as stored in the header of every encrypted object.
 *
 * @param keyId the key-encryption key's id, as the provider names it (a Key Vault key id with its version)
 * @param algorithm the wrapping algorithm, such as {@code A256KW} or {@code RSA-OAEP-256}
 * @param wrapped the wrapped data key
 */
public record WrappedKey(String keyId, String algorithm, byte[] wrapped) {
    public WrappedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        wrapped = Objects.requireNonNull(wrapped, "wrapped").clone();
        if (keyId.isEmpty() || keyId.length() > 1024) {
            throw new IllegalArgumentException("keyId must have 1 to 1024 characters, had " + keyId.length());
        }
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey w && keyId.equals(w.keyId) && algorithm.equals(w.algorithm)
                && java.util.Arrays.equals(wrapped, w.wrapped);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, algorithm, java.util.Arrays.hashCode(wrapped));
    }

    @Override
    public String toString() {
        return "WrappedKey[" + keyId + ", " + algorithm + ", " + wrapped.length + " bytes]";
    }
}

package io.github.aksbackup.spi;

/**
 * The key-encryption keys of an encrypted vault (envelope encryption): every object the vault
 * encrypts gets a fresh random data key, which the provider wraps with its current key; reading the
 * object asks the provider to unwrap it with the key it was wrapped with. Keys are never handed out,
 * so a provider can keep them in a hardware-backed service (Azure Key Vault) or a local key file.
 *
 * <p>Rotation: a provider that changes its current key keeps the earlier ones for unwrapping, so
 * objects written before stay readable while new ones use the new key.
 *
 * <p>Failures are {@link io.github.aksbackup.api.AksBackupException}s naming the key id: code
 * {@value #KEY_UNAVAILABLE} when the provider does not hold the key (or may not use it), code
 * {@value #KEY_MISMATCH} when a key of that id does not open the wrapped data key (another key under
 * the same id). Implementations are thread-safe.
 */
public interface KeyProvider {
    /** Error code: the provider does not hold (or may not use) the key a data key was wrapped with. */
    String KEY_UNAVAILABLE = "KeyUnavailable";
    /** Error code: the key of that id does not open the wrapped data key. */
    String KEY_MISMATCH = "KeyMismatch";

    /** The id of the key new data keys are wrapped with. */
    String currentKeyId();

    /** Wraps a data key with the current key. */
    WrappedKey wrap(byte[] dataKey);

    /** Unwraps a data key with the key it names. */
    byte[] unwrap(WrappedKey wrapped);

    /** A description for messages (a file name, a key vault URL); never key material. */
    String describe();
}

/**
 * Encrypted vaults: the envelope cipher (AES-256-GCM data keys wrapped by a {@link
 * io.github.aksbackup.spi.KeyProvider}) and a key provider on a local key file.
 */
package io.github.aksbackup.crypto;

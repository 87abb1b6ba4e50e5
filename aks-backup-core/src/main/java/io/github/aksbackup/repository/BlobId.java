package io.github.aksbackup.repository;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a blob's uncompressed bytes: the name under which the repository stores a
 * Kubernetes object, a chunk of a manifest's entry list, a pack or an index file.
 */
public final class BlobId implements Comparable<BlobId> {
    /** Length of a SHA-256 digest in bytes. */
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private BlobId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The id of these bytes. */
    public static BlobId of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** The id of {@code length} bytes of {@code data} starting at {@code offset}. */
    public static BlobId of(byte[] data, int offset, int length) {
        MessageDigest md = sha256();
        md.update(data, offset, length);
        return new BlobId(md.digest());
    }

    /** Wraps a 32-byte digest (copied). */
    public static BlobId fromBytes(byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a blob id has " + LENGTH + " bytes, got " + digest.length);
        }
        return new BlobId(digest.clone());
    }

    /** Reads 32 bytes at {@code offset}. */
    static BlobId read(byte[] buf, int offset) {
        return new BlobId(Arrays.copyOfRange(buf, offset, offset + LENGTH));
    }

    /**
     * Parses 64 lowercase or uppercase hex digits.
     *
     * @throws IllegalArgumentException when the text is not a SHA-256 in hex
     */
    public static BlobId parse(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("a blob id is 64 hex digits, got '" + hex + "'");
        }
        try {
            return new BlobId(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a blob id is 64 hex digits, got '" + hex + "'", e);
        }
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The digest (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    void writeTo(byte[] buf, int offset) {
        System.arraycopy(bytes, 0, buf, offset, LENGTH);
    }

    /** Byte {@code i} of the digest. */
    byte byteAt(int i) {
        return bytes[i];
    }

    /** Lowercase hex, 64 digits. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 12 hex digits, for messages. */
    public String shortHex() {
        return hex().substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // The digest is uniformly distributed already.
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public int compareTo(BlobId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}

package io.github.aksbackup.crypto;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.WrappedKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens objects of an encrypted vault with AES-256-GCM under a fresh random data key per
 * object, wrapped by a {@link KeyProvider}. The associated data (for example the object's kind and
 * key) binds a sealed object to its place, so one cannot be swapped for another; the header is
 * authenticated with the content.
 *
 * <pre>
 * sealed = "AKSBENC1" u8:version u16:n utf8:keyId{n} u16:n utf8:algorithm{n} u16:n wrappedKey{n}
 *          byte[12]:nonce AES-256-GCM(ciphertext || 16-byte tag)
 * </pre>
 * Thread-safe.
 */
public final class EnvelopeCipher {
    /** What a sealed object starts with. */
    static final byte[] MAGIC = "AKSBENC1".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY = 32;

    private final KeyProvider keys;
    private final SecureRandom random = new SecureRandom();

    /** Seals with data keys wrapped by {@code keys}. */
    public EnvelopeCipher(KeyProvider keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The provider. */
    public KeyProvider keys() {
        return keys;
    }

    /** True when {@code data} is a sealed object. */
    public static boolean isSealed(byte[] data) {
        return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Encrypts {@code plain} under a new data key, bound to {@code associated}. */
    public byte[] seal(byte[] plain, byte[] associated) {
        return seal(plain, 0, plain.length, associated);
    }

    /** Encrypts {@code length} bytes of {@code plain} from {@code offset} under a new data key, bound to {@code associated}. */
    public byte[] seal(byte[] plain, int offset, int length, byte[] associated) {
        Objects.checkFromIndexSize(offset, length, plain.length);
        byte[] dataKey = new byte[DATA_KEY];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            WrappedKey wrapped = keys.wrap(dataKey);
            byte[] id = wrapped.keyId().getBytes(StandardCharsets.UTF_8);
            byte[] alg = wrapped.algorithm().getBytes(StandardCharsets.UTF_8);
            byte[] wk = wrapped.wrapped();
            int header = MAGIC.length + 1 + 6 + id.length + alg.length + wk.length;
            ByteBuffer out = ByteBuffer.allocate(header + NONCE + length + TAG_BITS / 8);
            out.put(MAGIC).put((byte) VERSION);
            putShort(out, id);
            putShort(out, alg);
            putShort(out, wk);
            out.put(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associated);
            // The header is authenticated too, so nothing of the object can change unnoticed.
            c.updateAAD(out.array(), 0, header);
            c.doFinal(plain, offset, length, out.array(), out.position());
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static void putShort(ByteBuffer b, byte[] field) {
        if (field.length > 0xffff) {
            throw new IllegalArgumentException("a header field of " + field.length + " bytes does not fit");
        }
        b.putShort((short) field.length).put(field);
    }

    /** The wrapped data key in a sealed object's header, which names the key needed to open it. */
    public static WrappedKey header(byte[] sealed, String name) {
        return parse(sealed, name).key;
    }

    private record Parsed(WrappedKey key, int body) {
    }

    private static Parsed parse(byte[] sealed, String name) {
        if (!isSealed(sealed) || sealed.length < MAGIC.length + 1 + 6) {
            throw new DataCorruptionException(name + " is not an encrypted vault object");
        }
        int version = sealed[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new DataCorruptionException(name + " is encrypted in format version " + version + ", which this release cannot read");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(sealed, MAGIC.length + 1, sealed.length - MAGIC.length - 1);
            String id = new String(getShort(b), StandardCharsets.UTF_8);
            String alg = new String(getShort(b), StandardCharsets.UTF_8);
            byte[] wk = getShort(b);
            if (b.remaining() < NONCE + TAG_BITS / 8 || id.isEmpty()) {
                throw new IllegalArgumentException("too short");
            }
            return new Parsed(new WrappedKey(id, alg, wk), b.position());
        } catch (RuntimeException e) {
            throw new DataCorruptionException(name + " is damaged: its encryption header cannot be read");
        }
    }

    private static byte[] getShort(ByteBuffer b) {
        byte[] out = new byte[b.getShort() & 0xffff];
        b.get(out);
        return out;
    }

    /**
     * Decrypts a sealed object.
     *
     * @param name the object, for messages
     * @throws AksBackupException code {@value KeyProvider#KEY_UNAVAILABLE} or {@value KeyProvider#KEY_MISMATCH} naming the key
     * @throws DataCorruptionException when the object was changed, or is not where it was sealed for
     */
    public byte[] open(byte[] sealed, byte[] associated, String name) {
        Parsed p = parse(sealed, name);
        byte[] dataKey = keys.unwrap(p.key());
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, sealed, p.body(), NONCE));
            c.updateAAD(associated);
            c.updateAAD(sealed, 0, p.body());
            return c.doFinal(sealed, p.body() + NONCE, sealed.length - p.body() - NONCE);
        } catch (AEADBadTagException e) {
            throw new DataCorruptionException(name + " is damaged (or was moved): its authentication tag does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }
}

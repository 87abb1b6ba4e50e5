package io.github.aksbackup.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeCipherTest {
    static final byte[] K1 = key(1);
    static final byte[] K2 = key(2);
    static final byte[] SECRET = "password=pl4nted-secret-value".getBytes(StandardCharsets.UTF_8);
    static final byte[] WHERE = "pack packs/ab/abcd".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        k[0] = (byte) (seed * 31);
        return k;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void sealsUnderAFreshDataKeyAndOpensWithTheSameProvider() {
        EnvelopeCipher c = new EnvelopeCipher(LocalKeyProvider.of(Map.of("k1", K1), "k1"));
        byte[] a = c.seal(SECRET, WHERE);
        byte[] b = c.seal(SECRET, WHERE);
        assertTrue(EnvelopeCipher.isSealed(a));
        assertFalse(contains(a, SECRET), "no plaintext in the sealed object");
        assertNotEquals(EnvelopeCipher.header(a, "a"), EnvelopeCipher.header(b, "b"), "each object has its own data key");
        assertFalse(Arrays.equals(a, b));
        assertEquals("k1", EnvelopeCipher.header(a, "a").keyId());
        assertEquals(LocalKeyProvider.ALGORITHM, EnvelopeCipher.header(a, "a").algorithm());
        assertArrayEquals(SECRET, c.open(a, WHERE, "a"));
    }

    @Test
    void anObjectMovedElsewhereOrChangedDoesNotOpen() {
        EnvelopeCipher c = new EnvelopeCipher(LocalKeyProvider.of(Map.of("k1", K1), "k1"));
        byte[] sealed = c.seal(SECRET, WHERE);
        DataCorruptionException moved = assertThrows(DataCorruptionException.class,
                () -> c.open(sealed, "pack packs/ff/ffff".getBytes(StandardCharsets.UTF_8), "packs/ff/ffff"));
        assertTrue(moved.getMessage().contains("packs/ff/ffff"), moved.getMessage());
        for (int offset = 9; offset < sealed.length; offset++) {
            byte[] flipped = sealed.clone();
            flipped[offset] ^= 1;
            AksBackupException e = assertThrows(AksBackupException.class, () -> c.open(flipped, WHERE, "x"), "offset " + offset);
            // A changed key id names a key the provider lacks; a changed wrapped key no longer unwraps.
            assertTrue(e instanceof DataCorruptionException || e.code().equals(KeyProvider.KEY_UNAVAILABLE)
                    || e.code().equals(KeyProvider.KEY_MISMATCH), offset + ": " + e.getMessage());
        }
        assertThrows(DataCorruptionException.class, () -> c.open(Arrays.copyOf(sealed, 12), WHERE, "x"));
    }

    @Test
    void rotationWrapsNewDataKeysWithTheNewKeyAndOldObjectsStayReadable() {
        byte[] old = new EnvelopeCipher(LocalKeyProvider.of(Map.of("k1", K1), "k1")).seal(SECRET, WHERE);
        EnvelopeCipher rotated = new EnvelopeCipher(LocalKeyProvider.of(Map.of("k1", K1, "k2", K2), "k2"));
        byte[] fresh = rotated.seal(SECRET, WHERE);
        assertEquals("k2", EnvelopeCipher.header(fresh, "fresh").keyId());
        assertArrayEquals(SECRET, rotated.open(old, WHERE, "old"));
        assertArrayEquals(SECRET, rotated.open(fresh, WHERE, "fresh"));
    }

    @Test
    void aMissingOrWrongKeyIsAClearErrorNamingTheKey() {
        byte[] sealed = new EnvelopeCipher(LocalKeyProvider.of(Map.of("k1", K1), "k1")).seal(SECRET, WHERE);
        AksBackupException missing = assertThrows(AksBackupException.class,
                () -> new EnvelopeCipher(LocalKeyProvider.of(Map.of("k2", K2), "k2")).open(sealed, WHERE, "x"));
        assertEquals(KeyProvider.KEY_UNAVAILABLE, missing.code());
        assertTrue(missing.getMessage().contains("'k1'"), missing.getMessage());
        AksBackupException wrong = assertThrows(AksBackupException.class,
                () -> new EnvelopeCipher(LocalKeyProvider.of(Map.of("k1", K2), "k1")).open(sealed, WHERE, "x"));
        assertEquals(KeyProvider.KEY_MISMATCH, wrong.code());
        assertTrue(wrong.getMessage().contains("'k1'"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(java.util.Base64.getEncoder().encodeToString(K2)));
    }

    @Test
    void keyFilesAreCreatedReadAndCheckedNamingTheProblem() throws Exception {
        Path file = dir.resolve("vault.key");
        LocalKeyProvider.create(file, "2026-11");
        LocalKeyProvider p = LocalKeyProvider.read(file);
        assertEquals("2026-11", p.currentKeyId());
        assertEquals("key file vault.key", p.describe());
        byte[] sealed = new EnvelopeCipher(p).seal(SECRET, WHERE);
        assertArrayEquals(SECRET, new EnvelopeCipher(LocalKeyProvider.read(file)).open(sealed, WHERE, "x"));
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "{\"current\":\"a\",\"keys\":{\"a\":\"c2hvcnQ=\"}}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LocalKeyProvider.read(bad));
        assertTrue(e.problems().get(0).message().contains("32 bytes"), e.problems().toString());
        Files.writeString(bad, "{\"current\":\"b\",\"keys\":{\"a\":\"" + java.util.Base64.getEncoder().encodeToString(K1) + "\"}}");
        assertTrue(assertThrows(InvalidInputException.class, () -> LocalKeyProvider.read(bad)).problems().get(0).message()
                .contains("current key 'b'"));
    }
}

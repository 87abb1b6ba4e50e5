package io.github.aksbackup.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.WrappedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyProvider} whose 256-bit keys are in a local key file, wrapping data keys with AES key
 * wrap (RFC 3394, {@code A256KW}). The file is JSON:
 * <pre>
 * {"current": "2026-11", "keys": {"2026-05": "&lt;base64 of 32 bytes&gt;", "2026-11": "&lt;base64 of 32 bytes&gt;"}}
 * </pre>
 * Rotation: add a key and make it current; keep the earlier ones as long as backups wrapped with
 * them exist. Keep the file out of the vault, readable by the backup identity only.
 */
public final class LocalKeyProvider implements KeyProvider {
    /** The wrapping algorithm recorded in encrypted objects. */
    public static final String ALGORITHM = "A256KW";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Map<String, SecretKey> keys;
    private final List<String> order;
    private final String current;
    private final String description;

    private LocalKeyProvider(Map<String, SecretKey> keys, List<String> order, String current, String description) {
        this.keys = keys;
        this.order = order;
        this.current = current;
        this.description = description;
    }

    /** Keys given in memory: id → 32 bytes; {@code current} wraps new data keys. */
    public static LocalKeyProvider of(Map<String, byte[]> keys, String current) {
        Map<String, SecretKey> k = new LinkedHashMap<>();
        keys.forEach((id, bytes) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id '" + id + "' must be 1..128 letters, digits, '.', '_' or '-'");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("key '" + id + "' must have 32 bytes (AES-256), has " + bytes.length);
            }
            k.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        if (!k.containsKey(current)) {
            throw new IllegalArgumentException("current key '" + current + "' is not among the keys " + k.keySet());
        }
        return new LocalKeyProvider(Map.copyOf(k), List.copyOf(k.keySet()), current, "local keys " + k.keySet());
    }

    /**
     * Reads a key file.
     *
     * @throws InvalidInputException naming the field when the file is not a key file
     */
    public static LocalKeyProvider read(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
        String where = file.toString();
        if (root == null || !root.isObject() || !root.path("current").isTextual() || !root.path("keys").isObject()) {
            throw new InvalidInputException(List.of(new ValidationProblem(where,
                    "a key file is {\"current\": ID, \"keys\": {ID: base64 of 32 bytes, ...}}")));
        }
        Map<String, byte[]> keys = keysOf(root, where);
        try {
            LocalKeyProvider p = of(keys, root.get("current").asText());
            return new LocalKeyProvider(p.keys, p.order, p.current, "key file " + file.getFileName());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(List.of(new ValidationProblem(where, e.getMessage())));
        }
    }

    /** The keys of a key file, in file order. */
    private static Map<String, byte[]> readKeys(Path file) {
        read(file);
        try {
            return keysOf(Json.mapper().readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    private static Map<String, byte[]> keysOf(JsonNode root, String where) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                keys.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
            } catch (IllegalArgumentException notBase64) {
                throw new InvalidInputException(List.of(new ValidationProblem(where + " keys." + e.getKey(), "is not base64")));
            }
        }
        return keys;
    }

    /**
     * Writes a new key file holding one fresh random key {@code id}, readable by its owner only where the
     * file system allows.
     *
     * @throws IllegalArgumentException when the id is not a valid key id
     * @throws java.io.UncheckedIOException when the file exists already or cannot be written
     */
    public static void create(Path file, String id) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put(id, freshKey());
        of(keys, id);
        try {
            writeOwnerOnly(file, json(keys, id));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UncheckedIOException("key file " + file + " exists already; it is never overwritten", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file, e);
        }
    }

    /**
     * Rotates the keys of a key file: adds a fresh random key {@code id} and makes it current; the earlier
     * keys stay, since backups wrapped with them need them. The file is replaced atomically.
     *
     * @throws IllegalArgumentException when the file holds a key {@code id} already, or the id is invalid
     * @throws InvalidInputException when the file is not a key file
     */
    public static LocalKeyProvider rotate(Path file, String id) {
        Map<String, byte[]> keys = readKeys(file);
        if (keys.containsKey(id)) {
            throw new IllegalArgumentException("key file " + file.getFileName() + " holds a key '" + id + "' already; choose another id");
        }
        keys.put(id, freshKey());
        of(keys, id);
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.deleteIfExists(temp);
            writeOwnerOnly(temp, json(keys, id));
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file, e);
        } finally {
            keys.values().forEach(k -> java.util.Arrays.fill(k, (byte) 0));
        }
        return read(file);
    }

    private static byte[] freshKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String json(Map<String, byte[]> keys, String current) {
        StringBuilder sb = new StringBuilder("{\"current\": \"").append(current).append("\", \"keys\": {");
        String sep = "";
        for (Map.Entry<String, byte[]> e : keys.entrySet()) {
            sb.append(sep).append("\n  \"").append(e.getKey()).append("\": \"").append(Base64.getEncoder().encodeToString(e.getValue()))
                    .append('"');
            sep = ",";
        }
        return sb.append("\n}}\n").toString();
    }

    /** Creates {@code file} (which must not exist) readable and writable by its owner only where the file system allows. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The ids of the keys this provider holds, in the order of the key file. */
    public List<String> keyIds() {
        return List.copyOf(order);
    }

    @Override
    public String currentKeyId() {
        return current;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, keys.get(current));
            return new WrappedKey(current, ALGORITHM, c.wrap(new SecretKeySpec(dataKey, "AES")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap is not available in this JVM", e);
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        SecretKey key = keys.get(wrapped.keyId());
        if (key == null) {
            throw new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "the data is encrypted with key '" + wrapped.keyId() + "', which "
                    + description + " does not hold", "Add key '" + wrapped.keyId() + "' to the key file: keys that wrapped"
                    + " existing backups must stay available.", null);
        }
        if (!ALGORITHM.equals(wrapped.algorithm())) {
            throw new AksBackupException(ErrorCode.KEY_MISMATCH, "key '" + wrapped.keyId() + "' wrapped the data with " + wrapped.algorithm()
                    + "; " + description + " unwraps " + ALGORITHM + " only", null, null);
        }
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, key);
            return c.unwrap(wrapped.wrapped(), "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (InvalidKeyException e) {
            throw new AksBackupException(ErrorCode.KEY_MISMATCH, "key '" + wrapped.keyId() + "' of " + description + " does not open the data:"
                    + " another key has that id, or the object's wrapped data key is damaged",
                    "Restore the key '" + wrapped.keyId() + "' the backups were made with; if it is the right one, verify the vault.", null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap is not available in this JVM", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return describe();
    }
}

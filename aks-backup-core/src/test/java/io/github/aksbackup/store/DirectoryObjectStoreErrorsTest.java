package io.github.aksbackup.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory vault's disk errors reach the user in words that name the path, never as an exception's name. */
class DirectoryObjectStoreErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aVaultPathThatIsAFileIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("vault"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DirectoryObjectStore(file));
        assertEquals("vault " + file + " is a file, not a directory", e.getMessage());
    }

    @Test
    void aWriteBelowAFileFailsInTheSystemsWordsNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        DirectoryObjectStore store = new DirectoryObjectStore(file.resolve("vault"));
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> store.putIfAbsent("config.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("StoreFailed", e.code());
        assertTrue(e.getMessage().startsWith("cannot write config.json in "), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void reasonsNameTheFileAndWhatHappened() {
        assertEquals("/v/packs: No space left on device",
                DirectoryObjectStore.reason(new FileSystemException("/v/packs", null, "No space left on device")));
        assertEquals("/v/config.json: permission denied", DirectoryObjectStore.reason(new AccessDeniedException("/v/config.json")));
        assertEquals("No space left on device", DirectoryObjectStore.reason(new IOException("No space left on device")));
    }
}

package io.github.aksbackup.store;

import io.github.aksbackup.testkit.InMemoryObjectStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same contract for both local stores. */
class ObjectStoreContractTest {
    @TempDir
    Path dir;

    ObjectStore store(String kind) {
        return kind.equals("directory") ? new DirectoryObjectStore(dir.resolve("vault")) : new InMemoryObjectStore();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> keys(ObjectStore s, String prefix) {
        return StreamSupport.stream(s.list(prefix).spliterator(), false).map(ObjectInfo::key).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "memory"})
    void writesOnceAndNeverOverwrites(String kind) throws IOException {
        ObjectStore s = store(kind);
        assertTrue(s.putIfAbsent("a/b", bytes("first")));
        assertFalse(s.putIfAbsent("a/b", bytes("second")));
        assertArrayEquals(bytes("first"), s.getBytes("a/b"));
        try (InputStream in = s.getRange("a/b", 1, 3)) {
            assertArrayEquals(bytes("irs"), in.readAllBytes());
        }
        assertEquals(5, s.stat("a/b").orElseThrow().size());
        assertTrue(s.delete("a/b"));
        assertFalse(s.delete("a/b"));
        assertFalse(s.exists("a/b"));
        assertThrows(NotFoundException.class, () -> s.get("a/b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "memory"})
    void listsInKeyOrderByPrefix(String kind) {
        ObjectStore s = store(kind);
        for (String k : List.of("a/b", "a-c", "a/a/z", "b", "a/ab", "ab/x")) {
            s.putIfAbsent(k, bytes(k));
        }
        assertEquals(List.of("a-c", "a/a/z", "a/ab", "a/b", "ab/x", "b"), keys(s, ""));
        assertEquals(List.of("a/a/z", "a/ab", "a/b"), keys(s, "a/"));
        assertEquals(List.of("a/a/z", "a/ab"), keys(s, "a/a"));
        assertEquals(List.of("ab/x"), keys(s, "ab"));
        assertEquals(List.of(), keys(s, "zz/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "memory"})
    void rejectsKeysOutsideTheKeySyntax(String kind) {
        ObjectStore s = store(kind);
        for (String k : List.of("", "../x", "a//b", "a/../b", ".tmp/x", "a b", "/abs", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> s.putIfAbsent(k, bytes("x")), k);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "memory"})
    void aShortStreamWritesNothing(String kind) {
        ObjectStore s = store(kind);
        assertThrows(IllegalArgumentException.class, () -> s.putIfAbsent("k", new ByteArrayInputStream(bytes("abc")), 10));
        assertFalse(s.exists("k"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "memory"})
    void concurrentWritersOfOneKeyHaveExactlyOneWinner(String kind) throws Exception {
        ObjectStore s = store(kind);
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String content = "writer-" + i;
            results.add(pool.submit(() -> {
                start.await();
                return s.putIfAbsent("race", bytes(content));
            }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
        assertTrue(new String(s.getBytes("race"), StandardCharsets.UTF_8).startsWith("writer-"));
    }

    @org.junit.jupiter.api.Test
    void directoryStoreLeavesNoTemporaryFilesAndIgnoresLeftovers() throws IOException {
        DirectoryObjectStore s = new DirectoryObjectStore(dir.resolve("v"));
        s.putIfAbsent("x/y", bytes("data"));
        try (var files = Files.list(dir.resolve("v/.tmp"))) {
            assertEquals(0, files.count());
        }
        Files.writeString(dir.resolve("v/.tmp/crashed.part"), "partial");
        assertEquals(List.of("x/y"), keys(s, ""));
        assertEquals(1, s.removeTemporaryFiles());
        assertEquals("data", Files.readString(dir.resolve("v/x/y")));
    }
}

package io.github.aksbackup.testkit;

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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, whatever keeps the bytes: write-once puts, streaming and
 * ranged reads, ordered prefix listing, stat and delete, the key syntax. A subclass supplies a fresh,
 * empty store. Any store implementation runs it from its own tests with this module as a test
 * dependency, as core does for its directory and in-memory stores and the Azure module for Azure Blob
 * on Azurite.
 */
public abstract class ObjectStoreContract {

    /** A new empty store; each test gets its own. */
    protected abstract ObjectStore newStore();

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    public static List<String> keys(Iterable<ObjectInfo> infos) {
        List<String> keys = new ArrayList<>();
        infos.forEach(i -> keys.add(i.key()));
        return keys;
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws IOException {
        ObjectStore store = newStore();
        assertTrue(store.putIfAbsent("manifests/rp-1.json", bytes("{\"v\":1}")));
        assertArrayEquals(bytes("{\"v\":1}"), read(store.get("manifests/rp-1.json")));
        assertArrayEquals(bytes("{\"v\":1}"), store.getBytes("manifests/rp-1.json"));
    }

    @Test
    void secondPutOfAKeyWritesNothingAndReturnsFalse() throws IOException {
        ObjectStore store = newStore();
        assertTrue(store.putIfAbsent("k", bytes("first")));
        assertFalse(store.putIfAbsent("k", bytes("second, longer")));
        assertArrayEquals(bytes("first"), read(store.get("k")));
    }

    @Test
    void emptyObjectsAreStoredAndRead() throws IOException {
        ObjectStore store = newStore();
        assertTrue(store.putIfAbsent("empty", new byte[0]));
        assertArrayEquals(new byte[0], read(store.get("empty")));
        assertEquals(0, store.stat("empty").orElseThrow().size());
    }

    @Test
    void streamShorterThanDeclaredLengthLeavesNoObject() {
        ObjectStore store = newStore();
        InputStream tooShort = new ByteArrayInputStream(bytes("abc"));
        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent("short", tooShort, 10));
        assertFalse(store.exists("short"));
    }

    @Test
    void missingKeyIsNotFoundOnGetAndEmptyOnStat() {
        ObjectStore store = newStore();
        assertThrows(NotFoundException.class, () -> read(store.get("nope")));
        assertTrue(store.stat("nope").isEmpty());
        assertFalse(store.exists("nope"));
        assertThrows(NotFoundException.class, () -> read(store.getRange("nope", 0, 1)));
    }

    @Test
    void statReportsSizeAndModificationTime() {
        ObjectStore store = newStore();
        store.putIfAbsent("packs/p1", random(1234, 1));
        ObjectInfo info = store.stat("packs/p1").orElseThrow();
        assertEquals("packs/p1", info.key());
        assertEquals(1234, info.size());
        assertTrue(info.lastModified().getEpochSecond() > 0);
    }

    @Test
    void rangedReadsReturnExactlyTheRange() throws IOException {
        ObjectStore store = newStore();
        byte[] data = random(10_000, 2);
        store.putIfAbsent("packs/p", data);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 100), read(store.getRange("packs/p", 0, 100)));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4321, 4321 + 777),
                read(store.getRange("packs/p", 4321, 777)));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 9_990, 10_000), read(store.getRange("packs/p", 9_990, 10)));
        assertArrayEquals(new byte[0], read(store.getRange("packs/p", 50, 0)));
    }

    @Test
    void rangeReachingPastTheEndStopsAtTheEnd() throws IOException {
        ObjectStore store = newStore();
        byte[] data = random(100, 3);
        store.putIfAbsent("p", data);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 90, 100), read(store.getRange("p", 90, 50)));
    }

    @Test
    void listReturnsKeysUnderThePrefixInAscendingOrderWithSizes() {
        ObjectStore store = newStore();
        for (String k : List.of("packs/b", "packs/a", "index/1", "packs/c/d", "packsx", "manifests/m")) {
            store.putIfAbsent(k, bytes(k));
        }
        assertEquals(List.of("packs/a", "packs/b", "packs/c/d"), keys(store.list("packs/")));
        assertEquals(List.of("index/1", "manifests/m", "packs/a", "packs/b", "packs/c/d", "packsx"),
                keys(store.list("")));
        assertEquals(List.of(), keys(store.list("nothing/")));
        ObjectInfo a = store.list("packs/a").iterator().next();
        assertEquals(bytes("packs/a").length, a.size());
    }

    @Test
    void listingIsLazyAndCanBeIteratedAgain() {
        ObjectStore store = newStore();
        for (int i = 0; i < 25; i++) {
            store.putIfAbsent(String.format("many/%03d", i), bytes("x" + i));
        }
        Iterable<ObjectInfo> listing = store.list("many/");
        Iterator<ObjectInfo> it = listing.iterator();
        assertEquals("many/000", it.next().key());
        assertEquals(25, keys(listing).size());
    }

    @Test
    void deleteRemovesTheObjectAndReportsWhetherItExisted() {
        ObjectStore store = newStore();
        store.putIfAbsent("gone", bytes("x"));
        assertTrue(store.delete("gone"));
        assertFalse(store.exists("gone"));
        assertFalse(store.delete("gone"));
        assertTrue(store.putIfAbsent("gone", bytes("again")), "a deleted key can be written again");
    }

    @Test
    void malformedKeysAreRefused() {
        ObjectStore store = newStore();
        for (String bad : List.of("", "../escape", "a/../b", "a//b", "/abs", "trailing/", "sp ace", "tab\tkey",
                "\u00e9", ".tmp/x", "a/.hidden", "back\\slash")) {
            assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(bad, bytes("x")), bad);
        }
    }

    @Test
    void largeObjectsRoundTrip() throws IOException {
        ObjectStore store = newStore();
        byte[] data = random(5 * 1024 * 1024 + 17, 4);
        assertTrue(store.putIfAbsent("packs/large", new ByteArrayInputStream(data), data.length));
        assertArrayEquals(data, read(store.get("packs/large")));
        assertEquals(data.length, store.stat("packs/large").orElseThrow().size());
    }

    @Test
    void concurrentPutsOfOneKeyLetExactlyOneWin() throws Exception {
        ObjectStore store = newStore();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] payload = bytes("writer-" + i);
                Callable<Boolean> put = () -> {
                    start.await();
                    return store.putIfAbsent("race", payload);
                };
                results.add(pool.submit(put));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, wins);
            assertTrue(new String(read(store.get("race")), StandardCharsets.UTF_8).startsWith("writer-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void describeNeverEmpty() {
        assertFalse(newStore().describe().isBlank());
    }
}

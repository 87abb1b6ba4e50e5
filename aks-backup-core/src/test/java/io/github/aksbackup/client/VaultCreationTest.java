package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.crypto.LocalKeyProvider;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.WrappedKey;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.FaultInjectingClusterClient;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building a client reads and writes nothing; the vault is made only by {@link AksBackupClient#createVault()},
 * and opened once, by the first call that needs it.
 */
class VaultCreationTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final BackupInstance instance = new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null);

    VaultCreationTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    /**
     * A store that counts its calls by operation and key, can be made to fail every call transiently,
     * and can hold reads of the vault's configuration until a gate opens (so that callers overlap).
     */
    static final class CountingStore implements ObjectStore {
        final ObjectStore delegate;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile boolean down;
        volatile CountDownLatch configReadGate;

        CountingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        int count(String op, String key) {
            AtomicInteger n = calls.get(op + " " + key);
            return n == null ? 0 : n.get();
        }

        private void called(String op, String key) {
            calls.computeIfAbsent(op + " " + key, k -> new AtomicInteger()).incrementAndGet();
            if (down) {
                throw new AksBackupException(ErrorCode.STORE_UNAVAILABLE, "the store is down (" + op + " " + key + ")");
            }
            CountDownLatch gate = configReadGate;
            if (key.endsWith("config.json") && op.equals("get") && gate != null) {
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the gate of the configuration read never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public boolean putIfAbsent(String key, InputStream data, long length) {
            called("put", key);
            return delegate.putIfAbsent(key, data, length);
        }

        @Override
        public InputStream get(String key) {
            called("get", key);
            return delegate.get(key);
        }

        @Override
        public Iterable<ObjectInfo> list(String prefix) {
            called("list", prefix);
            return delegate.list(prefix);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            called("stat", key);
            return delegate.stat(key);
        }

        @Override
        public boolean delete(String key) {
            called("delete", key);
            return delegate.delete(key);
        }

        @Override
        public String describe() {
            return "counting " + delegate.describe();
        }
    }

    /** A key provider that counts the calls that use its keys. */
    static final class CountingKeys implements KeyProvider {
        final KeyProvider delegate;
        final AtomicInteger calls = new AtomicInteger();

        CountingKeys(KeyProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String currentKeyId() {
            calls.incrementAndGet();
            return delegate.currentKeyId();
        }

        @Override
        public WrappedKey wrap(byte[] dataKey) {
            calls.incrementAndGet();
            return delegate.wrap(dataKey);
        }

        @Override
        public byte[] unwrap(WrappedKey wrapped) {
            calls.incrementAndGet();
            return delegate.unwrap(wrapped);
        }

        @Override
        public String describe() {
            return "counting " + delegate.describe();
        }
    }

    static LocalKeyProvider key(String id) {
        byte[] k = new byte[32];
        k[0] = (byte) id.hashCode();
        return LocalKeyProvider.of(Map.of(id, k), id);
    }

    @Test
    void buildingAClientCallsNoStoreNoClusterAndNoKeyProvider() {
        CountingStore vault = new CountingStore(new InMemoryObjectStore(clock));
        CountingStore tier = new CountingStore(new InMemoryObjectStore(clock));
        FaultPlan clusterCalls = FaultPlan.none();
        CountingKeys keys = new CountingKeys(key("k1"));
        AksBackupClient client = AksBackupClient.builder().vault(vault).vaultTier(tier)
                .cluster(new FaultInjectingClusterClient(cluster, clusterCalls)).volumeSnapshotter(volumes).keyProvider(keys)
                .clock(clock).buildClient();
        client.close();

        assertEquals(Map.of(), vault.calls, "no call to the vault's store");
        assertEquals(Map.of(), tier.calls, "no call to the vault tier's store");
        assertEquals(0, clusterCalls.calls(), "no call to the cluster");
        assertEquals(0, keys.calls.get(), "no call to the key provider");
        assertEquals(0, volumes.snapshotCount(), "no snapshot");
    }

    @Test
    void theFirstCallOnALocationWithoutAVaultIsRefusedNamingCreateVaultAndWritesNothing() {
        InMemoryObjectStore empty = new InMemoryObjectStore(clock);
        try (AksBackupClient client = AksBackupClient.builder().vault(empty).cluster(cluster).clock(clock).buildClient()) {
            NotFoundException e = assertThrows(NotFoundException.class, client::listInstances);
            assertTrue(e.getMessage().contains("holds no aks-backup vault") && e.getMessage().contains("AksBackupClient.createVault()"),
                    e.getMessage());
            assertThrows(NotFoundException.class, () -> client.configureProtection(instance, AksBackupClientTest.policy()));
            assertThrows(NotFoundException.class, client::runDue);
            assertThrows(NotFoundException.class, client::start);
            assertThrows(NotFoundException.class, () -> client.restore(RestoreConfig.builder().recoveryPointId("rp").build()));
            assertEquals(List.of(), empty.keys(), "nothing was written");
        }
    }

    @Test
    void createVaultIsIdempotentAndAConflictingVaultIsRefused() {
        InMemoryObjectStore store = new InMemoryObjectStore(clock);
        VaultInfo first;
        try (AksBackupClient client = AksBackupClient.builder().vault(store).cluster(cluster).clock(clock).buildClient()) {
            first = client.createVault();
            assertFalse(first.encrypted());
            assertEquals(List.of(), first.keyIds());
            List<String> written = store.keys();
            assertEquals(first, client.createVault(), "a second call on the same client finds the same vault");
            assertEquals(written, store.keys(), "and writes nothing");
        }
        try (AksBackupClient other = AksBackupClient.builder().vault(store).cluster(cluster).clock(clock).buildClient()) {
            assertEquals(first, other.createVault(), "another client finds the vault that is there");
        }
        List<String> before = store.keys();
        try (AksBackupClient encrypted = AksBackupClient.builder().vault(store).keyProvider(key("k1")).clock(clock).buildClient()) {
            AksBackupException e = assertThrows(AksBackupException.class, encrypted::createVault);
            assertEquals(ErrorCode.VAULT_NOT_ENCRYPTED, e.errorCode(), e.getMessage());
            assertThrows(AksBackupException.class, encrypted::listInstances, "every other call refuses it too");
        }
        assertEquals(before, store.keys(), "the refused client wrote nothing");

        InMemoryObjectStore secret = new InMemoryObjectStore(clock);
        try (AksBackupClient client = AksBackupClient.builder().vault(secret).keyProvider(key("k1")).clock(clock).buildClient()) {
            VaultInfo made = client.createVault();
            assertTrue(made.encrypted());
            assertEquals(List.of("k1"), made.keyIds());
        }
        try (AksBackupClient withoutKey = AksBackupClient.builder().vault(secret).clock(clock).buildClient()) {
            AksBackupException e = assertThrows(AksBackupException.class, withoutKey::createVault);
            assertEquals(ErrorCode.VAULT_ENCRYPTED, e.errorCode(), e.getMessage());
        }
    }

    @Test
    void aClientKeepsTheBuildersSettingsAsTheyWereWhenItWasBuilt() {
        InMemoryObjectStore first = new InMemoryObjectStore(clock);
        InMemoryObjectStore second = new InMemoryObjectStore(clock);
        AksBackupClientBuilder builder = AksBackupClient.builder().vault(first).cluster(cluster).clock(clock);
        VaultInfo made;
        try (AksBackupClient client = builder.buildClient()) {
            // the client opens its vault only now, after the builder was changed
            List<Job> heardLater = new ArrayList<>();
            builder.vault(second).keyProvider(key("later")).jobListener(heardLater::add);
            made = client.createVault();
            client.configureProtection(instance, AksBackupClientTest.policy());
            client.backupNow(instance.name());
            assertEquals(List.of(), heardLater, "a job listener given after the client was built hears nothing");
        }
        assertFalse(made.encrypted(), "no key provider was given when the client was built: " + made);
        assertTrue(first.exists("config.json"), "the vault the builder named when the client was built");
        assertEquals(List.of(), toList(second.list("")), "the later vault is untouched");
    }

    private static List<ObjectInfo> toList(Iterable<ObjectInfo> items) {
        List<ObjectInfo> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    @Test
    void threadsThatAllMakeTheFirstCallOpenTheVaultOnce() throws Exception {
        CountingStore store = new CountingStore(new InMemoryObjectStore(clock));
        try (AksBackupClient maker = AksBackupClient.builder().vault(store).cluster(cluster).clock(clock).buildClient()) {
            maker.createVault();
            maker.configureProtection(instance, AksBackupClientTest.policy());
        }
        store.calls.clear();
        int threads = 8;
        // The first read of the configuration waits until every thread has made its call: without the
        // client's lock all eight would be inside the store by then, each reading it.
        CountDownLatch called = new CountDownLatch(threads);
        store.configReadGate = called;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AksBackupClient client = AksBackupClient.builder().vault(store).cluster(cluster).clock(clock).buildClient()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<BackupInstance>>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    called.countDown();
                    return client.listInstances();
                }));
            }
            go.countDown();
            for (Future<List<BackupInstance>> a : answers) {
                assertEquals(List.of("prod"), a.get(30, TimeUnit.SECONDS).stream().map(BackupInstance::name).toList());
            }
            assertEquals(1, store.count("get", "config.json"), "the operational tier's configuration was read once: " + store.calls);
            assertEquals(1, store.count("get", "vault-tier/config.json"), "and the vault tier's: " + store.calls);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFirstCallThatCouldNotOpenTheVaultIsNotRememberedAndTheNextCallOpensIt() {
        CountingStore store = new CountingStore(new InMemoryObjectStore(clock));
        try (AksBackupClient maker = AksBackupClient.builder().vault(store).clock(clock).buildClient()) {
            maker.createVault();
        }
        store.calls.clear();
        store.down = true;
        try (AksBackupClient client = AksBackupClient.builder().vault(store).cluster(cluster).volumeSnapshotter(volumes).clock(clock)
                .retryOptions(RetryOptions.immediate(3)).buildClient()) {
            AksBackupException down = assertThrows(AksBackupException.class, client::listInstances);
            assertEquals(ErrorCode.STORE_UNAVAILABLE, down.errorCode(), down.getMessage());
            assertEquals(3, store.total(), "the opening was tried as often as the retry options allow: " + store.calls);

            store.down = false;
            client.configureProtection(instance, AksBackupClientTest.policy());
            Job backup = client.backupNow("prod");
            assertEquals(JobStatus.CompletedWithWarnings, backup.status(), backup.errors().toString());
            assertEquals(List.of(backup.recoveryPointId()), client.listRecoveryPoints("prod").stream().map(rp -> rp.id()).toList());
        }
    }

    @Test
    void onADirectoryVaultBuildingWritesNothingCreateVaultMakesTheVaultAndABackupGoesIntoIt(@TempDir Path dir)
            throws IOException {
        Path location = dir.resolve("vault");
        try (AksBackupClient client = AksBackupClient.builder().vault(new DirectoryObjectStore(location)).cluster(cluster)
                .volumeSnapshotter(volumes).clock(clock).buildClient()) {
            assertFalse(Files.exists(location.resolve("config.json")), "building made no vault");
            NotFoundException refused = assertThrows(NotFoundException.class, () -> client.backupNow("prod"));
            assertTrue(refused.getMessage().contains("createVault()"), refused.getMessage());
            assertFalse(Files.exists(location.resolve("config.json")), "a refused call made no vault");

            VaultInfo made = client.createVault();
            assertTrue(Files.isRegularFile(location.resolve("config.json")));
            assertTrue(Files.readString(location.resolve("config.json")).contains(made.id()));
            client.configureProtection(instance, AksBackupClientTest.policy());
            Job backup = client.backupNow("prod");
            assertEquals(JobStatus.CompletedWithWarnings, backup.status(), backup.errors().toString());
        }
        long files;
        try (Stream<Path> all = Files.walk(location)) {
            files = all.filter(Files::isRegularFile).count();
        }
        try (AksBackupClient reader = AksBackupClient.builder().vault(new DirectoryObjectStore(location)).clock(clock).buildClient()) {
            assertEquals(1, reader.listRecoveryPoints("prod").size(), "a client on the vault reads it without creating it");
        }
        try (Stream<Path> all = Files.walk(location)) {
            assertEquals(files, all.filter(Files::isRegularFile).count(), "reading wrote nothing");
        }
    }
}

package io.github.aksbackup.resilience;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupThreads;
import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.restore.RestoreEngine;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.restore.VolumeSource;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A source cluster (the shared application fixture plus config maps, a hundred by default, so that a backup
 * spans many pages and packs) and helpers to back it up, restore it and describe the outcome in a
 * form two runs can be compared by.
 */
final class VaultScenario {
    static final String DISK = "/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/pvc-data";
    /**
     * Fields the server or the cloud sets; cluster IPs are handed out in the order of a parallel
     * restore, and restored disks are named by the snapshotter's counter.
     */
    static final List<String> SERVER_FIELDS = List.of("uid", "resourceVersion", "creationTimestamp", "generation", "clusterIP",
            "clusterIPs", "volumeHandle");
    static final RepositoryOptions SMALL_PACKS = RepositoryOptions.DEFAULTS.withPackTargetBytes(1024);

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    /** Seeded uids: every run of a scenario writes the same vault keys, so seeds reproduce faults and interleavings. */
    final InMemoryCluster source = new InMemoryCluster(clock, 1);

    private final int configMaps;

    VaultScenario() {
        this(100);
    }

    /** The application fixture and {@code configMaps} config maps of incompressible data. */
    VaultScenario(int configMaps) {
        this.configMaps = configMaps;
        Fixtures.seedApp(source, new FakeVolumeSnapshotter(clock));
        for (int i = 0; i < configMaps; i++) {
            source.add(Fixtures.obj("v1", "ConfigMap", i % 2 == 0 ? "shop" : "blog", "cm-" + i, Map.of("n", "" + i),
                    Map.of("data", Map.of("payload", noise(i)))));
        }
    }

    /** 600 hex digits that compress poorly, so that objects fill packs quickly. */
    static String noise(int seed) {
        byte[] b = new byte[300];
        new java.util.Random(seed).nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private int changes;

    /** Changes half the config maps and adds 30 % more, so that the next backup writes new packs. */
    void change() {
        changes++;
        io.github.aksbackup.spi.ResourceType cm = source.type("v1", "ConfigMap");
        for (int i = 0; i < configMaps; i += 2) {
            source.mergePatch(cm, "shop", "cm-" + i, Map.of("data", Map.of("payload", noise(1000 * changes + i))));
        }
        for (int i = 0; i < configMaps * 3 / 10; i++) {
            source.add(Fixtures.obj("v1", "ConfigMap", "blog", "new-" + changes + "-" + i, Map.of("n", "" + i),
                    Map.of("data", Map.of("payload", noise(100_000 * changes + i)))));
        }
    }

    /** A snapshotter holding the source's disk, fresh so that snapshot names are the same in every run. */
    FakeVolumeSnapshotter snapshotter() {
        FakeVolumeSnapshotter v = new FakeVolumeSnapshotter(clock);
        v.putVolume(DISK, "database pages".getBytes());
        return v;
    }

    Repository open(ObjectStore store) {
        return Repository.open(store, clock, SMALL_PACKS);
    }

    BackupResult backup(Repository repo, ClusterClient cluster, FakeVolumeSnapshotter volumes, String rpId) {
        BackupInstance instance = new BackupInstance("prod", "aks-prod", "daily", BackupConfiguration.everything(), null, null);
        BackupSpec spec = new BackupSpec(instance, rpId, clock.instant(), RecoveryPointType.OnDemand, "Default",
                List.of(new DataStoreDetail(DataStoreType.OperationalStore, clock.instant(), clock.instant().plus(Duration.ofDays(7)),
                        DataStoreState.Available)));
        return new BackupEngine(repo, cluster, volumes, null, clock, new BackupOptions(10, Duration.ofSeconds(5), Duration.ofMillis(1)),
                BackupThreads.PREFETCH)
                .run(spec, new JobRecorder(Operation.Backup, "prod", rpId, clock, null));
    }

    RestoreResult restore(Repository repo, String rpId, ClusterClient target, FakeVolumeSnapshotter volumes) {
        Manifest m = repo.readManifest("prod", rpId);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            return new RestoreEngine(target, VolumeSource.operational(volumes), null, clock, RestoreOptions.DEFAULTS.withParallelism(4),
                    threads).run(RestoreConfig.builder().recoveryPointId(rpId).build(), m, repo.openReader(), false,
                            new JobRecorder(Operation.Restore, "prod", rpId, clock, null));
        } finally {
            threads.shutdownNow();
        }
    }

    /** A recovery point as comparable text: its record and every entry with its blob. */
    static List<String> describe(Repository repo, String rpId) {
        Manifest m = repo.readManifest("prod", rpId);
        List<String> out = new ArrayList<>();
        out.add(m.recoveryPoint().toString());
        out.add(String.valueOf(m.configuration()));
        RecoveryPointReader reader = repo.openReader();
        for (TypeSection s : m.types()) {
            for (ManifestEntry e : reader.entries(s)) {
                out.add(s.type().displayName() + " " + e.qualifiedName() + " " + e.blob().hex() + " "
                        + reader.readObject(e).hashCode());
            }
        }
        return out;
    }

    /** Every object of a cluster without the fields the server invents (uids, versions, timestamps). */
    static Map<String, String> describe(InMemoryCluster cluster) {
        Map<String, String> out = new TreeMap<>();
        for (String key : cluster.keys()) {
            int space = key.indexOf(' ');
            String type = key.substring(0, space);
            String rest = key.substring(space + 1);
            int slash = rest.indexOf('/');
            String ns = slash < 0 ? null : rest.substring(0, slash);
            String name = slash < 0 ? rest : rest.substring(slash + 1);
            int typeSlash = type.lastIndexOf('/');
            KubeObject o = cluster.find(type.substring(0, typeSlash), type.substring(typeSlash + 1), ns, name).orElseThrow();
            out.put(key, String.valueOf(withoutServerFields(o.content())));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object withoutServerFields(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                if (!SERVER_FIELDS.contains(k)) {
                    out.put(k, withoutServerFields(e.getValue()));
                }
            }
            return out;
        }
        if (tree instanceof List<?> l) {
            return l.stream().map(VaultScenario::withoutServerFields).toList();
        }
        return tree;
    }

    /** A restore's items as comparable text, in order. */
    static List<String> items(RestoreResult r) {
        return r.job().items().stream().map(ItemResult::toString).toList();
    }
}

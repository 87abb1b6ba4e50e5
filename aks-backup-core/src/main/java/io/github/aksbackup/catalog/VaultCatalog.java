package io.github.aksbackup.catalog;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.schedule.ScheduleMark;
import io.github.aksbackup.schedule.ScheduleMarkStore;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.repository.RepositoryFormat;
import io.github.aksbackup.spi.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a vault knows besides recovery points: backup instances, policies, jobs and the protection
 * engine's schedule marks, kept in the vault itself so that a later process (another run of the
 * command line, a restarted service) sees them.
 *
 * <p>The store is write-once, so a record that changes is a sequence of versions
 * ({@code catalog/instances/<name>/<sequence>.json}, the highest wins; older ones are deleted after a
 * new one is written). A job is two or three write-once objects: {@code started.json} when it begins,
 * {@code ended.json} (without items) and {@code items.json} when it ends; a job with a start and no
 * end is still running, or its process died. Thread-safe.
 */
public final class VaultCatalog implements ScheduleMarkStore {
    static final String INSTANCES = RepositoryFormat.CATALOG_INSTANCES;
    static final String POLICIES = RepositoryFormat.CATALOG_POLICIES;
    static final String SCHEDULE = RepositoryFormat.CATALOG_SCHEDULE;
    static final String JOBS = RepositoryFormat.CATALOG_JOBS;
    static final String CLUSTERS = RepositoryFormat.CATALOG_CLUSTERS;

    private final ObjectStore store;
    private final java.util.function.Consumer<Job> onJobEnded;

    /** A catalog in {@code store}. */
    public VaultCatalog(ObjectStore store) {
        this(store, job -> { });
    }

    /** A catalog in {@code store} that tells {@code onJobEnded} about every job it records as ended (for metrics). */
    public VaultCatalog(ObjectStore store, java.util.function.Consumer<Job> onJobEnded) {
        this.store = Objects.requireNonNull(store, "store");
        this.onJobEnded = Objects.requireNonNull(onJobEnded, "onJobEnded");
    }

    // ---- instances ----

    /** Records a new version of an instance. */
    public void saveInstance(BackupInstance instance) {
        putVersion(INSTANCES + safe(instance.name()) + "/", bytes(instance));
    }

    /** The current version of an instance. */
    public Optional<BackupInstance> instance(String name) {
        return latest(INSTANCES + safe(name) + "/").map(b -> read(b, BackupInstance.class, "instance " + name));
    }

    /** Every instance, by name. */
    public List<BackupInstance> instances() {
        List<BackupInstance> out = new ArrayList<>();
        for (String prefix : groups(INSTANCES)) {
            latest(prefix).ifPresent(b -> out.add(read(b, BackupInstance.class, prefix)));
        }
        out.sort(Comparator.comparing(BackupInstance::name));
        return out;
    }

    /** Records which cluster an instance protects. */
    public void saveClusterIdentity(String instanceName, ClusterIdentity identity) {
        putVersion(CLUSTERS + safe(instanceName) + "/", bytes(identity));
    }

    /** The cluster an instance protects, when it was configured with one. */
    public Optional<ClusterIdentity> clusterIdentity(String instanceName) {
        return latest(CLUSTERS + safe(instanceName) + "/").map(b -> read(b, ClusterIdentity.class, "cluster of " + instanceName));
    }

    // ---- policies ----

    /** Records a new version of a policy, in Azure's policy JSON. */
    public void savePolicy(BackupPolicy policy) {
        putVersion(POLICIES + safe(policy.name()) + "/", PolicyJson.write(policy).getBytes(StandardCharsets.UTF_8));
    }

    /** The current version of a policy. */
    public Optional<BackupPolicy> policy(String name) {
        return latest(POLICIES + safe(name) + "/").map(b -> {
            try {
                return PolicyJson.parse(b, name).policy();
            } catch (RuntimeException e) {
                throw new DataCorruptionException("policy " + name + " in the vault cannot be read: " + e.getMessage());
            }
        });
    }

    // ---- schedule marks ----

    @Override
    public Optional<ScheduleMark> load(String instanceName) {
        return latest(SCHEDULE + safe(instanceName) + "/").map(b -> read(b, ScheduleMark.class, "schedule of " + instanceName));
    }

    @Override
    public void save(String instanceName, ScheduleMark mark) {
        putVersion(SCHEDULE + safe(instanceName) + "/", bytes(mark));
    }

    // ---- jobs ----

    /** Records that a job started. */
    public void jobStarted(Job job) {
        store.putIfAbsent(RepositoryFormat.jobKey(job.id(), RepositoryFormat.JOB_STARTED), bytes(withoutItems(job)));
    }

    /** Records how a job ended, with its items. */
    public void jobEnded(Job job) {
        store.putIfAbsent(RepositoryFormat.jobKey(job.id(), RepositoryFormat.JOB_ITEMS), bytes(Map.of("items", Json.toAnyTree(job.items()))));
        store.putIfAbsent(RepositoryFormat.jobKey(job.id(), RepositoryFormat.JOB_ENDED), bytes(withoutItems(job)));
        onJobEnded.accept(job);
    }

    /** Every job, newest first, without per-item results (see {@link #job}). */
    public List<Job> jobs() {
        Map<String, String> latestKey = new TreeMap<>();
        for (ObjectInfo o : store.list(JOBS)) {
            String rest = o.key().substring(JOBS.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String id = rest.substring(0, slash);
            String file = rest.substring(slash + 1);
            if (file.equals(RepositoryFormat.JOB_ENDED) || file.equals(RepositoryFormat.JOB_STARTED) && !latestKey.containsKey(id)) {
                latestKey.put(id, o.key());
            }
        }
        List<Job> out = new ArrayList<>();
        for (String key : latestKey.values()) {
            readJob(key).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Job::start).reversed().thenComparing(Job::id));
        return out;
    }

    /**
     * One job with its per-item results.
     *
     * @throws NotFoundException when the vault has no such job
     */
    public Job job(String id) {
        Optional<Job> ended = readJob(RepositoryFormat.jobKey(id, RepositoryFormat.JOB_ENDED));
        if (ended.isPresent()) {
            Job j = ended.get();
            List<Object> items = List.of();
            try {
                Object i = Json.parseTree(store.getBytes(RepositoryFormat.jobKey(id, RepositoryFormat.JOB_ITEMS))).get("items");
                items = i instanceof List<?> l ? new ArrayList<>(l) : List.of();
            } catch (NotFoundException e) {
                // Ended without an items record: none.
            }
            List<io.github.aksbackup.api.job.ItemResult> parsed = Json.fromTree(items,
                    new com.fasterxml.jackson.core.type.TypeReference<List<io.github.aksbackup.api.job.ItemResult>>() { });
            return new Job(j.id(), j.operation(), j.instanceName(), j.recoveryPointId(), j.status(), j.start(), j.end(), j.phase(),
                    j.counts(), j.errors(), j.warnings(), parsed, j.hookSteps());
        }
        return readJob(RepositoryFormat.jobKey(id, RepositoryFormat.JOB_STARTED)).orElseThrow(() -> new NotFoundException("the vault has no job " + id));
    }

    private Optional<Job> readJob(String key) {
        try {
            return Optional.of(read(store.getBytes(key), Job.class, key));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static Job withoutItems(Job j) {
        return new Job(j.id(), j.operation(), j.instanceName(), j.recoveryPointId(), j.status(), j.start(), j.end(), j.phase(),
                j.counts(), j.errors(), j.warnings(), List.of(), j.hookSteps());
    }

    // ---- versions ----

    /** Writes the next version under {@code prefix} and deletes the older ones. */
    private void putVersion(String prefix, byte[] content) {
        List<String> older = keys(prefix);
        long next = older.isEmpty() ? 1 : sequence(older.get(older.size() - 1)) + 1;
        while (!store.putIfAbsent(prefix + String.format("%019d", next) + ".json", content)) {
            next++;
        }
        for (String k : older) {
            try {
                store.delete(k);
            } catch (AksBackupException e) {
                // Under a retention policy old versions stay until it lets go; the next write retries.
                if (!ObjectStore.OBJECT_LOCKED.equals(e.code())) {
                    throw e;
                }
            }
        }
    }

    private Optional<byte[]> latest(String prefix) {
        List<String> keys = keys(prefix);
        for (int i = keys.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(store.getBytes(keys.get(i)));
            } catch (NotFoundException e) {
                // Replaced concurrently; try the one before.
            }
        }
        return Optional.empty();
    }

    private List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        for (ObjectInfo o : store.list(prefix)) {
            if (o.key().endsWith(".json") && o.key().indexOf('/', prefix.length()) < 0) {
                out.add(o.key());
            }
        }
        return out;
    }

    /** The distinct {@code prefix<name>/} groups under a prefix. */
    private List<String> groups(String prefix) {
        List<String> out = new ArrayList<>();
        for (ObjectInfo o : store.list(prefix)) {
            int slash = o.key().indexOf('/', prefix.length());
            if (slash > 0) {
                String g = o.key().substring(0, slash + 1);
                if (out.isEmpty() || !out.get(out.size() - 1).equals(g)) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    private static long sequence(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1, key.length() - ".json".length());
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Names as store key segments: letters, digits, '.', '-' kept, anything else as {@code _hh}. */
    static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' && sb.length() > 0)) {
                sb.append(c);
            } else {
                sb.append('_').append(String.format("%02x", b & 0xff));
            }
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }

    private static byte[] bytes(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AksBackupException(ErrorCode.INTERNAL, "cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), null, e);
        }
    }

    private static <T> T read(byte[] data, Class<T> type, String what) {
        try {
            return Json.mapper().readValue(data, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The original message without the parser's location and the Java types it was reading into.
            throw new DataCorruptionException(what + " in the vault cannot be read: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")"));
        } catch (java.io.IOException | RuntimeException e) {
            throw new DataCorruptionException(what + " in the vault cannot be read: " + e.getMessage());
        }
    }
}

package io.github.aksbackup.bench;

import io.github.aksbackup.azure.AzureBlobObjectStore;
import io.github.aksbackup.spi.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Measures {@link AzureBlobObjectStore} against a real endpoint (Azurite or Azure): write-once
 * uploads of packs (parallel blocks), streaming reads, ranged reads and paged listing. Prints MiB/s
 * and requests/s. The connection string is read from the environment variable named by the first
 * argument and never printed; a fresh container is created and left for inspection.
 *
 * <pre>
 * java -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.BlobStoreBenchmark \
 *     ENV_VAR [packs=16] [packMiB=8] [smallObjects=2000]
 * </pre>
 */
public final class BlobStoreBenchmark {
    private BlobStoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BlobStoreBenchmark ENV_VAR_WITH_CONNECTION_STRING [packs] [packMiB] [smallObjects]");
            System.exit(2);
        }
        String cs = System.getenv(args[0]);
        if (cs == null || cs.isBlank()) {
            System.err.println("environment variable " + args[0] + " is not set");
            System.exit(2);
        }
        int packs = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int packMiB = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int small = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        AzureBlobObjectStore store = AzureBlobObjectStore.builder().connectionString(cs)
                .containerName("bench-" + UUID.randomUUID().toString().substring(0, 8))
                .createContainerIfMissing(true).build();
        System.out.println("store: " + store.describe());
        byte[] pack = new byte[packMiB << 20];
        new Random(1).nextBytes(pack);

        long t0 = System.nanoTime();
        for (int i = 0; i < packs; i++) {
            store.putIfAbsent("packs/p" + i, new ByteArrayInputStream(pack), pack.length);
        }
        report("put packs", packs, (long) packs * pack.length, System.nanoTime() - t0);

        t0 = System.nanoTime();
        long read = 0;
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < packs; i++) {
            try (InputStream in = store.get("packs/p" + i)) {
                for (int n; (n = in.read(buf)) > 0;) {
                    read += n;
                }
            }
        }
        report("get packs (streaming)", packs, read, System.nanoTime() - t0);

        t0 = System.nanoTime();
        long ranged = 0;
        Random r = new Random(2);
        int ranges = packs * 20;
        for (int i = 0; i < ranges; i++) {
            try (InputStream in = store.getRange("packs/p" + r.nextInt(packs), r.nextInt(pack.length - 4096), 4096)) {
                ranged += in.readAllBytes().length;
            }
        }
        report("getRange 4 KiB", ranges, ranged, System.nanoTime() - t0);

        t0 = System.nanoTime();
        for (int i = 0; i < small; i++) {
            store.putIfAbsent(String.format("index/%06d", i), new ByteArrayInputStream(pack, 0, 512), 512);
        }
        report("put 512 B objects", small, (long) small * 512, System.nanoTime() - t0);

        t0 = System.nanoTime();
        int listed = 0;
        for (ObjectInfo ignored : store.list("index/")) {
            listed++;
        }
        report("list (1000 per page)", listed, 0, System.nanoTime() - t0);

        t0 = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < packs; i++) {
            refused += store.putIfAbsent("packs/p" + i, new ByteArrayInputStream(pack), pack.length) ? 0 : 1;
        }
        report("refused overwrite of packs", refused, 0, System.nanoTime() - t0);
    }

    private static void report(String what, int operations, long bytes, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%-28s %6d ops %8.2f s %9.1f ops/s%s%n", what, operations, s, operations / s,
                bytes > 0 ? String.format(Locale.ROOT, " %8.1f MiB/s", bytes / 1048576.0 / s) : "");
    }
}

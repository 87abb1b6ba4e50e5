package io.github.aksbackup.cli;

import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.spi.ObjectStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aks-backup vault gc}: reclaims what no recovery point references, such as the packs a
 * crashed or killed backup left; the only way a command-line user frees that space.
 */
@Command(name = "gc",
        mixinStandardHelpOptions = true,
        description = {"Collect garbage in both tiers: delete the packs and index files no recovery point references (what deleted",
            "recovery points and crashed backups left). Waits for nothing: while a backup session younger than 6 hours exists",
            "(running, or killed less than 6 hours ago) the collection is deferred and deletes nothing. Exit 0 when it ran or",
            "was deferred, 1 when it failed."})
final class VaultGcCommand implements Callable<Integer> {
    @Mixin
    VaultAccess vault;

    @Mixin
    Output output;

    @Option(names = "--dry-run", description = "Report what a collection would delete; change nothing in the vault.")
    boolean dryRun;

    @Override
    public Integer call() {
        ObjectStore store = vault.store();
        ObjectStore target = dryRun ? new DryRunObjectStore(store) : store;
        List<GcResult> results;
        try (AksBackupClient client = vault.options.clientBuilder(target).hookRunner(HookRunner.NONE)
                .buildClient()) {
            results = client.collectGarbage();
        }
        PrintWriter out = output.out();
        if (output.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("vault", vault.describe());
            doc.put("dryRun", dryRun);
            doc.put("operational", results.get(0));
            doc.put("vaultTier", results.size() > 1 ? results.get(1) : null);
            output.printJson(doc);
        } else {
            out.println((dryRun ? "Dry run of garbage collection (nothing was changed) in " : "Garbage collection in ") + vault.describe());
            String[] tiers = {"operational tier", "vault tier"};
            for (int i = 0; i < results.size(); i++) {
                GcResult r = results.get(i);
                if (r.deferred()) {
                    out.println(tiers[i] + ": deferred, " + r.deferredBecause());
                } else {
                    out.println(tiers[i] + ": " + r.recoveryPoints() + " recovery points, " + r.liveBlobs() + " live blobs; "
                            + r.packsDeleted() + (dryRun ? " packs to delete, " : " packs deleted, ") + Text.bytes(r.bytesFreed())
                            + (dryRun ? " to free, " : " freed, ") + r.staleMarkersRemoved() + " stale markers"
                            + (r.objectsLocked() > 0 ? ", " + r.objectsLocked() + " objects still under a retention policy" : ""));
                }
                r.warnings().forEach(w -> out.println("  warning: " + w));
            }
        }
        out.flush();
        return AksBackupCli.OK;
    }
}

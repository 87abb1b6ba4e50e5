package io.github.aksbackup.cli;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.internal.PrefixedObjectStore;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.spi.ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aks-backup vault}: checks of a vault. */
@Command(name = "vault",
        mixinStandardHelpOptions = true,
        description = "Work with a vault (a directory or azblob://ACCOUNT/CONTAINER).",
        subcommands = {VaultCommand.Verify.class})
final class VaultCommand {

    /** {@code aks-backup vault verify --vault DIR [--json]}. */
    @Command(name = "verify",
            mixinStandardHelpOptions = true,
            description = {"Read the whole vault back (both tiers): every index file, every pack (each object checked against its",
                "SHA-256), every manifest. Names each damaged or missing object with its recovery point. Exit 0 when",
                "nothing is damaged, 1 when something is."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Mixin
        Output output;


        @Override
        public Integer call() {
            PrintWriter out = output.out();
            ObjectStore store = vault.store();
            VerifyReport operational = Repository.openExisting(store, Clock.systemUTC(), RepositoryOptions.DEFAULTS).verify();
            VerifyReport tier = null;
            try {
                tier = Repository.openExisting(new PrefixedObjectStore(store, AksBackupClientBuilder.VAULT_TIER_PREFIX), Clock.systemUTC(),
                        RepositoryOptions.DEFAULTS).verify();
            } catch (NotFoundException noVaultTier) {
                // The vault never received a vault-tier copy.
            }
            boolean ok = operational.ok() && (tier == null || tier.ok());
            if (output.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("vault", vault.describe());
                doc.put("ok", ok);
                doc.put("operational", Json.toAnyTree(operational));
                doc.put("vaultTier", tier == null ? null : Json.toAnyTree(tier));
                output.printJson(doc);
            } else {
                out.println("Vault " + vault.describe());
                report("operational tier", operational, out);
                if (tier != null) {
                    report("vault tier", tier, out);
                }
                out.println(ok ? "OK: no damage found" : "DAMAGED: the objects named above cannot be restored from the copies listed");
            }
            out.flush();
            return ok ? AksBackupCli.OK : AksBackupCli.FAILED;
        }

        private static void report(String name, VerifyReport r, PrintWriter out) {
            out.println(name + ": " + r.indexFiles() + " index files, " + r.packs() + " packs, " + r.blobs() + " blobs, "
                    + r.recoveryPoints() + " recovery points, " + r.objects() + " objects checked; "
                    + (r.ok() ? "no damage" : r.damage().size() + " problems, " + r.damagedObjects() + " damaged objects"));
            for (VerifyReport.Damage d : r.damage()) {
                out.println("  " + d);
            }
            if (r.damagedObjects() > VerifyReport.MAX_LISTED) {
                out.println("  ... and " + (r.damagedObjects() - VerifyReport.MAX_LISTED) + " more damaged objects");
            }
        }
    }
}

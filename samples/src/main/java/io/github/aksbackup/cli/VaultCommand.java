package io.github.aksbackup.cli;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.VaultInfo;
import io.github.aksbackup.json.JsonValues;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryFormat;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aks-backup vault}: creates and checks vaults. */
@Command(name = "vault",
        mixinStandardHelpOptions = true,
        description = "Work with a vault (a directory or azblob://ACCOUNT/CONTAINER).",
        subcommands = {VaultCommand.Init.class, VaultCommand.Verify.class, VaultGcCommand.class, VaultReportCommand.class})
final class VaultCommand {

    /** {@code aks-backup vault init --vault V [--key-file F] [--json]}. */
    @Command(name = "init",
            mixinStandardHelpOptions = true,
            description = {"Create a vault: encrypted (AES-256-GCM, data keys wrapped by the key file's current key) when",
                "--key-file is given, otherwise not. Refuses a location that holds a vault already."})
    static final class Init implements Callable<Integer> {
        @Mixin
        VaultOptions vault;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            KeyProvider keys = vault.keyProvider().orElse(null);
            ObjectStore store = vault.open();
            if (store.exists(RepositoryFormat.CONFIG_KEY)) {
                throw new ConflictException(vault.location().orElseThrow() + " holds a vault already; 'vault verify' checks it");
            }
            VaultInfo created;
            try (AksBackupClient client = vault.clientBuilder(store).hookRunner(io.github.aksbackup.hook.HookRunner.NONE).buildClient()) {
                created = client.createVault();
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("vault", vault.location().orElseThrow());
            doc.put("id", created.id());
            doc.put("encrypted", created.encrypted());
            if (created.encrypted()) {
                doc.put("algorithm", "AES-256-GCM");
                doc.put("keyProvider", keys.describe());
                doc.put("keyIds", created.keyIds());
            }
            PrintWriter out = output.out();
            if (output.json) {
                output.printJson(doc);
            } else {
                out.println("Created vault " + created.id() + " in " + vault.location().orElseThrow());
                out.println(created.encrypted() ? "Encrypted with AES-256-GCM; data keys wrapped by key '" + keys.currentKeyId() + "' of "
                        + keys.describe() + ". Keep the key file safe and apart from the vault: without it the vault cannot be read."
                        : "Not encrypted (give --key-file to create an encrypted vault).");
            }
            out.flush();
            return AksBackupCli.OK;
        }
    }

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
            KeyProvider keys = vault.options.keyProvider().orElse(null);
            ObjectStore store = vault.store();
            VerifyReport operational;
            try {
                operational = Repository.openExisting(store, Clock.systemUTC(), RepositoryOptions.DEFAULTS, keys).verify();
            } catch (io.github.aksbackup.api.DataCorruptionException unreadable) {
                if (!output.json) {
                    throw unreadable;
                }
                // The vault's configuration is damaged, so nothing else can be read; a script still gets its document.
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("vault", vault.describe());
                doc.put("ok", false);
                doc.put("error", unreadable.getMessage());
                output.printJson(doc);
                output.spec.commandLine().getErr().println("aks-backup: " + unreadable.getMessage());
                return AksBackupCli.FAILED;
            }
            VerifyReport tier = null;
            try {
                tier = Repository.openExisting(RepositoryFormat.vaultTierIn(store), Clock.systemUTC(),
                        RepositoryOptions.DEFAULTS, keys).verify();
            } catch (NotFoundException noVaultTier) {
                // The vault never received a vault-tier copy.
            }
            boolean ok = operational.ok() && (tier == null || tier.ok());
            if (output.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("vault", vault.describe());
                doc.put("ok", ok);
                doc.put("operational", JsonValues.toTree(operational));
                doc.put("vaultTier", tier == null ? null : JsonValues.toTree(tier));
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
            if (!r.keyIds().isEmpty()) {
                out.println("  encrypted objects by key: " + String.join(", ", r.keyIds().entrySet().stream()
                        .map(e -> "'" + e.getKey() + "' " + e.getValue()).toList())
                        + " (a key no object uses is no longer needed by this tier)");
            }
            for (VerifyReport.Damage d : r.damage()) {
                out.println("  " + d);
            }
            if (r.damagedObjects() > VerifyReport.MAX_LISTED) {
                out.println("  ... and " + (r.damagedObjects() - VerifyReport.MAX_LISTED) + " more damaged objects");
            }
        }
    }
}

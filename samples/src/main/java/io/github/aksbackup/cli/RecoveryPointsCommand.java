package io.github.aksbackup.cli;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.json.JsonValues;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aks-backup recovery-points}: the recovery points a vault holds. */
@Command(name = "recovery-points",
        mixinStandardHelpOptions = true,
        description = "Recovery points in a vault.",
        subcommands = {RecoveryPointsCommand.ListCommand.class})
final class RecoveryPointsCommand {

    /** {@code aks-backup recovery-points list --vault DIR [--instance NAME] [--json]}. */
    @Command(name = "list",
            mixinStandardHelpOptions = true,
            description = {"List the recovery points of every instance (or one) with their copies per tier.",
                "Columns: instance, id, time, type, tag, status, objects, size, volume snapshots, and each tier's state and expiry."})
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Option(names = "--instance", paramLabel = "NAME", description = "Only this backup instance.")
        String instance;

        @Mixin
        Output output;


        @Override
        public Integer call() {
            PrintWriter out = output.out();
            List<RecoveryPoint> rps = new ArrayList<>();
            try (AksBackupClient client = vault.client()) {
                List<String> names = instance != null ? List.of(client.getInstance(instance).name())
                        : client.listInstances().stream().map(BackupInstance::name).toList();
                for (String n : names) {
                    rps.addAll(client.listRecoveryPoints(n));
                }
            }
            if (output.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("recoveryPoints", JsonValues.toTree(rps));
                output.printJson(doc);
            } else {
                print(rps, out, "");
            }
            out.flush();
            return AksBackupCli.OK;
        }
    }

    /** Prints recovery points as a table (also used by the demo). */
    static void print(List<RecoveryPoint> rps, PrintWriter out, String indent) {
        if (rps.isEmpty()) {
            out.println(indent + "no recovery points");
            return;
        }
        Text.Table t = new Text.Table("INSTANCE", "RECOVERY POINT", "TIME", "TYPE", "TAG", "STATUS", "OBJECTS", "SIZE", "VOLUMES",
                "OPERATIONAL", "VAULT");
        for (RecoveryPoint rp : rps) {
            t.row(rp.instanceName(), rp.id(), Text.time(rp.time()), rp.type(), rp.tag(), rp.status(), rp.objectCount(),
                    Text.bytes(rp.totalBytes()), rp.volumeSnapshots().size(), copy(rp, DataStoreType.OperationalStore),
                    copy(rp, DataStoreType.VaultStore));
        }
        t.print(out, indent);
    }

    private static String copy(RecoveryPoint rp, DataStoreType type) {
        return rp.store(type).map(RecoveryPointsCommand::describe).orElse("-");
    }

    private static String describe(DataStoreDetail d) {
        return switch (d.state()) {
            case Pending -> "Pending from " + Text.time(d.created());
            case Available -> "Available" + (d.expiry() == null ? "" : " until " + Text.time(d.expiry()));
            case Deleted -> "Deleted";
        };
    }
}

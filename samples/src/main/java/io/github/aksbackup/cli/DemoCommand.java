package io.github.aksbackup.cli;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.BackupJobOptions;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.SampleWorkload;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code aks-backup demo [--vault DIR]}: the whole product in one run, without network: an in-memory
 * AKS cluster with a two-namespace shop, a directory vault, an Azure policy; back up, change, back up
 * again, lose a namespace, restore it under another name, show what the vault holds.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Run a complete backup and restore on an in-memory cluster into a directory vault (no network).",
            "Backs up a two-namespace shop (Deployments, a PostgreSQL StatefulSet on Azure Disk claims, Services, ConfigMaps,",
            "Secrets, RBAC, a CRD with custom resources), changes it, backs up again, deletes the payments namespace, restores",
            "it as payments-restored, and prints the recovery points, the restore report and the jobs."})
final class DemoCommand implements Callable<Integer> {
    static final String INSTANCE = "demo-aks";

    /** {@code --vault} (default: a new temporary directory); an azblob:// vault works too. */
    @Mixin
    VaultOptions vault;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = vault.isSet() ? null : Files.createTempDirectory("aks-backup-demo-");
        ObjectStore store = vault.openOr(dir);
        String where = dir != null ? dir.toAbsolutePath().toString() : vault.isAzure() ? vault.location().orElseThrow()
                : Path.of(vault.location().orElseThrow()).toAbsolutePath().toString();
        Clock clock = Clock.systemUTC();
        InMemoryCluster cluster = new InMemoryCluster(clock);
        FakeVolumeSnapshotter disks = new FakeVolumeSnapshotter(clock);
        List<KubeObject> installed = SampleWorkload.install(cluster, disks);
        boolean ok = true;

        out.println("aks-backup demo: an in-memory AKS cluster, a directory vault, no network");
        out.println();
        out.println("1. Cluster: " + installed.size() + " objects of a shop in namespaces " + String.join(" and ", SampleWorkload.NAMESPACES)
                + " (Deployments, a PostgreSQL StatefulSet on two Azure Disk claims, Services, an Ingress, ConfigMaps, Secrets,");
        out.println("   RBAC, a cert-manager CRD with Certificates), plus the cluster's own namespaces");
        try (AksBackupClient client = vault.clientBuilder(store).cluster(cluster)
                .volumeSnapshotter(disks).clock(clock).buildClient()) {
            client.createVault();
            BackupPolicy policy = client.createOrUpdatePolicy(demoPolicy());
            client.configureProtection(new BackupInstance(INSTANCE, "in-memory-aks", policy.name(), BackupConfiguration.everything(),
                    null, null), policy);
            out.println("2. Protection: instance " + INSTANCE + " under Azure policy " + policy.name()
                    + " (every 4 h; 7 days operational; the Daily tag is also copied to the vault tier for 84 days)");

            Job first = client.backupNow(INSTANCE);
            RecoveryPoint rp1 = client.getRecoveryPoint(INSTANCE, first.recoveryPointId());
            ok &= first.status() != JobStatus.Failed;
            out.println("3. Backup 1 (on demand, tag " + rp1.tag() + "): " + rp1.objectCount() + " objects, "
                    + rp1.volumeSnapshots().size() + " volume snapshots, " + Text.bytes(first.counts().bytesNew()) + " written in "
                    + Text.duration(first.duration().orElse(null)) + ", " + first.status() + warnings(first));

            ResourceType deployments = cluster.type("apps/v1", "Deployment");
            cluster.mergePatch(deployments, "storefront", "web", Map.of("spec", Map.of("replicas", 5)));
            cluster.mergePatch(cluster.type("v1", "ConfigMap"), "storefront", "web-settings", Map.of("data", Map.of("THEME", "winter")));
            cluster.add(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", "provider-api-key-v2",
                    "namespace", "payments", "labels", Map.of("app", "payments-api")), "type", "Opaque",
                    "data", Map.of("key", "cGtfbGl2ZV85ODc2NTQzMjEw")));
            out.println("4. Changes: storefront/web scaled to 5 replicas, ConfigMap storefront/web-settings edited, "
                    + "Secret payments/provider-api-key-v2 added");

            Job second = client.backupNow(INSTANCE, BackupJobOptions.defaults().withRetentionTag("Daily"));
            RecoveryPoint rp2 = client.getRecoveryPoint(INSTANCE, second.recoveryPointId());
            ok &= second.status() != JobStatus.Failed;
            out.println("5. Backup 2 (on demand, tag " + rp2.tag() + "): " + rp2.objectCount() + " objects, only "
                    + Text.bytes(second.counts().bytesNew()) + " new (" + Text.percent(second.counts().bytesNew(), first.counts().bytesNew())
                    + " of backup 1, mostly the new manifest: unchanged objects are stored once), copied to the vault tier");

            long before = cluster.size();
            byte[] dataBefore = claimData(cluster, disks, "payments", "data-postgres-0");
            cluster.delete(cluster.type("v1", "Namespace"), null, "payments");
            out.println("6. Disaster: namespace payments deleted with everything in it (" + (before - cluster.size()) + " objects)");

            RestoreConfig restore = RestoreConfig.builder().recoveryPointId(rp2.id()).includedNamespaces("payments")
                    .mapNamespace("payments", "payments-restored").build();
            RestoreResult plan = client.restore(restore, RestoreJobOptions.planOnly());
            long planned = plan.items().stream().filter(i -> i.action() == ItemAction.Created).count();
            RestoreResult restored = client.restore(restore);
            Job r = restored.job();
            ok &= r.status() != JobStatus.Failed && r.counts().failed() == 0;
            out.println("7. Restore of payments from backup 2 into payments-restored (dry run planned " + planned + " creates): "
                    + count(restored, ItemAction.Created) + " created, " + count(restored, ItemAction.Skipped) + " skipped, "
                    + r.counts().failed() + " failed, " + r.counts().volumes() + " volumes from snapshots, in "
                    + Text.duration(r.duration().orElse(null)) + ", " + r.status());
            byte[] dataAfter = claimData(cluster, disks, "payments-restored", "data-postgres-0");
            boolean same = dataBefore != null && Arrays.equals(dataBefore, dataAfter);
            ok &= same;
            out.println("   volume of payments-restored/data-postgres-0: " + Text.bytes(dataAfter == null ? 0 : dataAfter.length)
                    + (same ? ", identical to the backed-up volume" : ", DIFFERENT from the backed-up volume"));
            out.println();
            out.println("Restore report:");
            JobsCommand.printItems(restored.items(), out, "  ");
            out.println();
            out.println("Recovery points:");
            RecoveryPointsCommand.print(client.listRecoveryPoints(INSTANCE), out, "  ");
            out.println();
            out.println("Jobs:");
            JobsCommand.print(client.listJobs(), out, "  ");
        }
        out.println();
        out.println("Vault: " + where);
        String key = vault.keyArgument();
        out.println("Look inside: aks-backup recovery-points list --vault " + where + key);
        out.println("             aks-backup jobs list --vault " + where + key);
        out.println("             aks-backup vault verify --vault " + where + key);
        out.flush();
        return ok ? AksBackupCli.OK : AksBackupCli.FAILED;
    }

    private static String warnings(Job j) {
        return j.warnings().isEmpty() ? "" : " (" + j.warnings().size() + " warnings)";
    }

    private static long count(RestoreResult r, ItemAction a) {
        return r.items().stream().filter(i -> i.action() == a).count();
    }

    /** The bytes on the volume a claim is bound to, or {@code null}. */
    private static byte[] claimData(InMemoryCluster cluster, FakeVolumeSnapshotter disks, String ns, String claim) {
        return cluster.find("v1", "PersistentVolumeClaim", ns, claim)
                .map(c -> (String) c.at("spec", "volumeName"))
                .flatMap(pv -> cluster.find("v1", "PersistentVolume", null, pv))
                .map(pv -> disks.volume((String) pv.at("spec", "csi", "volumeHandle")))
                .orElse(null);
    }

    static BackupPolicy demoPolicy() {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo-policy.json")) {
            if (in == null) {
                throw new IllegalStateException("demo-policy.json is missing from the command line's jar");
            }
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

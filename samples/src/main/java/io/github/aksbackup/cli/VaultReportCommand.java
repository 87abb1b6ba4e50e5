package io.github.aksbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.client.AksBackupClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aks-backup vault report}: what a vault holds and how its jobs went, as a text summary, a JSON
 * document or a self-contained page drawn from that document.
 *
 * <p>The document ({@code --json}, embedded in the page as {@code script#report}):
 * <pre>{@code
 * {"vault": "/abs/dir", "generated": "…Z", "instance": null, "since": null,
 *  "summary": {"instances", "recoveryPoints", "storeCopies", "jobs", "failedJobs", "backups", "backupBytesNew", "backupBytesTotal"},
 *  "instances": [{"name", "cluster", "policy", "protectionState", "recoveryPoints", "lastBackup": {"job", "time", "status"}}],
 *  "recoveryPoints": [{"id", "instance", "time", "type", "tag", "status", "objects", "bytes", "volumes",
 *                      "stores": [{"type", "created", "expiry", "state"}]}],
 *  "jobs": [{"id", "operation", "instance", "recoveryPoint", "status", "start", "end", "counts": {…},
 *            "errors": [{"code", "message", "recommendedAction", "item"}], "warnings": [...]}]}
 * }</pre>
 * Recovery points oldest first, jobs newest first; {@code expiry} is {@code null} for a copy that never
 * expires; a backup job's {@code counts.bytesNew} is what it wrote to the vault (compressed, only what the
 * vault did not hold yet) and {@code counts.bytesTotal} the size of what it covered (the objects' JSON).
 */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Report on a vault: its instances and their protection state, recovery points with their copies per tier,",
            "jobs (status, duration, errors) and, per backup, the bytes written against the bytes covered (what",
            "deduplication and compression saved). Prints a summary, --json the whole document, --html FILE writes a",
            "self-contained page (no network) that draws it."})
final class VaultReportCommand implements Callable<Integer> {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Mixin
    VaultAccess vault;

    @Option(names = "--instance", paramLabel = "NAME", description = "Only this backup instance (and its jobs).")
    String instance;

    @Option(names = "--since", paramLabel = "ISO",
            description = "Only recovery points taken and jobs started at or after this time (2026-05-01, 2026-05-01T08:00:00Z; UTC).")
    String since;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a page to FILE (the document embedded as script#report).")
    Path htmlFile;

    @Mixin
    Output output;

    @Override
    public Integer call() {
        Instant from = since == null ? null : PolicySimulateCommand.instant("--since", since, ZoneOffset.UTC);
        ObjectNode doc;
        try (AksBackupClient client = vault.client()) {
            doc = document(client, from);
        }
        String text = PageJson.write(doc);
        if (htmlFile != null) {
            HtmlPage.write(htmlFile, HtmlPage.render("Vault report: " + vault.describe(), "report", text, "vault-report.js"));
        }
        PrintWriter out = output.out();
        if (output.json) {
            out.print(text);
        } else {
            printSummary(doc, out);
            if (htmlFile != null) {
                out.println("Wrote " + htmlFile);
            }
        }
        out.flush();
        return AksBackupCli.OK;
    }

    private ObjectNode document(AksBackupClient client, Instant from) {
        List<BackupInstance> instances = instance != null ? List.of(client.getInstance(instance)) : client.listInstances();
        List<String> names = instances.stream().map(BackupInstance::name).toList();
        List<RecoveryPoint> rps = new ArrayList<>();
        for (String n : names) {
            client.listRecoveryPoints(n).stream().filter(rp -> from == null || !rp.time().isBefore(from)).forEach(rps::add);
        }
        rps.sort(Comparator.comparing(RecoveryPoint::time).thenComparing(RecoveryPoint::id));
        List<Job> jobs = client.listJobs().stream()
                .filter(j -> instance == null || instance.equals(j.instanceName()))
                .filter(j -> from == null || !j.start().isBefore(from))
                .toList();

        ObjectNode doc = NODES.objectNode();
        doc.put("vault", vault.describe());
        doc.put("generated", client.clock().instant().toString());
        doc.put("instance", instance);
        doc.put("since", from == null ? null : from.toString());
        ObjectNode summary = doc.putObject("summary");
        summary.put("instances", instances.size());
        summary.put("recoveryPoints", rps.size());
        summary.put("storeCopies", rps.stream().mapToInt(rp -> rp.stores().size()).sum());
        summary.put("jobs", jobs.size());
        summary.put("failedJobs", jobs.stream().filter(j -> j.status() == JobStatus.Failed).count());
        List<Job> backups = jobs.stream().filter(j -> j.operation() == Operation.Backup).toList();
        summary.put("backups", backups.size());
        summary.put("backupBytesNew", backups.stream().mapToLong(j -> j.counts().bytesNew()).sum());
        summary.put("backupBytesTotal", backups.stream().mapToLong(j -> j.counts().bytesTotal()).sum());

        ArrayNode instanceNodes = doc.putArray("instances");
        for (BackupInstance i : instances) {
            ObjectNode n = instanceNodes.addObject();
            n.put("name", i.name());
            n.put("cluster", i.clusterRef());
            n.put("policy", i.policyName());
            n.put("protectionState", i.protectionState().name());
            n.put("recoveryPoints", rps.stream().filter(rp -> rp.instanceName().equals(i.name())).count());
            Optional<Job> last = backups.stream().filter(j -> i.name().equals(j.instanceName())).max(Comparator.comparing(Job::start));
            if (last.isPresent()) {
                n.putObject("lastBackup").put("job", last.get().id()).put("time", last.get().start().toString())
                        .put("status", last.get().status().name());
            } else {
                n.putNull("lastBackup");
            }
        }
        ArrayNode rpNodes = doc.putArray("recoveryPoints");
        for (RecoveryPoint rp : rps) {
            ObjectNode n = rpNodes.addObject();
            n.put("id", rp.id());
            n.put("instance", rp.instanceName());
            n.put("time", rp.time().toString());
            n.put("type", rp.type().name());
            n.put("tag", rp.tag());
            n.put("status", rp.status().name());
            n.put("objects", rp.objectCount());
            n.put("bytes", rp.totalBytes());
            n.put("volumes", rp.volumeSnapshots().size());
            ArrayNode stores = n.putArray("stores");
            for (DataStoreDetail s : rp.stores()) {
                stores.addObject().put("type", s.type().name()).put("created", s.created().toString())
                        .put("expiry", s.expiry() == null ? null : s.expiry().toString()).put("state", s.state().name());
            }
        }
        ArrayNode jobNodes = doc.putArray("jobs");
        for (Job j : jobs) {
            ObjectNode n = jobNodes.addObject();
            n.put("id", j.id());
            n.put("operation", j.operation().name());
            n.put("instance", j.instanceName());
            n.put("recoveryPoint", j.recoveryPointId());
            n.put("status", j.status().name());
            n.put("start", j.start().toString());
            n.put("end", j.end() == null ? null : j.end().toString());
            JobCounts c = j.counts();
            n.putObject("counts").put("seen", c.seen()).put("succeeded", c.succeeded()).put("skipped", c.skipped())
                    .put("failed", c.failed()).put("bytesNew", c.bytesNew()).put("bytesTotal", c.bytesTotal()).put("volumes", c.volumes());
            ArrayNode errors = n.putArray("errors");
            for (JobError e : j.errors()) {
                errors.addObject().put("code", e.code()).put("message", e.message()).put("recommendedAction", e.recommendedAction())
                        .put("item", e.item());
            }
            ArrayNode warnings = n.putArray("warnings");
            j.warnings().forEach(warnings::add);
        }
        return doc;
    }

    private static void printSummary(ObjectNode doc, PrintWriter out) {
        out.println("Vault " + doc.get("vault").asText());
        Text.Table t = new Text.Table("INSTANCE", "CLUSTER", "POLICY", "PROTECTION", "RECOVERY POINTS", "LAST BACKUP", "STATUS");
        doc.get("instances").forEach(i -> {
            var last = i.get("lastBackup");
            t.row(i.get("name").asText(), i.get("cluster").asText(), i.get("policy").asText(), i.get("protectionState").asText(),
                    i.get("recoveryPoints").asLong(), last.isNull() ? "-" : Text.time(Instant.parse(last.get("time").asText())),
                    last.isNull() ? "-" : last.get("status").asText());
        });
        if (t.size() == 0) {
            out.println("no instances");
        } else {
            t.print(out, "");
        }
        var s = doc.get("summary");
        long written = s.get("backupBytesNew").asLong();
        long covered = s.get("backupBytesTotal").asLong();
        out.printf(Locale.ROOT, "%d recovery points (%d copies), %d jobs (%d failed); %d backups covered %s and wrote %s (%s saved)%n",
                s.get("recoveryPoints").asLong(), s.get("storeCopies").asLong(), s.get("jobs").asLong(), s.get("failedJobs").asLong(),
                s.get("backups").asLong(), Text.bytes(covered), Text.bytes(written),
                covered == 0 ? "-" : Text.percent(Math.max(0, covered - written), covered));
    }
}

package io.github.aksbackup.cli;

import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.json.JsonValues;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aks-backup jobs}: the backup-center view of a vault's jobs. */
@Command(name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Jobs recorded in a vault: backups, restores, vault copies, expiries, collections.",
        subcommands = {JobsCommand.ListCommand.class, JobsCommand.Show.class})
final class JobsCommand {

    /** {@code aks-backup jobs list --vault DIR [--json]}. */
    @Command(name = "list",
            mixinStandardHelpOptions = true,
            description = {"List every job of every instance, newest first: status, duration, counts and errors.",
                "A job shown InProgress that is not running any more was interrupted (its process ended)."})
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Mixin
        Output output;


        @Override
        public Integer call() {
            PrintWriter out = output.out();
            List<Job> jobs;
            try (AksBackupClient client = vault.client()) {
                jobs = client.listJobs();
            }
            if (output.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("jobs", JsonValues.toTree(jobs));
                output.printJson(doc);
            } else {
                print(jobs, out, "");
            }
            out.flush();
            return AksBackupCli.OK;
        }
    }

    /** {@code aks-backup jobs show --vault DIR JOB [--json]}. */
    @Command(name = "show",
            mixinStandardHelpOptions = true,
            description = "Show one job with its errors, warnings, hook steps and per-item results.")
    static final class Show implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Parameters(paramLabel = "JOB", description = "The job id (from jobs list).")
        String id;

        @Mixin
        Output output;


        @Override
        public Integer call() {
            PrintWriter out = output.out();
            Job job;
            try (AksBackupClient client = vault.client()) {
                job = client.getJob(id);
            }
            if (output.json) {
                output.printJson(job);
            } else {
                print(List.of(job), out, "");
                job.errors().forEach(e -> out.println("error " + e.code() + (e.item() == null ? "" : " (" + e.item() + ")") + ": "
                        + e.message()));
                job.warnings().forEach(w -> out.println("warning: " + w));
                job.hookSteps().forEach(h -> out.println("hook " + h.hook() + " " + h.phase() + " in " + h.pod() + ": " + h.outcome()
                        + (h.exitCode() == null ? "" : " (exit " + h.exitCode() + ")")));
                printItems(job.items(), out, "");
            }
            out.flush();
            return AksBackupCli.OK;
        }
    }

    /** Prints jobs as a table (also used by the demo). */
    static void print(List<Job> jobs, PrintWriter out, String indent) {
        if (jobs.isEmpty()) {
            out.println(indent + "no jobs");
            return;
        }
        Text.Table t = new Text.Table("JOB", "OPERATION", "INSTANCE", "STATUS", "START", "DURATION", "SEEN", "DONE", "SKIPPED", "FAILED",
                "VOLUMES", "BYTES NEW", "BYTES TOTAL", "ERRORS");
        for (Job j : jobs) {
            JobCounts c = j.counts();
            String errors = j.errors().isEmpty() ? (j.warnings().isEmpty() ? "-" : j.warnings().size() + " warnings")
                    : j.errors().size() + ": " + Text.truncate(j.errors().get(0).message(), 70);
            t.row(j.id(), j.operation(), j.instanceName() == null ? "-" : j.instanceName(), j.status(), Text.time(j.start()),
                    Text.duration(j.duration().orElse(null)), c.seen(), c.succeeded(), c.skipped(), c.failed(), c.volumes(),
                    Text.bytes(c.bytesNew()), Text.bytes(c.bytesTotal()), errors);
        }
        t.print(out, indent);
    }

    /** Prints item results as a table. */
    static void printItems(List<ItemResult> items, PrintWriter out, String indent) {
        Text.Table t = new Text.Table("ACTION", "RESOURCE", "NAMESPACE", "NAME", "DETAIL");
        for (ItemResult i : items) {
            t.row(i.action(), i.resource(), i.namespace() == null ? "-" : i.namespace(), i.name(), i.message() == null ? "" : i.message());
        }
        if (t.size() > 0) {
            t.print(out, indent);
        }
    }
}

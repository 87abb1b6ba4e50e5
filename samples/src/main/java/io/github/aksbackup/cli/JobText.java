package io.github.aksbackup.cli;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.internal.Json;
import java.io.PrintWriter;
import java.util.Locale;

/** How the backup and restore commands print a job: a summary for people, or the job record as JSON. */
final class JobText {
    /** Items of one kind printed before the rest is only counted. */
    private static final int MAX_LISTED = 50;

    private JobText() {
    }

    /** The exit code a finished job stands for. */
    static int exitCode(Job job) {
        return job.status() == JobStatus.Completed || job.status() == JobStatus.CompletedWithWarnings
                ? AksBackupCli.OK : AksBackupCli.FAILED;
    }

    /** The job record as indented JSON, the form the vault stores it in. */
    static void printJson(PrintWriter out, Object value) {
        out.println(Json.pretty(value));
        out.flush();
    }

    static void printSummary(PrintWriter out, String headline, Job job) {
        JobCounts c = job.counts();
        out.println(headline);
        out.printf(Locale.ROOT, "  job %s, %s to %s%n", job.id(), job.start(), job.end());
        out.printf(Locale.ROOT, "  objects: %,d seen, %,d done, %,d skipped, %,d failed; volumes: %,d; data: %s new of %s%n",
                c.seen(), c.succeeded(), c.skipped(), c.failed(), c.volumes(), bytes(c.bytesNew()), bytes(c.bytesTotal()));
        for (String w : job.warnings()) {
            out.println("  warning: " + w);
        }
        for (JobError e : job.errors()) {
            out.println("  error: " + e.message() + (e.recommendedAction() == null ? "" : " (" + e.recommendedAction() + ")"));
        }
        printItems(out, job, ItemAction.Failed, "failed");
        out.flush();
    }

    /** Prints the items with the given action, at most {@value #MAX_LISTED}. */
    static void printItems(PrintWriter out, Job job, ItemAction action, String label) {
        int n = 0;
        for (ItemResult i : job.items()) {
            if (i.action() != action) {
                continue;
            }
            if (n++ < MAX_LISTED) {
                out.println("  " + label + ": " + i.displayName() + (i.message() == null ? "" : " - " + i.message()));
            }
        }
        if (n > MAX_LISTED) {
            out.printf(Locale.ROOT, "  ... and %,d more %s%n", n - MAX_LISTED, label);
        }
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

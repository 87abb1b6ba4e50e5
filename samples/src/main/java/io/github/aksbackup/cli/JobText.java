package io.github.aksbackup.cli;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Predicate;

/** How the backup and restore commands print a finished job for people, and the exit code it stands for. */
final class JobText {
    /** Items of one kind printed before the rest is only counted. */
    private static final int MAX_LISTED = 50;

    private JobText() {
    }

    /**
     * The exit code a finished job stands for: a job with failed items (a partial recovery point, a
     * restore that left objects out) is a failure to a script even though its status, as Azure's,
     * is only {@code CompletedWithWarnings}.
     */
    static int exitCode(Job job) {
        boolean completed = job.status() == JobStatus.Completed || job.status() == JobStatus.CompletedWithWarnings;
        return completed && job.counts().failed() == 0 ? AksBackupCli.OK : AksBackupCli.FAILED;
    }

    static void printSummary(PrintWriter out, String headline, Job job) {
        JobCounts c = job.counts();
        out.println(headline);
        out.printf(Locale.ROOT, "  job %s, started %s, took %s%n", job.id(), Text.time(job.start()),
                Text.duration(job.duration().orElse(null)));
        out.printf(Locale.ROOT, "  objects: %,d seen, %,d done, %,d skipped, %,d failed; volumes: %,d; data: %s new of %s%n",
                c.seen(), c.succeeded(), c.skipped(), c.failed(), c.volumes(), Text.bytes(c.bytesNew()), Text.bytes(c.bytesTotal()));
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
        printItems(out, job, i -> i.action() == action, label);
    }

    /** Prints the items {@code which} selects, at most {@value #MAX_LISTED}. */
    static void printItems(PrintWriter out, Job job, Predicate<ItemResult> which, String label) {
        int n = 0;
        for (ItemResult i : job.items()) {
            if (!which.test(i)) {
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
}

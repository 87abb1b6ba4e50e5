package io.github.aksbackup.restore;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.job.JobRecorder;

/**
 * Counts what a restore did to an object in its job and makes the item that says so; the caller
 * decides when the item is recorded (in restore order). A failure also records its error.
 */
final class ItemReport {
    private final JobRecorder job;

    ItemReport(JobRecorder job) {
        this.job = job;
    }

    ItemResult succeeded(String resource, String ns, String name, ItemAction action, String message) {
        job.succeeded(1);
        return new ItemResult(resource, ns, name, action, message);
    }

    ItemResult skipped(String resource, String ns, String name, String message) {
        job.skipped(1);
        return new ItemResult(resource, ns, name, ItemAction.Skipped, message);
    }

    /** A failed item; its error takes the code and advice of {@code cause} when it has them. */
    ItemResult failed(String resource, String ns, String name, RuntimeException cause, String message) {
        job.failed(1);
        String item = item(resource, ns, name);
        if (cause instanceof AksBackupException a) {
            job.error(new JobError(a.code(), message, a.recommendedAction(), item));
        } else {
            job.error(new JobError("RestoreFailed", message, null, item));
        }
        return new ItemResult(resource, ns, name, ItemAction.Failed, message);
    }

    /** How errors and warnings name an object: {@code apiVersion/Kind [namespace/]name}. */
    static String item(String resource, String ns, String name) {
        return resource + " " + (ns == null ? name : ns + "/" + name);
    }
}

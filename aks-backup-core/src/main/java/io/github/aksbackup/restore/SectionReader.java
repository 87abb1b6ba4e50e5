package io.github.aksbackup.restore;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.BlobId;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import java.util.List;

/**
 * Reads the entries of a section chunk by chunk (one chunk in memory at a time); a damaged chunk
 * loses the entries it lists, which is reported once (as a failed item of the type, when asked) and
 * the other chunks go on.
 */
final class SectionReader {
    private final RecoveryPointReader reader;
    private final JobRecorder job;
    private final ItemReport report;

    SectionReader(RecoveryPointReader reader, JobRecorder job, ItemReport report) {
        this.reader = reader;
        this.job = job;
        this.report = report;
    }

    /** The entries of {@code s}; with {@code reportDamage}, each damaged chunk is a failed item. */
    Iterable<ManifestEntry> entries(Section s, boolean reportDamage) {
        return () -> s.section().chunks().stream().flatMap(chunk -> chunk(s, chunk, reportDamage).stream()).iterator();
    }

    private List<ManifestEntry> chunk(Section s, BlobId chunk, boolean reportDamage) {
        try {
            return reader.chunk(chunk);
        } catch (DataCorruptionException damaged) {
            if (reportDamage) {
                job.seen(1);
                job.item(report.failed(s.type().displayName(), null, "*", damaged, "some " + s.type().displayName()
                        + " objects are lost: the list of them is damaged in the vault: " + damaged.getMessage()));
            }
            return List.of();
        }
    }
}

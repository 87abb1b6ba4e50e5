package io.github.aksbackup.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.restore.RestoreResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
    @Test
    void theReadmeSampleRestoresTheLostNamespace(@TempDir Path dir) {
        RestoreResult r = QuickStart.run(dir.resolve("vault"), Path.of("policies/aks-default.json"));
        assertEquals(JobStatus.Completed, r.job().status(), r.job().errors().toString());
        assertTrue(r.items().stream().anyMatch(i -> i.action() == ItemAction.Created && i.displayName().equals("apps/v1/StatefulSet payments-restored/postgres")));
        assertEquals(0, r.job().counts().failed());
    }
}

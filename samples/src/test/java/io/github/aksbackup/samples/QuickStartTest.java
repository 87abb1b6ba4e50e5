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
    void theReadmeShowsTheSampleAsItIsInTheSources() throws java.io.IOException {
        java.util.Set<String> source = java.nio.file.Files.readString(Path.of("src/main/java/io/github/aksbackup/samples/QuickStart.java"))
                .lines().map(String::strip).collect(java.util.stream.Collectors.toSet());
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Back up and restore from Java");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String sample = readme.substring(start, readme.indexOf("```", start));
        for (String line : sample.lines().map(String::strip).toList()) {
            assertTrue(source.contains(line), "README line not in QuickStart.java: " + line);
        }
        assertTrue(sample.lines().count() <= 15, "the README sample is at most 15 lines");
    }

    @Test
    void theReadmeSampleRestoresTheLostNamespace(@TempDir Path dir) {
        RestoreResult r = QuickStart.run(dir.resolve("vault"), Path.of("policies/aks-default.json"));
        assertEquals(JobStatus.Completed, r.job().status(), r.job().errors().toString());
        assertTrue(r.items().stream().anyMatch(i -> i.action() == ItemAction.Created && i.displayName().equals("apps/v1/StatefulSet payments-restored/postgres")));
        assertEquals(0, r.job().counts().failed());
    }
}

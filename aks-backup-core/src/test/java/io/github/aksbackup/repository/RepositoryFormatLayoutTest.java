package io.github.aksbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RepositoryFormatLayoutTest {
    @Test
    void jobRecordsLiveUnderTheCatalogsJobPrefix() {
        assertEquals("catalog/jobs/job-1/started.json", RepositoryFormat.jobKey("job-1", RepositoryFormat.JOB_STARTED));
        assertEquals("catalog/jobs/job-1/ended.json", RepositoryFormat.jobKey("job-1", RepositoryFormat.JOB_ENDED));
    }

    @Test
    void manifestsAndMarkersAreKeyedByInstanceAndRecoveryPoint() {
        assertEquals("manifests/shop/rp-1.json", RepositoryFormat.manifestKey("shop", "rp-1"));
        assertEquals("markers/shop/rp-1/copied", RepositoryFormat.markerKey("shop", "rp-1", "copied"));
    }

    @Test
    void theVaultTierInsideAVaultIsTheSameLayoutUnderItsPrefix() {
        ObjectStore vault = new InMemoryObjectStore();
        RepositoryFormat.vaultTierIn(vault).putIfAbsent(RepositoryFormat.CONFIG_KEY, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(vault.exists("vault-tier/config.json"));
    }
}

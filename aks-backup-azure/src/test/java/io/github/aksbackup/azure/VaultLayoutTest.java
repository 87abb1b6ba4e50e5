package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.aksbackup.repository.RepositoryFormat;
import org.junit.jupiter.api.Test;

/** The Azure adapter writes into the vault layout the engine defines, without depending on the engine. */
class VaultLayoutTest {
    @Test
    void blobLeasesLiveUnderTheLayoutsLeasePrefix() {
        assertEquals(RepositoryFormat.LEASES, BlobLeaseManager.PREFIX);
    }
}

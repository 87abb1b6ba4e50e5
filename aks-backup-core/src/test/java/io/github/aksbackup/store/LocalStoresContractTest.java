package io.github.aksbackup.store;

import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ObjectStoreContract;

import io.github.aksbackup.spi.ObjectStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The local stores held to the {@link ObjectStoreContract} every store passes (the Azure blob store too). */
class LocalStoresContractTest {
    @Nested
    class Directory extends ObjectStoreContract {
        @TempDir
        Path dir;
        private int n;

        @Override
        protected ObjectStore newStore() {
            return new DirectoryObjectStore(dir.resolve("vault-" + n++));
        }
    }

    @Nested
    class InMemory extends ObjectStoreContract {
        @Override
        protected ObjectStore newStore() {
            return new InMemoryObjectStore();
        }
    }
}

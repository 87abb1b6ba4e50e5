package io.github.aksbackup.azure;

import io.github.aksbackup.testkit.ObjectStoreContract;
import io.github.aksbackup.spi.ObjectStore;

/** Holds the test double {@link MapObjectStore} to the same contract as the real stores. */
class MapObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore newStore() {
        return new MapObjectStore();
    }
}

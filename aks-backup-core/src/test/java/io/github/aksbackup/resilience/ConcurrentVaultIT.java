package io.github.aksbackup.resilience;

import java.util.stream.LongStream;

/** {@link ConcurrentVaultTest} over sixty interleavings each; run by the integration profile. */
class ConcurrentVaultIT extends ConcurrentVaultTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 60);
    }
}

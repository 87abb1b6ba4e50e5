package io.github.aksbackup.resilience;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** {@link CrashSafetyTest} with a crash at every write and every third call; run by the integration profile. */
class CrashSafetyIT extends CrashSafetyTest {
    static Stream<Arguments> crashPoints() {
        return crashPoints(1, 3);
    }
}

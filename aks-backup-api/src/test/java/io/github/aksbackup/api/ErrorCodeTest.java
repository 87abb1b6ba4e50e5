package io.github.aksbackup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void idsAreUniqueAndReadBack() {
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(Optional.of(c), ErrorCode.fromId(c.id()));
            assertFalse(c.advice().isBlank(), c.id());
        }
        assertEquals(ErrorCode.values().length, Arrays.stream(ErrorCode.values()).map(ErrorCode::id).distinct().count());
        assertEquals(Optional.empty(), ErrorCode.fromId("NoSuchCode"));
        assertEquals(Optional.empty(), ErrorCode.fromId(null));
    }

    /** The ids job records of existing vaults hold, and scripts read, stay as they were. */
    @Test
    void todaysStringsAreTheIds() {
        assertEquals("TooManyRequests", ErrorCode.THROTTLED.id());
        assertEquals("ClusterUnavailable", ErrorCode.CLUSTER_UNAVAILABLE.id());
        assertEquals("StoreUnavailable", ErrorCode.STORE_UNAVAILABLE.id());
        assertEquals("DataCorrupted", ErrorCode.DATA_CORRUPTED.id());
        assertEquals("InvalidInput", ErrorCode.INVALID_INPUT.id());
        assertEquals("ObjectLocked", ErrorCode.OBJECT_LOCKED.id());
    }

    /** Only what another try may fix is transient; a webhook, quota, invalid object or permission is not. */
    @Test
    void onlyFailuresWaitingCanFixAreTransient() {
        Set<String> transientIds = Arrays.stream(ErrorCode.values()).filter(ErrorCode::isTransient).map(ErrorCode::id)
                .collect(Collectors.toSet());
        assertEquals(Set.of("TooManyRequests", "ClusterUnavailable", "TypeNotServed", "NetworkFailure", "StoreUnavailable",
                "AzureUnavailable"), transientIds);
    }

    @Test
    void theExceptionCarriesTheCodeAdviceAndRetryAfter() {
        AksBackupException plain = new AksBackupException(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE, "failed calling webhook");
        assertEquals("AdmissionWebhookUnavailable", plain.code());
        assertEquals(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE.advice(), plain.recommendedAction());
        assertFalse(plain.isTransient());
        AksBackupException throttled = new AksBackupException(ErrorCode.THROTTLED, "slow down", "Wait.", null,
                Duration.ofSeconds(3));
        assertEquals("Wait.", throttled.recommendedAction());
        assertEquals(Optional.of(Duration.ofSeconds(3)), throttled.retryAfter());
        assertTrue(throttled.isTransient());
    }

    @Test
    void ofThrowsCodesThatHaveASubclassAsThatSubclass() {
        assertInstanceOf(NotFoundException.class, AksBackupException.of(ErrorCode.NOT_FOUND, "gone", null, null, null));
        assertInstanceOf(ConflictException.class, AksBackupException.of(ErrorCode.CONFLICT, "taken", null, null, null));
        assertInstanceOf(DataCorruptionException.class, AksBackupException.of(ErrorCode.DATA_CORRUPTED, "bad", null, null, null));
        assertInstanceOf(InvalidInputException.class, AksBackupException.of(ErrorCode.INVALID_INPUT, "bad", null, null, null));
        assertEquals(AksBackupException.class, AksBackupException.of(ErrorCode.FORBIDDEN, "no", null, null, null).getClass());
    }
}

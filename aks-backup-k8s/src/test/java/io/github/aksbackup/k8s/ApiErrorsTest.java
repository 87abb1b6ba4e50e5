package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.NotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    @Test
    void mapsStatusesToTheCodesTheSpiPromises() {
        assertInstanceOf(ConflictException.class, ApiErrors.of(409, "create x", "already exists", null));
        assertInstanceOf(NotFoundException.class, ApiErrors.of(404, "patch x", "not found", null));
        assertEquals("Forbidden", ((AksBackupException) ApiErrors.of(403, "list x", "denied", null)).code());
        assertEquals("Invalid", ((AksBackupException) ApiErrors.of(422, "create x", "bad", null)).code());
        assertEquals("Unauthorized", ((AksBackupException) ApiErrors.of(401, "list x", null, null)).code());
    }

    @Test
    void makesOverloadAndServerErrorsTransientWithTheirRetryAfter() {
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            TransientFailure f = assertInstanceOf(TransientFailure.class,
                    ApiErrors.of(status, "list x", "busy", Duration.ofSeconds(3)));
            assertEquals(status, f.status());
            assertEquals(Duration.ofSeconds(3), f.retryAfter());
        }
    }

    @Test
    void namesWhatWasAttemptedAndWhatTheServerSaid() {
        RuntimeException e = ApiErrors.of(422, "create v1/ConfigMap a/b", "metadata.name: Invalid value", null);
        assertTrue(e.getMessage().startsWith("create v1/ConfigMap a/b: metadata.name: Invalid value"), e.getMessage());
        assertTrue(ApiErrors.of(418, "get x", null, null).getMessage().contains("HTTP 418"));
    }

    @Test
    void readsRetryAfterInSecondsOnly() {
        assertEquals(Duration.ofSeconds(2), TransientFailure.parseRetryAfter(" 2 "));
        assertNull(TransientFailure.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertNull(TransientFailure.parseRetryAfter(null));
        assertNull(TransientFailure.parseRetryAfter("-1"));
    }

    @Test
    void takesTheMessageOutOfAStatusBody() {
        assertEquals("nope", RawApi.statusMessage("{\"kind\":\"Status\",\"message\":\"nope\"}"));
        assertEquals("plain text", RawApi.statusMessage("plain text"));
        assertNull(RawApi.statusMessage(""));
    }
}

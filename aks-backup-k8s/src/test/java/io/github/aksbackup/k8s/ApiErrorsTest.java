package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.kubernetes.client.openapi.ApiException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {
    private static AksBackupException of(int status, String message) {
        return ApiErrors.of(status, "create v1/ConfigMap shop/a", new ApiErrors.Status(null, message, List.of(), null), null);
    }

    @Test
    void mapsStatusesToTheCodesTheSpiPromises() {
        assertInstanceOf(ConflictException.class, of(409, "already exists"));
        assertInstanceOf(NotFoundException.class, of(404, "not found"));
        assertEquals(ErrorCode.FORBIDDEN, of(403, "configmaps is forbidden: User \"x\" cannot create resource").errorCode());
        assertEquals(ErrorCode.INVALID, of(422, "bad").errorCode());
        assertEquals(ErrorCode.UNAUTHORIZED, of(401, null).errorCode());
        assertEquals(ErrorCode.EXPIRED, of(410, "too old resource version").errorCode());
        assertEquals(ErrorCode.BAD_REQUEST, of(400, "bad request").errorCode());
        for (AksBackupException permanent : List.of(of(403, "x"), of(422, "x"), of(401, "x"), of(400, "x"), of(409, "x"))) {
            assertFalse(permanent.isTransient(), permanent.code());
        }
    }

    @Test
    void makesOverloadAndServerErrorsTransientWithTheirRetryAfter() {
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            AksBackupException e = ApiErrors.of(status, "list x", new ApiErrors.Status(null, "busy", List.of(), null),
                    Duration.ofSeconds(3));
            assertTrue(e.isTransient(), "HTTP " + status);
            assertEquals(status == 429 ? ErrorCode.THROTTLED : ErrorCode.CLUSTER_UNAVAILABLE, e.errorCode());
            assertEquals(Optional.of(Duration.ofSeconds(3)), e.retryAfter());
        }
        AksBackupException fromBody = ApiErrors.of(429, "list x",
                ApiErrors.Status.parse("{\"kind\":\"Status\",\"message\":\"slow down\",\"details\":{\"retryAfterSeconds\":2}}"),
                null);
        assertEquals(Optional.of(Duration.ofSeconds(2)), fromBody.retryAfter());
    }

    /** The API server's own words (k8s.io/apiserver admission webhook errors), as it sends them. */
    @Test
    void aWebhookThatCannotBeCalledIsNamedAndNotRetried() {
        AksBackupException e = of(500, "Internal error occurred: failed calling webhook \"guard.example.com\": Post"
                + " \"https://guard.default.svc:443/validate?timeout=10s\": service \"guard\" not found");
        assertEquals(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE, e.errorCode());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("admission webhook \"guard.example.com\" (failurePolicy Fail) could not be called: Post"), e.getMessage());
        assertTrue(e.getMessage().contains("service \"guard\" not found"), e.getMessage());
        assertTrue(e.recommendedAction().contains("\"guard.example.com\""), e.recommendedAction());
        assertFalse(e.recommendedAction().contains("overloaded"), e.recommendedAction());
    }

    @Test
    void aWebhookThatDeniesTheObjectIsNamedWithItsReason() {
        AksBackupException e = of(400, "admission webhook \"policy.example.com\" denied the request: label team is required");
        assertEquals(ErrorCode.ADMISSION_WEBHOOK_DENIED, e.errorCode());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("label team is required"), e.getMessage());
        assertTrue(e.recommendedAction().contains("\"policy.example.com\""), e.recommendedAction());
    }

    @Test
    void aFullResourceQuotaIsQuotaExceededNamingTheQuota() {
        AksBackupException e = of(403, "configmaps \"a\" is forbidden: exceeded quota: compute, requested: configmaps=1,"
                + " used: configmaps=2, limited: configmaps=2");
        assertEquals(ErrorCode.QUOTA_EXCEEDED, e.errorCode());
        assertTrue(e.recommendedAction().contains("\"compute\""), e.recommendedAction());
        assertEquals(ErrorCode.NAMESPACE_TERMINATING, of(403, "configmaps \"a\" is forbidden: unable to create new content"
                + " in namespace shop because it is being terminated").errorCode());
    }

    @Test
    void namesWhatWasAttemptedWhatTheServerSaidAndTheFieldsItRejected() {
        AksBackupException e = ApiErrors.of(422, "create v1/ConfigMap a/b", ApiErrors.Status.parse("{\"kind\":\"Status\","
                + "\"message\":\"ConfigMap \\\"b\\\" is invalid: data\",\"reason\":\"Invalid\",\"details\":{\"causes\":"
                + "[{\"reason\":\"FieldValueTooLong\",\"message\":\"must have at most 1048576 bytes\",\"field\":\"data\"}]}}"), null);
        assertTrue(e.getMessage().startsWith("create v1/ConfigMap a/b: ConfigMap \"b\" is invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("data: must have at most 1048576 bytes"), e.getMessage());
        assertTrue(of(418, null).getMessage().contains("HTTP 418"));
    }

    @Test
    void readsClientJavasApiExceptionAndBrokenConnections() {
        ApiException refused = new ApiException(403, Map.of("Retry-After", List.of("4")),
                "{\"kind\":\"Status\",\"message\":\"pods \\\"p\\\" is forbidden\"}");
        AksBackupException e = ApiErrors.of(refused, "read pod shop/p");
        assertEquals(ErrorCode.FORBIDDEN, e.errorCode());
        assertEquals("read pod shop/p: pods \"p\" is forbidden", e.getMessage());
        assertEquals(refused, e.getCause());
        AksBackupException broken = ApiErrors.of(new ApiException(new ConnectException("Connection refused")), "list x");
        assertEquals(ErrorCode.NETWORK_FAILURE, broken.errorCode());
        assertTrue(broken.isTransient());
    }

    @Test
    void readsRetryAfterInSecondsOnly() {
        assertEquals(Duration.ofSeconds(2), ApiErrors.parseRetryAfter(" 2 "));
        assertNull(ApiErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertNull(ApiErrors.parseRetryAfter(null));
        assertNull(ApiErrors.parseRetryAfter("-1"));
    }

    @Test
    void takesTheMessageOutOfAStatusBody() {
        assertEquals("nope", ApiErrors.Status.parse("{\"kind\":\"Status\",\"message\":\"nope\"}").message());
        assertEquals("plain text", ApiErrors.Status.parse("plain text").message());
        assertNull(ApiErrors.Status.parse("").message());
    }
}

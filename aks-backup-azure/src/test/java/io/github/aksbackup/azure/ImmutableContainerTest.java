package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.sun.net.httpserver.HttpServer;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.spi.ObjectStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A delete the container's time-based immutability policy refuses reaches the engine as code
 * {@value ObjectStore#OBJECT_LOCKED}, so garbage collection and expiry defer instead of failing.
 * Azurite has no immutability policies; a loopback stand-in answers as Blob Storage does (HTTP 409,
 * {@code x-ms-error-code: BlobImmutableDueToPolicy}) behind the real client.
 */
class ImmutableContainerTest {
    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();

    ImmutableContainerTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobImmutableDueToPolicy</Code>"
                    + "<Message>This operation is not permitted as the blob is immutable due to a policy.</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-ms-error-code", "BlobImmutableDueToPolicy");
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(409, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDeleteRefusedByTheImmutabilityPolicyIsObjectLocked() {
        int port = server.getAddress().getPort();
        AzureBlobObjectStore store = AzureBlobObjectStore.builder()
                .connectionString("DefaultEndpointsProtocol=http;AccountName=acct1;AccountKey=c2VjcmV0"
                        + ";BlobEndpoint=http://127.0.0.1:" + port + "/acct1;")
                .containerName("vault")
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(5), Duration.ofMillis(1),
                        Duration.ofMillis(1), null))
                .build();
        AksBackupException e = assertThrows(AksBackupException.class, () -> store.delete("packs/ab/abcd"));
        assertEquals(ObjectStore.OBJECT_LOCKED, e.code());
        assertTrue(e.getMessage().contains("packs/ab/abcd"), e.getMessage());
        assertEquals(List.of("DELETE /acct1/vault/packs/ab/abcd"), requests);
    }
}

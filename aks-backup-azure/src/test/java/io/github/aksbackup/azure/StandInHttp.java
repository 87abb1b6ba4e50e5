package io.github.aksbackup.azure;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.UUID;

/** Answers of the local stand-ins for Azure services (Resource Manager, Key Vault): JSON as Azure sends it. */
public final class StandInHttp {
    private StandInHttp() {
    }

    /** Sends {@code json} with {@code status}, a JSON content type and a request id, as Azure services do. */
    public static void sendJson(HttpExchange ex, int status, byte[] json) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, json.length);
        ex.getResponseBody().write(json);
    }
}

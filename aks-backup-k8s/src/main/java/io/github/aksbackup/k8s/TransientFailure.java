package io.github.aksbackup.k8s;

import java.time.Duration;

/**
 * A failure worth retrying: HTTP 429 or 5xx, or a broken connection. Carries the server's
 * Retry-After when it sent one, which the retry waits for instead of its own backoff.
 */
final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    TransientFailure(int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** HTTP status, or 0 when the connection failed. */
    int status() {
        return status;
    }

    /** How long the server asked us to wait, or {@code null}. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** True for the HTTP statuses that say "try again later" rather than "this request is wrong". */
    static boolean isTransient(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Parses a Retry-After header given in seconds (the only form the API server sends); {@code null} when absent or a date. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long s = Long.parseLong(header.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}

package io.github.aksbackup.azure.internal;

import com.azure.core.exception.HttpResponseException;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns Azure client failures into the SDK's exceptions with codes the engine understands
 * ({@code StoreUnavailable} is transient and may be retried). Messages name the operation and the
 * object, never a URL with a SAS, a key or a connection string.
 */
public final class AzureErrors {
    /** Error code of transient failures (throttling, server errors, network); the caller may retry. */
    public static final String STORE_UNAVAILABLE = "StoreUnavailable";
    /** Error code when the identity lacks a permission. */
    public static final String FORBIDDEN = "Forbidden";

    /** Azure's error code for a delete or overwrite refused by the container's immutability policy. */
    static final String IMMUTABLE = "BlobImmutableDueToPolicy";

    private AzureErrors() {
    }

    /** True for HTTP statuses worth retrying: timeouts, throttling and server errors. */
    public static boolean isTransientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Maps a failure of {@code operation} (for example "read blob 'packs/ab'") to an
     * {@link AksBackupException}.
     *
     * @param permissionHint the role to grant when the failure is an authorization error
     */
    public static AksBackupException map(RuntimeException e, String operation, String permissionHint) {
        if (e instanceof AksBackupException already) {
            return already;
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            String detail = firstLine(http.getMessage());
            if (status == 404) {
                return new NotFoundException(operation + ": not found (" + detail + ")");
            }
            if (status == 409 && IMMUTABLE.equals(http.getResponse().getHeaderValue("x-ms-error-code"))) {
                return new AksBackupException(ObjectStore.OBJECT_LOCKED, operation + ": the container's immutability policy"
                        + " protects it", "It can be deleted once the retention period has passed.", e);
            }
            if (status == 401 || status == 403) {
                return new AksBackupException(FORBIDDEN, operation + ": access denied (HTTP " + status + ")",
                        permissionHint, e);
            }
            if (isTransientStatus(status)) {
                return new AksBackupException(STORE_UNAVAILABLE, operation + ": service unavailable (HTTP "
                        + status + ")", "Retry later; the service is busy or unreachable.", e);
            }
            return new AksBackupException("AzureRequestFailed", operation + ": HTTP " + status + " (" + detail + ")",
                    null, e);
        }
        if (hasIoCause(e)) {
            return new AksBackupException(STORE_UNAVAILABLE, operation + ": " + rootMessage(e),
                    "Check the network path to Azure and retry.", e);
        }
        return new AksBackupException("AzureRequestFailed", operation + ": " + rootMessage(e), null, e);
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    /** The first line of an HTTP failure's message, at most 300 characters, for error messages. */
    public static String detail(HttpResponseException e) {
        String line = firstLine(e.getMessage());
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    /** The first line of {@code s}; empty for {@code null}. */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package io.github.aksbackup.azure.internal;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Turns Azure client failures into the SDK's exceptions, once, where the adapter meets the Azure SDK:
 * the HTTP status and Azure's error code ({@code x-ms-error-code}, or the ARM error body's code) say the
 * cause, a throttled or busy response's Retry-After travels with the exception, and broken connections
 * are network failures. Messages name the operation and the object, never a URL with a SAS, a key or a
 * connection string.
 */
public final class AzureErrors {
    /** Azure's error code for a delete or overwrite refused by the container's immutability policy. */
    static final String IMMUTABLE = "BlobImmutableDueToPolicy";

    /** Azure Storage's error codes for credentials it rejected (it answers 403 for a bad signature). */
    private static final Set<String> BAD_CREDENTIALS = Set.of("AuthenticationFailed", "InvalidAuthenticationInfo",
            "NoAuthenticationInformation", "ExpiredAuthenticationToken", "InvalidAuthenticationToken");

    private AzureErrors() {
    }

    /** Which Azure service answered: it decides what a server error is called. */
    public enum Service {
        /** Blob Storage or Key Vault: a server error is {@link ErrorCode#STORE_UNAVAILABLE}. */
        STORAGE(ErrorCode.STORE_UNAVAILABLE),
        /** Azure Resource Manager: a server error is {@link ErrorCode#AZURE_UNAVAILABLE}. */
        RESOURCE_MANAGER(ErrorCode.AZURE_UNAVAILABLE);

        private final ErrorCode serverError;

        Service(ErrorCode serverError) {
            this.serverError = serverError;
        }
    }

    /**
     * Maps a failure of a Blob Storage (or Key Vault) {@code operation} (for example "read blob
     * 'packs/ab'") to an {@link AksBackupException}.
     *
     * @param permissionHint the role to grant when the failure is an authorization error
     */
    public static AksBackupException map(RuntimeException e, String operation, String permissionHint) {
        return map(e, operation, permissionHint, Service.STORAGE);
    }

    /** Maps a failure of {@code operation} against {@code service}; see {@link #map(RuntimeException, String, String)}. */
    public static AksBackupException map(RuntimeException e, String operation, String permissionHint, Service service) {
        if (e instanceof AksBackupException already) {
            return already;
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            return mapResponse(http, operation, permissionHint, service);
        }
        if (e instanceof ClientAuthenticationException) {
            // No response: the credential itself could not get a token (no managed identity, no az login).
            return new AksBackupException(ErrorCode.UNAUTHORIZED, operation + ": no Entra ID token: " + rootMessage(e),
                    "Sign in (az login), or give the workload a managed or workload identity, or use a connection string.",
                    e);
        }
        if (isNetworkFailure(e)) {
            return new AksBackupException(ErrorCode.NETWORK_FAILURE, operation + ": " + rootMessage(e), null, e);
        }
        return new AksBackupException(ErrorCode.AZURE_REQUEST_FAILED, operation + ": " + rootMessage(e), null, e);
    }

    private static AksBackupException mapResponse(HttpResponseException http, String operation, String permissionHint,
            Service service) {
        HttpResponse response = http.getResponse();
        int status = response.getStatusCode();
        String azureCode = errorCode(http);
        String detail = detail(http);
        String said = " (HTTP " + status + (azureCode == null ? "" : " " + azureCode) + ")";
        Duration retryAfter = retryAfter(response);
        if (status == 404) {
            return AksBackupException.of(ErrorCode.NOT_FOUND, operation + ": not found (" + detail + ")", null, http, null);
        }
        if (status == 409 && IMMUTABLE.equals(azureCode)) {
            return new AksBackupException(ErrorCode.OBJECT_LOCKED, operation + ": the container's immutability policy"
                    + " protects it", null, http);
        }
        if (azureCode != null && azureCode.toLowerCase(Locale.ROOT).contains("quota")
                || detail.toLowerCase(Locale.ROOT).contains("exceeding approved") && status < 500) {
            return new AksBackupException(ErrorCode.QUOTA_EXCEEDED, operation + ": a quota has no room left" + said + ": "
                    + detail, "Raise the subscription's quota (Azure portal, Quotas) or delete what is no longer"
                    + " needed, then retry.", http);
        }
        if (status == 401 || azureCode != null && BAD_CREDENTIALS.contains(azureCode)) {
            return new AksBackupException(ErrorCode.UNAUTHORIZED, operation + ": Azure rejected the credentials" + said,
                    "Renew the credentials (an expired SAS or token, a rotated account key) and retry.", http);
        }
        if (status == 403) {
            return new AksBackupException(ErrorCode.FORBIDDEN, operation + ": access denied" + said, permissionHint, http);
        }
        if (status == 429 || status == 503 && "ServerBusy".equals(azureCode)) {
            return new AksBackupException(ErrorCode.THROTTLED, operation + ": Azure is throttling requests" + said, null,
                    http, retryAfter);
        }
        if (status == 408 || status >= 500) {
            return new AksBackupException(service.serverError, operation + ": the service failed" + said + ": " + detail,
                    null, http, retryAfter);
        }
        if (status == 409 || status == 412) {
            return AksBackupException.of(ErrorCode.CONFLICT, operation + ": " + detail + said, null, http, null);
        }
        return new AksBackupException(ErrorCode.AZURE_REQUEST_FAILED, operation + ": HTTP " + status + " (" + detail + ")",
                null, http);
    }

    /** Azure's error code of the response: the ARM error body's, Blob Storage's, or the {@code x-ms-error-code} header. */
    static String errorCode(HttpResponseException http) {
        if (http instanceof ManagementException m && m.getValue() != null && m.getValue().getCode() != null) {
            return m.getValue().getCode();
        }
        if (http instanceof BlobStorageException b && b.getErrorCode() != null) {
            return b.getErrorCode().toString();
        }
        return http.getResponse() == null ? null : http.getResponse().getHeaderValue("x-ms-error-code");
    }

    /** How long the response asks to wait: {@code x-ms-retry-after-ms}, {@code retry-after-ms} or Retry-After in seconds; else {@code null}. */
    static Duration retryAfter(HttpResponse response) {
        for (String header : new String[] {"x-ms-retry-after-ms", "retry-after-ms"}) {
            String ms = response.getHeaderValue(header);
            if (ms != null) {
                try {
                    long v = Long.parseLong(ms.trim());
                    return v < 0 ? null : Duration.ofMillis(v);
                } catch (NumberFormatException ignored) {
                    // try the next form
                }
            }
        }
        String value = response.getHeaderValue("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long s = Long.parseLong(value.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException notSeconds) {
            // An HTTP date: Azure sends seconds; the backoff applies instead.
            return null;
        }
    }

    /** True when the failure is a connection that could not be made, was cut, or timed out. */
    static boolean isNetworkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
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

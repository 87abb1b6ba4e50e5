package io.github.aksbackup.k8s;

import com.fasterxml.jackson.core.JsonParser;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1StatusCause;
import io.kubernetes.client.openapi.models.V1StatusDetails;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the API server (or the connection to it) said into the SDK's exceptions, once, for every
 * request of the adapter: the HTTP status, the Status body's reason, message and causes, and the
 * Retry-After. The API server reports admission webhooks and quotas only in its messages ({@code
 * failed calling webhook "NAME"}, {@code admission webhook "NAME" denied the request}, {@code
 * exceeded quota: NAME}), so those are read from the message; the advice names the webhook or quota.
 */
final class ApiErrors {
    private static final Pattern WEBHOOK_UNREACHABLE = Pattern.compile("failed calling webhook \"([^\"]+)\"");
    private static final Pattern WEBHOOK_DENIED = Pattern.compile("admission webhook \"([^\"]+)\" denied the request");
    private static final Pattern QUOTA = Pattern.compile("exceeded quota: ([^,\\s]+)");

    private ApiErrors() {
    }

    /**
     * What a failed request's Status body says; every field may be {@code null}. {@code name} is the
     * object the Status is about ({@code details.name}).
     */
    record Status(String reason, String message, List<String> causes, Duration retryAfter, String name) {
        static final Status NONE = new Status(null, null, List.of(), null, null);

        Status(String reason, String message, List<String> causes, Duration retryAfter) {
            this(reason, message, causes, retryAfter, null);
        }

        /** From client-java's typed Status. */
        static Status of(V1Status s) {
            if (s == null) {
                return NONE;
            }
            V1StatusDetails d = s.getDetails();
            List<String> causes = new ArrayList<>();
            if (d != null && d.getCauses() != null) {
                for (V1StatusCause c : d.getCauses()) {
                    causes.add((c.getField() == null ? "" : c.getField() + ": ") + c.getMessage());
                }
            }
            Duration retryAfter = d == null || d.getRetryAfterSeconds() == null ? null
                    : Duration.ofSeconds(Math.max(0, d.getRetryAfterSeconds()));
            return new Status(s.getReason(), s.getMessage(), causes, retryAfter, d == null ? null : d.getName());
        }

        /** From a response body: a Status in JSON, or anything else, which then is the message (shortened). */
        static Status parse(String body) {
            if (body == null || body.isBlank()) {
                return NONE;
            }
            try (JsonParser p = JsonTrees.FACTORY.createParser(body)) {
                p.nextToken();
                if (JsonTrees.readValue(p) instanceof Map<?, ?> m && m.get("message") instanceof String message) {
                    List<String> causes = new ArrayList<>();
                    Duration retryAfter = null;
                    String name = null;
                    if (m.get("details") instanceof Map<?, ?> d) {
                        name = d.get("name") instanceof String n ? n : null;
                        if (d.get("causes") instanceof List<?> list) {
                            for (Object c : list) {
                                if (c instanceof Map<?, ?> cause && cause.get("message") != null) {
                                    Object field = cause.get("field");
                                    causes.add((field == null ? "" : field + ": ") + cause.get("message"));
                                }
                            }
                        }
                        if (d.get("retryAfterSeconds") instanceof Number n) {
                            retryAfter = Duration.ofSeconds(Math.max(0, n.longValue()));
                        }
                    }
                    return new Status(m.get("reason") instanceof String r ? r : null, message, causes, retryAfter, name);
                }
            } catch (IOException | RuntimeException notJson) {
                // fall through: show what the server sent
            }
            return new Status(null, body.length() > 500 ? body.substring(0, 500) + "..." : body, List.of(), null);
        }
    }

    /**
     * The exception for a request the server answered with {@code status}.
     *
     * @param what what was attempted, such as {@code "create apps/v1/Deployment shop/web"}
     * @param retryAfter the Retry-After header, or {@code null}; the Status's retryAfterSeconds otherwise
     */
    static AksBackupException of(int status, String what, Status s, Duration retryAfter) {
        return of(status, what, s, retryAfter, null);
    }

    /**
     * The exception for a create the server answered with {@code status}: as {@link #of(int, String,
     * Status, Duration)}, except that a 404 naming no missing object means the type itself is not
     * served (yet): right after a restore creates a CustomResourceDefinition, the API server needs a
     * moment before it serves the new type ({@code TypeNotServed}, transient).
     */
    static AksBackupException ofCreate(int status, String what, Status s, Duration retryAfter) {
        if (status == 404 && s.name() == null) {
            return new AksBackupException(ErrorCode.TYPE_NOT_SERVED, what + ": the API server does not serve this type (yet)",
                    null, null);
        }
        return of(status, what, s, retryAfter);
    }

    /** {@link #of(int, String, Status, Duration)} with the client's exception as the cause. */
    static AksBackupException of(int status, String what, Status s, Duration retryAfter, Throwable cause) {
        String message = s.message() == null || s.message().isBlank() ? "HTTP " + status : s.message();
        String detail = what + ": " + message;
        Duration wait = retryAfter != null ? retryAfter : s.retryAfter();
        Matcher m;
        if ((m = WEBHOOK_UNREACHABLE.matcher(message)).find()) {
            String hook = m.group(1);
            // The server's words after its prefix say why: the service is missing, refused, timed out, ...
            String why = message.substring(m.end()).replaceFirst("^:\\s*", "");
            return new AksBackupException(ErrorCode.ADMISSION_WEBHOOK_UNAVAILABLE, what + ": admission webhook \"" + hook
                    + "\" (failurePolicy Fail) could not be called" + (why.isEmpty() ? "" : ": " + why) + " (HTTP " + status + ")",
                    "Repair or deploy the service of admission webhook \"" + hook + "\" (kubectl get"
                            + " validatingwebhookconfigurations,mutatingwebhookconfigurations shows where it points), or"
                            + " exclude this namespace or resource from it, then restore again; retrying while it is"
                            + " unreachable cannot succeed.", cause);
        }
        if ((m = WEBHOOK_DENIED.matcher(message)).find()) {
            String hook = m.group(1);
            return new AksBackupException(ErrorCode.ADMISSION_WEBHOOK_DENIED, detail + " (HTTP " + status + ")",
                    "Admission webhook \"" + hook + "\" refuses this object for the reason given: change the object (for"
                            + " example with a resource modifier) or the webhook's policy; as it is, it will be refused"
                            + " again.", cause);
        }
        if ((m = QUOTA.matcher(message)).find()) {
            return new AksBackupException(ErrorCode.QUOTA_EXCEEDED, detail + " (HTTP " + status + ")", "ResourceQuota \""
                    + m.group(1) + "\" of the namespace has no room for the object: raise the quota or free resources,"
                    + " then retry.", cause);
        }
        if (status == 403 && message.contains("because it is being terminated")) {
            return new AksBackupException(ErrorCode.NAMESPACE_TERMINATING, detail, null, cause);
        }
        switch (status) {
            case 429:
                return new AksBackupException(ErrorCode.THROTTLED, detail + " (HTTP 429)", null, cause, wait);
            case 500:
            case 502:
            case 503:
            case 504:
                return new AksBackupException(ErrorCode.CLUSTER_UNAVAILABLE, detail + " (HTTP " + status + ")", null, cause, wait);
            case 404:
                return AksBackupException.of(ErrorCode.NOT_FOUND, detail, null, cause, null);
            case 409:
                return AksBackupException.of(ErrorCode.CONFLICT, detail, null, cause, null);
            case 401:
                return new AksBackupException(ErrorCode.UNAUTHORIZED, detail,
                        "Check the credentials in the kubeconfig (token, certificate) and that they have not expired.", cause);
            case 403:
                return new AksBackupException(ErrorCode.FORBIDDEN, detail,
                        "Grant the identity the RBAC permission named above, or run 'aks-backup preflight' to list every"
                                + " missing one.", cause);
            case 422:
                return new AksBackupException(ErrorCode.INVALID, withCauses(detail, message, s.causes()), null, cause);
            case 400:
                return new AksBackupException(ErrorCode.BAD_REQUEST, detail, null, cause);
            case 410:
                return new AksBackupException(ErrorCode.EXPIRED, detail, "Start the listing again.", cause);
            default:
                return new AksBackupException(ErrorCode.CLUSTER_ERROR, detail + " (HTTP " + status + ")", null, cause);
        }
    }

    /** A failure of client-java's typed API: its status, Status body and Retry-After header. */
    static AksBackupException of(ApiException e, String what) {
        if (e.getCode() == 0) {
            return network(what, e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
        Map<String, List<String>> headers = e.getResponseHeaders();
        List<String> retryAfter = headers == null ? null : headers.entrySet().stream()
                .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        return of(e.getCode(), what, Status.parse(e.getResponseBody()),
                retryAfter == null || retryAfter.isEmpty() ? null : parseRetryAfter(retryAfter.get(0)), e);
    }

    /** A request that got no answer: the connection failed, broke off or timed out. */
    static AksBackupException network(String what, IOException e) {
        return new AksBackupException(ErrorCode.NETWORK_FAILURE, what + ": " + e, null, e);
    }

    private static String withCauses(String detail, String message, List<String> causes) {
        StringBuilder sb = new StringBuilder(detail);
        for (String cause : causes) {
            String text = cause.contains(": ") ? cause.substring(cause.indexOf(": ") + 2) : cause;
            if (!message.contains(text)) {
                sb.append("; ").append(cause);
            }
        }
        return sb.toString();
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

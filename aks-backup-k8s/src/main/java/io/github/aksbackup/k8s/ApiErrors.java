package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import java.time.Duration;

/** Turns API server error responses into the SDK's exceptions, with codes the SPI documents. */
final class ApiErrors {
    private ApiErrors() {
    }

    /**
     * The exception for a failed request: a {@link TransientFailure} (retried by {@link CallPolicy})
     * for 429/5xx, otherwise the SDK exception for the status.
     *
     * @param what what was attempted, such as {@code "create apps/v1/Deployment shop/web"}
     * @param message the server's message (from its Status), or {@code null}
     */
    static RuntimeException of(int status, String what, String message, Duration retryAfter) {
        String detail = what + ": " + (message == null || message.isBlank() ? "HTTP " + status : message);
        if (TransientFailure.isTransient(status)) {
            return new TransientFailure(status, detail + " (HTTP " + status + ")", retryAfter, null);
        }
        switch (status) {
            case 404:
                return new NotFoundException(detail);
            case 409:
                return new ConflictException(detail);
            case 401:
                return new AksBackupException(ErrorCode.UNAUTHORIZED, detail,
                        "Check the credentials in the kubeconfig (token, certificate) and that they have not expired.", null);
            case 403:
                return new AksBackupException(ErrorCode.FORBIDDEN, detail,
                        "Grant the identity the RBAC permission named above, or run 'aks-backup preflight' to list every missing one.",
                        null);
            case 422:
                return new AksBackupException(ErrorCode.INVALID, detail,
                        "The API server rejected the object; correct it (or its source in the backup) and retry.", null);
            case 400:
                return new AksBackupException(ErrorCode.BAD_REQUEST, detail, null, null);
            case 410:
                return new AksBackupException(ErrorCode.EXPIRED, detail, "Start the listing again.", null);
            default:
                return new AksBackupException(ErrorCode.CLUSTER_ERROR, detail + " (HTTP " + status + ")", null, null);
        }
    }
}

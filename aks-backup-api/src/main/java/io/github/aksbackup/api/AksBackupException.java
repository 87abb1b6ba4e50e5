package io.github.aksbackup.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Root of every unchecked exception the SDK throws; its message says what went wrong and what to do next.
 *
 * <p>Every exception carries an {@link ErrorCode}: {@link #errorCode()} is the typed code,
 * {@link #code()} its stable string id (for example {@code InvalidInput}, {@code NotFound},
 * {@code Conflict}, {@code DataCorrupted}) that scripts and job records use. {@link #isTransient()}
 * says whether another try may succeed; only such failures are retried. A server that asked the
 * client to wait (HTTP 429 or 503 with Retry-After) is heard through {@link #retryAfter()}.
 *
 * <p>Codes that have a subclass are thrown as that subclass: {@link NotFoundException},
 * {@link ConflictException}, {@link DataCorruptionException}, {@link InvalidInputException};
 * {@link #of} picks it.
 */
public class AksBackupException extends RuntimeException {
    private static final long serialVersionUID = 2L;

    private final ErrorCode code;
    private final String recommendedAction;
    private final Duration retryAfter;

    /** An exception with the code's own advice. */
    public AksBackupException(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    /**
     * @param recommendedAction what to do, more specific than the code's advice; {@code null} for the code's advice
     * @param cause the underlying failure, or {@code null}
     */
    public AksBackupException(ErrorCode code, String message, String recommendedAction, Throwable cause) {
        this(code, message, recommendedAction, cause, null);
    }

    /**
     * @param retryAfter how long the server asked the client to wait before trying again, or {@code null}
     */
    public AksBackupException(ErrorCode code, String message, String recommendedAction, Throwable cause,
            Duration retryAfter) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        // Callers catching NotFoundException & co. must see every such failure; of() picks the subclass.
        assert getClass() != AksBackupException.class || !hasSubclass(code)
                : "throw " + code + " as its subclass (AksBackupException.of picks it)";
        this.recommendedAction = recommendedAction;
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /**
     * The exception for {@code code}: the subclass the code has ({@link NotFoundException} for
     * {@link ErrorCode#NOT_FOUND}, {@link ConflictException} for {@link ErrorCode#CONFLICT},
     * {@link DataCorruptionException} for {@link ErrorCode#DATA_CORRUPTED}, {@link InvalidInputException}
     * for {@link ErrorCode#INVALID_INPUT}), else an
     * {@code AksBackupException}. Adapters translating their client's errors use it, so that callers
     * catching a subclass see every such failure.
     */
    public static AksBackupException of(ErrorCode code, String message, String recommendedAction, Throwable cause,
            Duration retryAfter) {
        return switch (code) {
            case NOT_FOUND -> new NotFoundException(message, recommendedAction, cause);
            case CONFLICT -> new ConflictException(message, recommendedAction, cause);
            case DATA_CORRUPTED -> new DataCorruptionException(message, recommendedAction, cause);
            case INVALID_INPUT -> new InvalidInputException("input", message);
            default -> new AksBackupException(code, message, recommendedAction, cause, retryAfter);
        };
    }

    private static boolean hasSubclass(ErrorCode code) {
        return code == ErrorCode.NOT_FOUND || code == ErrorCode.CONFLICT || code == ErrorCode.DATA_CORRUPTED
                || code == ErrorCode.INVALID_INPUT;
    }

    /** Stable machine-readable error code: the {@linkplain ErrorCode#id() id} of {@link #errorCode()}. */
    public String code() {
        return code.id();
    }

    /** The typed error code. */
    public ErrorCode errorCode() {
        return code;
    }

    /** True when another try of the same call may succeed; the retry layer repeats only these. */
    public boolean isTransient() {
        return code.isTransient();
    }

    /** What the user can do about it: the thrower's specific advice, else the code's, which names the cause. */
    public String recommendedAction() {
        return recommendedAction != null ? recommendedAction : code.advice();
    }

    /** How long the server asked the client to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

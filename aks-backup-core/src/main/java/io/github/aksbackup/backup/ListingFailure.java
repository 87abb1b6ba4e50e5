package io.github.aksbackup.backup;

/** A cluster call of a listing failed: that type is lost, the backup goes on. */
final class ListingFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RuntimeException cause;

    ListingFailure(RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
        this.cause = cause;
    }
}

package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;

/**
 * Thrown when a vault, pack, index or manifest has a format version this release does not know,
 * typically because a newer release wrote it.
 */
public class UnsupportedFormatException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatException(String what, long found) {
        super(ErrorCode.UNSUPPORTED_FORMAT, what + " has storage format version " + found + "; this release of aks-backup reads version "
                + RepositoryFormat.VERSION + " only",
                "Use an aks-backup release that supports format version " + found + ".", null);
    }
}

package io.github.aksbackup.azure.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Yields exactly {@code length} bytes of another stream and fails when that stream ends earlier, so
 * an upload never commits an object shorter than its caller declared.
 */
public final class ExactLengthInputStream extends FilterInputStream {
    private final long length;
    private long remaining;

    public ExactLengthInputStream(InputStream in, long length) {
        super(in);
        this.length = length;
        this.remaining = length;
    }

    /** Raised when the source ends before the declared length. */
    public static final class PrematureEndException extends EOFException {
        private static final long serialVersionUID = 1L;

        PrematureEndException(String message) {
            super(message);
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = super.read();
        if (b < 0) {
            throw premature();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw premature();
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private PrematureEndException premature() {
        return new PrematureEndException("data ended after " + (length - remaining) + " of the " + length
                + " bytes declared");
    }
}

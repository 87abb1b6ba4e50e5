package io.github.aksbackup.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the SDK's own pools: daemon threads (an application that forgets to close a
 * client can still exit) named {@code prefix} followed by a running number.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code prefix1}, {@code prefix2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.github.aksbackup.cli;

import java.time.Duration;
import reactor.netty.http.HttpResources;

/**
 * What the command line does just before its JVM exits: stops the HTTP event-loop threads the Azure
 * SDK started, when a command started them. Those threads wait in a native {@code epoll} call, and a
 * JVM's exit waits up to 300 ms for threads in native code, so every command on an Azure blob vault
 * paid that after its work was done. Disposed loops are made again should anything need them.
 */
final class ExitCleanup {
    /** The prefix of reactor-netty's event-loop thread names (epoll or NIO transport). */
    private static final String EVENT_LOOP_THREADS = "reactor-http-";

    private ExitCleanup() {
    }

    static void beforeExit() {
        if (!eventLoopsRunning()) {
            // a command that never used Azure does not load the HTTP stack now
            return;
        }
        try {
            HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ZERO).block(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // the process exits either way; this only makes it quicker
        }
    }

    private static boolean eventLoopsRunning() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().startsWith(EVENT_LOOP_THREADS)) {
                return true;
            }
        }
        return false;
    }
}

package io.github.aksbackup.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Watches the heap while a benchmark step runs: the highest heap use sampled every few milliseconds
 * (live objects plus garbage not yet collected, so bounded by -Xmx rather than by need), and, once,
 * the live heap after a forced full collection in the middle of the step.
 */
final class HeapMeter implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile long liveMidway = -1;

    HeapMeter() {
        peak = used();
        sampler = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, used());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Heap in use after a full collection: what is really live. */
    static long live() {
        System.gc();
        System.gc();
        return used();
    }

    /** The highest heap use sampled. */
    long peak() {
        return Math.max(peak, used());
    }

    /** Forces a full collection now and records the heap then in use: the step's live set at that point. */
    void measureLiveNow() {
        if (liveMidway < 0) {
            liveMidway = live();
        }
    }

    /** The live heap recorded by {@link #measureLiveNow()}, or -1. */
    long liveMidway() {
        return liveMidway;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

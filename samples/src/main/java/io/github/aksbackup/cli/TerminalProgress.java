package io.github.aksbackup.cli;

import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.job.Progress;
import io.github.aksbackup.job.ProgressListener;
import java.io.PrintWriter;

/**
 * A progress line redrawn in place on a terminal: a moving bar (a backup does not know its total
 * before it has listed everything), the job's phase and its counters. Only for terminals; when the
 * output is JSON or not a terminal, commands print nothing while they run.
 */
final class TerminalProgress implements ProgressListener {
    private static final int WIDTH = 20;
    private final PrintWriter out;
    private int tick;
    private int lastLength;

    private TerminalProgress(PrintWriter out) {
        this.out = out;
    }

    /** A progress line on {@code err} when this process has a terminal and the output is not JSON, else nothing. */
    static TerminalProgress forTerminal(PrintWriter err, boolean json) {
        return System.console() != null && !json ? new TerminalProgress(err) : null;
    }

    @Override
    public synchronized void onProgress(Progress p) {
        JobCounts c = p.counts();
        int pos = tick++ % (2 * WIDTH - 2);
        int at = pos < WIDTH ? pos : 2 * WIDTH - 2 - pos;
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i == at ? '=' : ' ');
        }
        bar.append("] ");
        String line = bar + String.format("%,d objects, %,d done, %,d skipped, %,d failed, %,d volumes, %s - %s",
                c.seen(), c.succeeded(), c.skipped(), c.failed(), c.volumes(), Text.bytes(c.bytesTotal()),
                p.phase() == null ? "" : p.phase());
        if (line.length() > 160) {
            line = line.substring(0, 157) + "...";
        }
        String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
        lastLength = line.length();
        out.print("\r" + line + pad);
        out.flush();
    }

    /** Ends the progress line so that what follows starts on a fresh line. */
    synchronized void finish() {
        if (lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
        }
    }
}

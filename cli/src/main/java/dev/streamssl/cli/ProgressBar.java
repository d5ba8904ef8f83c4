package dev.streamssl.cli;

import java.io.PrintStream;

/** A one-line progress bar on stderr: count, total, rate. Redrawn in place on a terminal. */
public final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private long lastPrinted = -1;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public void update(long done) {
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        String bar = "";
        if (total > 0 && total < Long.MAX_VALUE) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] ";
        }
        String totalText = total > 0 && total < Long.MAX_VALUE ? "/" + total : "";
        String line =
                String.format(
                        "%s %s%d%s images, %.0f images/s",
                        label, bar, done, totalText, done / seconds);
        if (terminal) {
            out.print("\r" + line);
        } else if (lastPrinted < 0
                || done - lastPrinted >= Math.max(1, total / 10)
                || done == total) {
            out.println(line);
            lastPrinted = done;
        }
    }

    public void done() {
        if (terminal) {
            out.println();
        }
    }
}

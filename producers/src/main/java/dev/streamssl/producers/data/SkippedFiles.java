package dev.streamssl.producers.data;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files a publishing run could not send, counted by reason ({@code empty}, {@code
 * not-an-image}, {@code unsupported-format}, {@code corrupt}, {@code unreadable}, {@code
 * too-large}), each named on stderr as it is skipped; a file met again (a looping run) is counted
 * once. Thread-safe: the Kafka producer reports the records a broker refuses from its own thread.
 */
public final class SkippedFiles {
    private final PrintStream err;
    private final Map<String, Long> counts = new TreeMap<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    public SkippedFiles(PrintStream err) {
        this.err = err;
    }

    public synchronized void skip(String reason, String what, String why) {
        if (!seen.add(what)) {
            return;
        }
        counts.merge(reason, 1L, Long::sum);
        if (err != null) {
            err.println("skipped " + what + " (" + reason + "): " + why);
        }
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Count per reason, sorted by reason. */
    public synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /** "3 (corrupt 1, empty 2)" or "0". */
    public synchronized String summary() {
        if (counts.isEmpty()) {
            return "0";
        }
        StringBuilder s = new StringBuilder().append(total()).append(" (");
        boolean first = true;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            s.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            first = false;
        }
        return s.append(')').toString();
    }
}

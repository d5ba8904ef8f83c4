package dev.streamssl.consumers.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What upserts into a {@link VectorIndex} did, per method: documents written, and records skipped
 * because their model version is older than the version the method keeps in the index. Model
 * versions are learner steps and a job restarted from scratch counts them from 0 again, so its
 * records land below an index built from the earlier run: {@link #requireEachMethodIndexed} refuses
 * a run in which every record of a method was skipped, rather than leaving the index stale without
 * a word.
 */
public record Upserted(Map<String, Integer> written, Map<String, Skipped> skipped) {

    /** Records of one method skipped: how many, their lowest and highest version, the kept one. */
    public record Skipped(long records, long lowest, long highest, long indexed) {
        static Skipped of(long version, long indexed) {
            return new Skipped(1, version, version, indexed);
        }

        Skipped plus(Skipped other) {
            return new Skipped(
                    records + other.records,
                    Math.min(lowest, other.lowest),
                    Math.max(highest, other.highest),
                    Math.max(indexed, other.indexed));
        }
    }

    public Upserted {
        written = Map.copyOf(written);
        skipped = Map.copyOf(skipped);
    }

    /** Nothing upserted yet. */
    public static Upserted none() {
        return new Upserted(Map.of(), Map.of());
    }

    /** This and {@code later} together. */
    public Upserted plus(Upserted later) {
        Map<String, Integer> w = new TreeMap<>(written);
        later.written.forEach((m, n) -> w.merge(m, n, Integer::sum));
        Map<String, Skipped> s = new TreeMap<>(skipped);
        later.skipped.forEach((m, k) -> s.merge(m, k, Skipped::plus));
        return new Upserted(w, s);
    }

    /** Documents written, all methods. */
    public long total() {
        return written.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** One line per method with skipped records: how many, of which versions, and why. */
    public List<String> skippedLines() {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(skipped)
                .forEach(
                        (method, s) ->
                                lines.add(
                                        String.format(
                                                "skipped %d %s embeddings of model versions"
                                                        + " %d..%d, older than its indexed version"
                                                        + " %d",
                                                s.records(),
                                                method,
                                                s.lowest(),
                                                s.highest(),
                                                s.indexed())));
        return lines;
    }

    /**
     * Refuses a method of which records were read but none written: the index holds a newer version
     * of it than any record, which is what a job restarted from scratch (versions from 0 again) or
     * an older model's topic looks like.
     */
    public void requireEachMethodIndexed(Path dir) {
        for (Map.Entry<String, Skipped> e : new TreeMap<>(skipped).entrySet()) {
            if (!written.containsKey(e.getKey())) {
                Skipped s = e.getValue();
                throw new IllegalArgumentException(
                        String.format(
                                "the index in %s holds %s at model version %d, newer than all"
                                        + " %d %s embeddings read (versions %d..%d): none was"
                                        + " indexed. A job restarted from scratch counts its"
                                        + " versions from 0 again; to index its embeddings,"
                                        + " rebuild the index with --rebuild (or delete %s)",
                                dir,
                                e.getKey(),
                                s.indexed(),
                                s.records(),
                                e.getKey(),
                                s.lowest(),
                                s.highest(),
                                dir));
            }
        }
    }
}

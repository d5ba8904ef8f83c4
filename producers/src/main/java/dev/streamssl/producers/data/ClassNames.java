package dev.streamssl.producers.data;

import dev.streamssl.schemas.EmbeddingRecord;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class names travel as a tag on each image, {@code class=<name>}, next to the integer label, and
 * the job passes tags through to every embedding: so whoever reads the embeddings can show names
 * without a separate label map to keep in step. {@code publish --labels-from-folders} and {@code
 * --manifest} with named labels set it; any producer may.
 */
public final class ClassNames {
    /** The tag that holds an image's class name. */
    public static final String TAG = "class";

    private ClassNames() {}

    /** Label → name, from the records that carry both (the first name seen for a label wins). */
    public static Map<Integer, String> of(Iterable<EmbeddingRecord> records) {
        Map<Integer, String> names = new TreeMap<>();
        for (EmbeddingRecord r : records) {
            String name = r.getTags() == null ? null : r.getTags().get(TAG);
            if (r.getLabel() != null && name != null) {
                names.putIfAbsent(r.getLabel(), name);
            }
        }
        return names;
    }
}

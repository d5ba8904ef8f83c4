package dev.streamssl.consumers.report;

import dev.streamssl.producers.data.ClassNames;
import dev.streamssl.schemas.EmbeddingRecord;
import java.util.List;

/**
 * The fields of an embedding record as the figures use them: the label as text, the vector as
 * floats.
 */
final class EmbeddingFields {
    private EmbeddingFields() {}

    /** The label as its class name (the {@code class} tag) when the image has one; "?" without. */
    static String label(EmbeddingRecord e) {
        String name = e.getTags() == null ? null : e.getTags().get(ClassNames.TAG);
        return e.getLabel() == null ? "?" : name != null ? name : String.valueOf(e.getLabel());
    }

    /** The records' vectors, one row each. */
    static float[][] vectors(List<EmbeddingRecord> records) {
        float[][] out = new float[records.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Float> v = records.get(i).getVector();
            out[i] = new float[v.size()];
            for (int d = 0; d < out[i].length; d++) {
                out[i][d] = v.get(d);
            }
        }
        return out;
    }
}

package dev.streamssl.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's summary as JSON fields, figures to four decimals: the run's counts, then the first
 * method's figures at the top level (the one-method summary), every method's under {@code methods}
 * when there are several, and the wall time.
 */
final class DemoSummary {
    private DemoSummary() {}

    static Map<String, Object> of(DemoResults r) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("images_published", r.published());
        summary.put("embeddings_received", r.embeddingsReceived());
        summary.put("dead_letters", r.deadLetters());
        summary.put("knn_top1_pixels", round(r.pixels()));
        summary.put("dataset", r.dataset());
        Map<String, Map<String, Object>> perMethod = new LinkedHashMap<>();
        for (MethodScores s : r.methods()) {
            perMethod.put(s.method(), method(s, r.trainSeconds()));
        }
        summary.putAll(perMethod.get(r.methods().get(0).method()));
        if (r.methods().size() > 1) {
            summary.put("methods", perMethod);
        }
        summary.put("wall_seconds", round(r.wallSeconds()));
        return summary;
    }

    /** One method's figures. */
    private static Map<String, Object> method(MethodScores s, double trainSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", s.last().getMethod());
        m.put("steps", s.last().getStep());
        m.put("images_per_second", round(s.last().getImagesTrained() / trainSeconds));
        m.put("knn_top1_trained", round(s.knn().top1()));
        m.put("knn_top1_untrained", round(s.untrained()));
        m.put("linear_top1", round(s.linear()));
        m.put("model_version", s.knn().modelVersion());
        m.put("bank_size", s.knn().bankSize());
        m.put("test_size", s.knn().testSize());
        m.put("eval_left_out_other_versions", s.knn().leftOut());
        m.put("final_loss", round(s.last().getLoss()));
        if (s.live() != null) {
            m.put("live_knn_top1", round(s.live().getTop1()));
            m.put("live_knn_model_version", s.live().getModelVersion());
        }
        if (s.clusters() != null) {
            m.put("nmi", round(s.clusters().nmi()));
            m.put("cluster_entropy_bits", round(s.clusters().entropyBits()));
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}

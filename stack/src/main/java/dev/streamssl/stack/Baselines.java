package dev.streamssl.stack;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.learner.method.LearnerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo's trained encoders are measured against: kNN top-1 on raw pixels and of each
 * method's encoder before training (its random initialisation), on the demo's bank and test set.
 */
record Baselines(double pixels, Map<String, Double> untrained) {
    static Baselines measure(DemoData data, JobSettings settings, int k, double temperature) {
        List<String> methods = settings.methods();
        LearnerSettings learner = settings.forMethod(methods.get(0)).learnerSettings();
        KnnProbe probe =
                new KnnProbe(
                        data.bank(),
                        data.test(),
                        learner.channels(),
                        learner.imageSize(),
                        k,
                        temperature);
        double pixels = probe.pixels();
        Map<String, Double> untrained = new LinkedHashMap<>();
        for (String method : methods) {
            untrained.put(method, probe.untrained(settings.forMethod(method)));
        }
        return new Baselines(pixels, untrained);
    }

    /** The untrained scores: "0.7480" for one method, "simclr 0.7480, moco 0.7480" for several. */
    String untrainedText() {
        if (untrained.size() == 1) {
            return String.format("%.4f", untrained.values().iterator().next());
        }
        StringBuilder s = new StringBuilder();
        untrained.forEach(
                (k, v) ->
                        s.append(s.length() == 0 ? "" : ", ")
                                .append(String.format("%s %.4f", k, v)));
        return s.toString();
    }
}

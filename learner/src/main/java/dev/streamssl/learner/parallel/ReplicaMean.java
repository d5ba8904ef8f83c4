package dev.streamssl.learner.parallel;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas' weighted mean θ̄ = Σᵢ nᵢ θᵢ / Σᵢ nᵢ, tensor by tensor, with nᵢ the images replica i
 * trained on since the previous round (equal weights when no replica trained on any).
 *
 * <p>The sum runs in replica order whatever order the contributions arrived in, and in double
 * precision, so a round replayed after a failure gives the same float bits, and a single replica's
 * mean is its own tensors exactly (nθ/n is exact in double for a float θ).
 */
public final class ReplicaMean {
    private ReplicaMean() {}

    public static NamedTensors of(List<Contribution> contributions) {
        if (contributions.isEmpty()) {
            throw new IllegalArgumentException("a mean needs at least one contribution");
        }
        List<Contribution> ordered = new ArrayList<>(contributions);
        ordered.sort(Comparator.comparingInt(Contribution::replica));
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).replica() == ordered.get(i - 1).replica()) {
                throw new IllegalArgumentException(
                        "replica " + ordered.get(i).replica() + " contributed twice");
            }
        }
        long total = 0;
        for (Contribution c : ordered) {
            total += c.images();
        }
        double[] weights = new double[ordered.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = total == 0 ? 1.0 : ordered.get(i).images();
        }
        double sum = total == 0 ? ordered.size() : total;
        Map<String, TensorData> mean = new LinkedHashMap<>();
        NamedTensors first = ordered.get(0).tensors();
        for (Map.Entry<String, TensorData> e : first.asMap().entrySet()) {
            String name = e.getKey();
            int n = e.getValue().values().length;
            double[] acc = new double[n];
            for (int r = 0; r < ordered.size(); r++) {
                TensorData t = ordered.get(r).tensors().get(name);
                if (t == null || t.values().length != n) {
                    throw new IllegalArgumentException(
                            "replica "
                                    + ordered.get(r).replica()
                                    + " has no tensor "
                                    + name
                                    + " of "
                                    + n
                                    + " values");
                }
                float[] v = t.values();
                double w = weights[r];
                for (int k = 0; k < n; k++) {
                    acc[k] += w * v[k];
                }
            }
            float[] out = new float[n];
            for (int k = 0; k < n; k++) {
                out[k] = (float) (acc[k] / sum);
            }
            mean.put(name, new TensorData(e.getValue().shape().clone(), out));
        }
        for (Contribution c : ordered) {
            if (c.tensors().size() != first.size()) {
                throw new IllegalArgumentException(
                        "replica "
                                + c.replica()
                                + " has "
                                + c.tensors().size()
                                + " tensors, replica "
                                + ordered.get(0).replica()
                                + " "
                                + first.size());
            }
        }
        return new NamedTensors(mean);
    }
}

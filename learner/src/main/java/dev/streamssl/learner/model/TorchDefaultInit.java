package dev.streamssl.learner.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.random.StreamRandom;
import java.util.Map;

/**
 * PyTorch's default initialisation of convolution and linear layers, drawn from the learner's own
 * seeded generator: weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), which is {@code
 * kaiming_uniform_(a=sqrt(5))} for weights. BatchNorm and LayerNorm keep gamma=1, beta=0 and
 * running statistics at 0/1 (DJL's defaults). Learnt embeddings (type OTHER: a ViT's [CLS] token
 * and position embeddings) are drawn from N(0, 0.02²), DINO's {@code trunc_normal_(std=.02)}
 * without the truncation at ±2, which at σ = 0.02 never matters. The reference implementations
 * (SimCLR, MoCo, BYOL, DINO in PyTorch) start from these defaults; drawing them here rather than
 * from PyTorch's global generator makes initialisation reproducible per seed in any thread.
 */
final class TorchDefaultInit {
    private TorchDefaultInit() {}

    static void apply(Map<String, Parameter> parameters, StreamRandom random) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (p.getType() == Parameter.Type.WEIGHT && p.getArray().getShape().dimension() >= 2) {
                fill(p, fanIn(p.getArray().getShape()), random);
            } else if (p.getType() == Parameter.Type.OTHER) {
                float[] values = new float[Math.toIntExact(p.getArray().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (0.02 * random.nextGaussian());
                }
                p.getArray().set(values);
            } else if (p.getType() == Parameter.Type.BIAS) {
                String weightName =
                        e.getKey().substring(0, e.getKey().length() - "bias".length()) + "weight";
                Parameter weight = parameters.get(weightName);
                if (weight != null) {
                    fill(p, fanIn(weight.getArray().getShape()), random);
                }
            }
        }
    }

    private static long fanIn(Shape shape) {
        long fanIn = shape.get(1);
        for (int d = 2; d < shape.dimension(); d++) {
            fanIn *= shape.get(d);
        }
        return fanIn;
    }

    private static void fill(Parameter p, long fanIn, StreamRandom random) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] values = new float[Math.toIntExact(p.getArray().size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.uniform(-bound, bound);
        }
        p.getArray().set(values);
    }
}

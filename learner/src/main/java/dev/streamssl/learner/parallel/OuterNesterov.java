package dev.streamssl.learner.parallel;

import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DiLoCo's outer step (Douillard et al. 2023, arXiv 2311.08105): the round's outer gradient is Δ =
 * θ̄ᵣ₋₁ − θ̂ᵣ, and Nesterov momentum SGD (PyTorch's form) applies it: v ← μv + Δ, θ̄ᵣ = θ̄ᵣ₋₁ − η(Δ
 * + μv). DiLoCo uses η = 0.7, μ = 0.9; η = 1, μ = 0 is plain averaging. Computed in double, kept in
 * float. It steps past the mean (θ̄ᵣ₋₁ = 1, θ̂ᵣ = 0.8 gives 0.734), which is why it only sees
 * trained parameters: a BatchNorm running variance treated so could go below zero.
 */
public final class OuterNesterov implements OuterOptimizer {
    private final double learningRate;
    private final double momentum;
    private Map<String, TensorData> velocity = new LinkedHashMap<>();

    public OuterNesterov(double learningRate, double momentum) {
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "the outer learning rate must be > 0 and its momentum in [0, 1); got "
                            + learningRate
                            + " and "
                            + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public NamedTensors step(NamedTensors anchor, NamedTensors mean) {
        Map<String, TensorData> next = new LinkedHashMap<>();
        Map<String, TensorData> nextVelocity = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : anchor.asMap().entrySet()) {
            float[] a = e.getValue().values();
            float[] m = mean.require(e.getKey()).values();
            TensorData old = velocity.get(e.getKey());
            float[] v = new float[a.length];
            float[] out = new float[a.length];
            for (int k = 0; k < a.length; k++) {
                double delta = (double) a[k] - m[k];
                double vk = momentum * (old == null ? 0.0 : old.values()[k]) + delta;
                v[k] = (float) vk;
                out[k] = (float) (a[k] - learningRate * (delta + momentum * vk));
            }
            long[] shape = e.getValue().shape().clone();
            next.put(e.getKey(), new TensorData(shape, out));
            nextVelocity.put(e.getKey(), new TensorData(shape.clone(), v));
        }
        velocity = nextVelocity;
        return new NamedTensors(next);
    }

    @Override
    public boolean needsAnchor() {
        return true;
    }

    @Override
    public NamedTensors state() {
        return new NamedTensors(velocity);
    }

    @Override
    public void restore(NamedTensors state) {
        velocity = new LinkedHashMap<>(state.asMap());
    }
}

package dev.streamssl.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import dev.streamssl.learner.torch.GradMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), as PyTorch
 * implements it: {@code w ← w·(1 − lr·λ)}, then {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v +
 * (1−β2) g²}, {@code w ← w − lr · m̂ / (√v̂ + ε)} with bias-corrected m̂, v̂. The optimizer of
 * DINO. Biases and normalisation parameters get no weight decay (DINO's {@code get_params_groups}).
 */
public final class AdamW implements Optimizer {
    private static final String STEP = "adamw/step";
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final MomentBuffers buffers;
    private long step;

    public AdamW(
            NDManager manager, double beta1, double beta2, double epsilon, double weightDecay) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException(
                    "AdamW betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.buffers = new MomentBuffers(manager);
    }

    @Override
    public void step(Map<String, Parameter> parameters, double learningRate) {
        GradMode.disable();
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!Gradients.has(p)) {
                continue;
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray w = p.getArray();
                NDArray g = Gradients.of(p);
                if (!Gradients.isBiasOrNorm(p) && weightDecay > 0) {
                    w.muli(1 - learningRate * weightDecay);
                }
                NDArray m = buffers.get("exp_avg", e.getKey(), w.getShape());
                NDArray v = buffers.get("exp_avg_sq", e.getKey(), w.getShape());
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().mul(1 - beta2));
                NDArray denominator = v.div(correction2).sqrt().add(epsilon);
                w.subi(m.div(correction1).div(denominator).mul(learningRate));
            }
            Gradients.zero(p);
        }
    }

    @Override
    public void forget(String prefix) {
        buffers.forget(prefix);
    }

    @Override
    public NamedTensors exportState() {
        Map<String, TensorData> out = new LinkedHashMap<>(buffers.export().asMap());
        out.put(STEP, new TensorData(new long[] {1}, new float[] {step}));
        return new NamedTensors(out);
    }

    @Override
    public void loadState(NamedTensors state) {
        buffers.load(state, "exp_avg");
        TensorData s = state.get(STEP);
        step = s == null ? 0 : (long) s.values()[0];
    }

    @Override
    public void close() {
        buffers.close();
    }
}

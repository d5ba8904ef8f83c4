package dev.streamssl.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.torch.GradMode;
import java.util.Map;

/**
 * SGD with momentum as PyTorch defines it ({@code buf = μ·buf + g; w -= lr·buf}, with {@code g = ∇
 * + λ·w}), optionally with LARS (You, Gitman and Ginsburg, "Large Batch Training of Convolutional
 * Networks", 2017), the optimizer of SimCLR and BYOL: each weight's gradient is rescaled by the
 * trust ratio {@code η·‖w‖ / ‖g‖} before the momentum step. As in those papers, biases and
 * BatchNorm parameters get neither weight decay nor LARS scaling.
 */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final boolean lars;
    private final double trustCoefficient;
    private final MomentBuffers buffers;

    public Sgd(
            NDManager manager,
            double momentum,
            double weightDecay,
            boolean lars,
            double trustCoefficient) {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.lars = lars;
        this.trustCoefficient = trustCoefficient;
        this.buffers = new MomentBuffers(manager);
    }

    @Override
    public void step(Map<String, Parameter> parameters, double learningRate) {
        GradMode.disable();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!Gradients.has(p)) {
                continue;
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray w = p.getArray();
                NDArray g = Gradients.of(p);
                boolean excluded = Gradients.isBiasOrNorm(p);
                if (!excluded && weightDecay > 0) {
                    g = g.add(w.mul(weightDecay));
                }
                if (lars && !excluded) {
                    float wNorm = w.norm().getFloat();
                    float gNorm = g.norm().getFloat();
                    if (wNorm > 0 && gNorm > 0) {
                        g = g.mul(trustCoefficient * wNorm / gNorm);
                    }
                }
                boolean first = !buffers.contains("momentum", e.getKey());
                NDArray buf = buffers.get("momentum", e.getKey(), w.getShape());
                if (first) {
                    buf.addi(g);
                } else {
                    buf.muli(momentum).addi(g);
                }
                w.subi(buf.mul(learningRate));
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
        return buffers.export();
    }

    @Override
    public void loadState(NamedTensors state) {
        buffers.load(state, "momentum/");
    }

    @Override
    public void close() {
        buffers.close();
    }
}

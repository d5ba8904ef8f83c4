package dev.streamssl.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Reading and zeroing a parameter's gradient. {@code getGradient()} returns a new handle on each
 * call (attached to the parameter's manager), so the caller must call it inside an {@code NDScope}
 * that closes it; zeroing goes straight to PyTorch's {@code grad.zero_()}, because a hand-written
 * optimizer, unlike DJL's fused update ops, does not zero it by itself.
 */
public final class Gradients {
    private Gradients() {}

    static boolean has(Parameter p) {
        return p.requiresGradient() && p.getArray().hasGradient();
    }

    static NDArray of(Parameter p) {
        return p.getArray().getGradient();
    }

    static void zero(Parameter p) {
        JniUtils.zeroGrad((PtNDArray) p.getArray());
    }

    /**
     * Zeroes the gradients of parameters left out of this step's update (DINO's frozen last layer),
     * so that nothing accumulates into the next step.
     */
    public static void discard(Iterable<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (has(p)) {
                zero(p);
            }
        }
    }

    /** Biases and normalisation parameters (rank 1) get no weight decay and no LARS scaling. */
    static boolean isBiasOrNorm(Parameter p) {
        return p.getArray().getShape().dimension() <= 1;
    }
}

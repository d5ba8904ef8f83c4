package dev.streamssl.learner.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.torch.GradMode;
import java.util.Map;

/**
 * Per-parameter gradient-norm clipping as DINO's {@code clip_gradients} does it: every parameter's
 * gradient g with ‖g‖ > c is scaled to norm c (by c / (‖g‖ + 10⁻⁶)), each parameter on its own, not
 * the global norm of all of them. DINO uses c = 3.0 to keep early training of ViTs stable.
 */
public final class GradientClipping {
    private GradientClipping() {}

    public static void clip(Map<String, Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clip norm must be > 0, got " + maxNorm);
        }
        GradMode.disable();
        for (Parameter p : parameters.values()) {
            if (!Gradients.has(p)) {
                continue;
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray g = Gradients.of(p);
                double norm = g.norm().getFloat();
                double coefficient = maxNorm / (norm + 1e-6);
                if (coefficient < 1) {
                    g.muli(coefficient);
                }
            }
        }
    }
}

package dev.streamssl.learner.torch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch, which is per thread. Flink runs operators on threads of its own (new
 * ones after every restart), where grad mode starts enabled: code that only infers or updates
 * weights in place turns it off here first.
 */
public final class GradMode {
    private GradMode() {}

    public static void disable() {
        // loads the native library on first use; JniUtils alone does not
        Engine.getEngine("PyTorch");
        if (JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }
}

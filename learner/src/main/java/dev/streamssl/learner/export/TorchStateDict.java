package dev.streamssl.learner.export;

import ai.djl.ndarray.NDArray;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An encoder's weights as a PyTorch state dict under {@link TorchNames}: what {@code
 * module.state_dict()} of the matching module in {@code examples/python/streamssl_model.py} holds,
 * BatchNorm running statistics and {@code num_batches_tracked} included, so that a strict {@code
 * load_state_dict} accepts it.
 */
public final class TorchStateDict {
    private TorchStateDict() {}

    /** The state dict of {@code encoder}, in PyTorch's key order. */
    public static Map<String, SafeTensors.Tensor> of(Network encoder, Architecture architecture) {
        Map<String, SafeTensors.Tensor> state = new LinkedHashMap<>();
        TorchNames.byParameter(encoder.parameters(), architecture)
                .forEach(
                        (parameter, key) -> {
                            NDArray a = encoder.parameters().get(parameter).getArray();
                            state.put(
                                    key,
                                    SafeTensors.Tensor.f32(
                                            a.getShape().getShape(), a.toFloatArray()));
                            if (key.endsWith(".running_var")) {
                                String module = key.substring(0, key.lastIndexOf('.'));
                                // DJL keeps no such counter; 0 is what a fresh PyTorch module holds
                                state.put(
                                        module + ".num_batches_tracked",
                                        SafeTensors.Tensor.i64Scalar(0));
                            }
                        });
        return state;
    }
}

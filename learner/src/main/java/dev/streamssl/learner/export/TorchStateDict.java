package dev.streamssl.learner.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        List<String> names = TorchNames.of(architecture);
        List<Parameter> parameters = new ArrayList<>(encoder.parameters().values());
        if (names.size() != parameters.size()) {
            throw new IllegalStateException(
                    "encoder has "
                            + parameters.size()
                            + " parameters, "
                            + architecture.configName()
                            + " has "
                            + names.size()
                            + " PyTorch names");
        }
        Map<String, SafeTensors.Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            NDArray a = parameters.get(i).getArray();
            state.put(
                    names.get(i),
                    SafeTensors.Tensor.f32(a.getShape().getShape(), a.toFloatArray()));
            if (names.get(i).endsWith(".running_var")) {
                String module = names.get(i).substring(0, names.get(i).lastIndexOf('.'));
                // DJL keeps no such counter; 0 is what a fresh PyTorch module holds
                state.put(module + ".num_batches_tracked", SafeTensors.Tensor.i64Scalar(0));
            }
        }
        return state;
    }
}

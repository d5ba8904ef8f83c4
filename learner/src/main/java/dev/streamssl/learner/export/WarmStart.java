package dev.streamssl.learner.export;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A warm start ({@code learner.init-from}): a PyTorch state dict in safetensors, under {@link
 * TorchNames} (torchvision's ResNet-18, timm's or DINO's ViT, or a streamssl export), becomes the
 * encoder's weights, BatchNorm running statistics included. Every backbone tensor must be there
 * with its shape; the classifier a checkpoint may carry (torchvision's {@code fc}, timm's {@code
 * head}) and BatchNorm's {@code num_batches_tracked} are left out, a {@code module.} or {@code
 * backbone.} prefix (DataParallel, DINO's checkpoints) is taken off, and anything else is an error
 * that names the missing and the unexpected keys. The method's projector and heads start fresh.
 */
public final class WarmStart {
    private static final List<String> PREFIXES =
            List.of("module.", "backbone.", "module.backbone.");
    private static final List<String> CLASSIFIERS = List.of("fc.", "head.", "heads.");
    private static final int LISTED = 8;

    private WarmStart() {}

    /**
     * The encoder weights of {@code file}, named as an {@code encoder} {@link Network} names its
     * parameters, checked against the architecture at this input.
     */
    public static NamedTensors encoderWeights(
            Path file, Architecture architecture, int channels, int imageSize) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file");
        }
        if (!file.getFileName().toString().endsWith(".safetensors")) {
            throw new IllegalArgumentException(
                    "expected a .safetensors file; convert a PyTorch .pt/.pth with"
                            + " examples/python/streamssl_model.py (see docs/models.md)");
        }
        Map<String, SafeTensors.Tensor> state = withoutPrefix(SafeTensors.read(file));
        List<String> names = TorchNames.of(architecture);
        Set<String> missing = new LinkedHashSet<>(names);
        missing.removeAll(state.keySet());
        Set<String> unexpected = new LinkedHashSet<>();
        for (String key : state.keySet()) {
            if (!names.contains(key)
                    && !key.endsWith(".num_batches_tracked")
                    && CLASSIFIERS.stream().noneMatch(key::startsWith)) {
                unexpected.add(key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(
                    "not a "
                            + architecture.configName()
                            + " backbone in PyTorch names: "
                            + missing.size()
                            + " missing "
                            + listed(missing)
                            + ", "
                            + unexpected.size()
                            + " unexpected "
                            + listed(unexpected));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network encoder = Network.encoder(architecture, channels, imageSize, manager, 0)) {
            List<String> djl = new ArrayList<>(encoder.parameters().keySet());
            Map<String, TensorData> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                SafeTensors.Tensor t = state.get(names.get(i));
                long[] expected =
                        encoder.parameters().get(djl.get(i)).getArray().getShape().getShape();
                if (!Arrays.equals(t.shape(), expected)) {
                    throw new IllegalArgumentException(
                            names.get(i)
                                    + " has shape "
                                    + Arrays.toString(t.shape())
                                    + ", the encoder at "
                                    + channels
                                    + "x"
                                    + imageSize
                                    + "x"
                                    + imageSize
                                    + " input needs "
                                    + Arrays.toString(expected));
                }
                out.put(djl.get(i), new TensorData(expected, t.floats()));
            }
            return new NamedTensors(out);
        }
    }

    /**
     * The state without the prefix its backbone keys carry, if it is a known one (a DINO checkpoint
     * holds {@code backbone.*} beside its {@code head.*}).
     */
    private static Map<String, SafeTensors.Tensor> withoutPrefix(
            Map<String, SafeTensors.Tensor> state) {
        for (String prefix : PREFIXES) {
            boolean some = state.keySet().stream().anyMatch(k -> k.startsWith(prefix));
            boolean rest =
                    state.keySet().stream()
                            .allMatch(
                                    k ->
                                            k.startsWith(prefix)
                                                    || CLASSIFIERS.stream()
                                                            .anyMatch(k::startsWith));
            if (some && rest) {
                Map<String, SafeTensors.Tensor> stripped = new LinkedHashMap<>();
                state.forEach(
                        (k, v) ->
                                stripped.put(
                                        k.startsWith(prefix) ? k.substring(prefix.length()) : k,
                                        v));
                return stripped;
            }
        }
        return state;
    }

    private static String listed(Set<String> keys) {
        List<String> some = keys.stream().limit(LISTED).toList();
        return some + (keys.size() > LISTED ? " ..." : "");
    }
}

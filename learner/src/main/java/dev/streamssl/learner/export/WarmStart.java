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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm start ({@code learner.init-from}): a PyTorch state dict in safetensors, under {@link
 * TorchNames} (torchvision's ResNet-18, timm's or DINO's ViT, or a streamssl export), becomes the
 * encoder's weights, BatchNorm running statistics included. Tensors are matched to parameters by
 * key ({@link TorchNames#byParameter}), whatever order the file holds them in. Every backbone
 * tensor must be there, in a float type, with its shape; the classifier a checkpoint may carry
 * (torchvision's {@code fc}, timm's {@code head}) and BatchNorm's {@code num_batches_tracked} are
 * left out, a {@code module.} or {@code backbone.} prefix (DataParallel, DINO's checkpoints) is
 * taken off, and anything else is one error that counts the tensors that match and names the
 * missing keys, the unexpected ones and those of another shape or type. The method's projector and
 * heads start fresh.
 */
public final class WarmStart {
    private static final List<String> PREFIXES =
            List.of("module.", "backbone.", "module.backbone.");
    private static final List<String> CLASSIFIERS = List.of("fc.", "head.", "heads.");
    private static final int LISTED = 8;
    private static final Logger LOG = LoggerFactory.getLogger(WarmStart.class);

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
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network encoder = Network.encoder(architecture, channels, imageSize, manager, 0)) {
            Map<String, String> keys = TorchNames.byParameter(encoder.parameters(), architecture);
            Set<String> missing = new LinkedHashSet<>();
            List<String> mismatched = new ArrayList<>();
            Map<String, TensorData> out = new LinkedHashMap<>();
            // by key: the file's order says nothing about which parameter a tensor belongs to
            keys.forEach(
                    (parameter, key) -> {
                        SafeTensors.Tensor t = state.get(key);
                        long[] expected =
                                encoder.parameters()
                                        .get(parameter)
                                        .getArray()
                                        .getShape()
                                        .getShape();
                        if (t == null) {
                            missing.add(key);
                        } else if (!t.isFloat()) {
                            mismatched.add(
                                    key
                                            + " is "
                                            + t.dtype()
                                            + ", not a float type ("
                                            + String.join(", ", SafeTensors.FLOAT_DTYPES)
                                            + ")");
                        } else if (!Arrays.equals(t.shape(), expected)) {
                            mismatched.add(
                                    key
                                            + " has shape "
                                            + Arrays.toString(t.shape())
                                            + ", needs "
                                            + Arrays.toString(expected));
                        } else {
                            out.put(parameter, new TensorData(expected, t.floats()));
                        }
                    });
            Set<String> unexpected = new LinkedHashSet<>();
            List<String> leftOut = new ArrayList<>();
            for (String key : state.keySet()) {
                if (keys.containsValue(key)) {
                    continue;
                }
                if (key.endsWith(".num_batches_tracked")
                        || CLASSIFIERS.stream().anyMatch(key::startsWith)) {
                    leftOut.add(key);
                } else {
                    unexpected.add(key);
                }
            }
            if (out.size() != keys.size() || !unexpected.isEmpty()) {
                throw new IllegalArgumentException(
                        "not a "
                                + architecture.configName()
                                + " backbone at "
                                + channels
                                + "x"
                                + imageSize
                                + "x"
                                + imageSize
                                + " input in PyTorch names: "
                                + out.size()
                                + " of the "
                                + keys.size()
                                + " backbone tensors match; "
                                + missing.size()
                                + " missing "
                                + listed(missing)
                                + ", "
                                + unexpected.size()
                                + " unexpected "
                                + listed(unexpected)
                                + ", "
                                + mismatched.size()
                                + " of another shape or type "
                                + listed(mismatched));
            }
            LOG.info(
                    "{}: loaded {} tensors into the {} encoder; left out {} (classifier and"
                            + " BatchNorm counters) {}",
                    file,
                    out.size(),
                    architecture.configName(),
                    leftOut.size(),
                    listed(leftOut));
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

    private static String listed(Collection<String> keys) {
        List<String> some = keys.stream().limit(LISTED).toList();
        return some + (keys.size() > LISTED ? " ..." : "");
    }
}

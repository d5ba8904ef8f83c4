package dev.streamssl.learner.export;

import ai.djl.nn.Parameter;
import dev.streamssl.learner.model.Architecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch state-dict keys of each encoder, in the order of the DJL block's parameters, so that
 * each parameter has its key ({@link #byParameter}, which checks the pairing): torchvision's names
 * for ResNet-18 ({@code conv1}, {@code bn1}, {@code layer1.0.conv1}, …, {@code
 * layer2.0.downsample.0}), timm's and DINO's for the ViT ({@code cls_token}, {@code pos_embed},
 * {@code patch_embed.proj}, {@code blocks.0.attn.qkv}, …, {@code norm}), and {@code features.N} (an
 * {@code nn.Sequential}) for the small CNN. The modules with these names are in {@code
 * examples/python/streamssl_model.py}.
 *
 * <p>DJL lists a block's own parameters before its children's, children in the order they were
 * added; BatchNorm's are gamma, beta, running mean, running variance (PyTorch's weight, bias,
 * running_mean, running_var), LayerNorm's gamma and beta, Linear's and Conv2d's weight then bias.
 * PyTorch's BatchNorm also keeps {@code num_batches_tracked}, which DJL does not: {@link
 * #batchNormCounters} names them.
 */
public final class TorchNames {
    private TorchNames() {}

    /** The keys of the encoder's float tensors, one per DJL parameter, in DJL's order. */
    public static List<String> of(Architecture architecture) {
        List<String> names = new ArrayList<>();
        switch (architecture.configName()) {
            case "small-cnn" -> {
                // nn.Sequential: conv, bn, relu, pool, conv, bn, relu, pool, conv, bn, relu
                for (int conv : new int[] {0, 4, 8}) {
                    names.add("features." + conv + ".weight");
                    batchNorm(names, "features." + (conv + 1));
                }
            }
            case "resnet18", "resnet18-cifar" -> {
                names.add("conv1.weight");
                batchNorm(names, "bn1");
                for (int stage = 1; stage <= 4; stage++) {
                    for (int block = 0; block < 2; block++) {
                        String p = "layer" + stage + "." + block + ".";
                        names.add(p + "conv1.weight");
                        batchNorm(names, p + "bn1");
                        names.add(p + "conv2.weight");
                        batchNorm(names, p + "bn2");
                        if (stage > 1 && block == 0) {
                            names.add(p + "downsample.0.weight");
                            batchNorm(names, p + "downsample.1");
                        }
                    }
                }
            }
            case "vit" -> {
                names.add("cls_token");
                names.add("pos_embed");
                names.add("patch_embed.proj.weight");
                names.add("patch_embed.proj.bias");
                for (int i = 0; i < architecture.vit().depth(); i++) {
                    String p = "blocks." + i + ".";
                    for (String layer :
                            List.of(
                                    "norm1",
                                    "attn.qkv",
                                    "attn.proj",
                                    "norm2",
                                    "mlp.fc1",
                                    "mlp.fc2")) {
                        names.add(p + layer + ".weight");
                        names.add(p + layer + ".bias");
                    }
                }
                names.add("norm.weight");
                names.add("norm.bias");
            }
            default ->
                    throw new IllegalArgumentException(
                            "no PyTorch names for architecture " + architecture.configName());
        }
        return names;
    }

    /**
     * Each of the encoder's parameters (DJL's names, in DJL's order) with its PyTorch key. Keys and
     * parameters pair by position, and the pairing is checked rather than trusted: there must be as
     * many keys as parameters, and each key's role must be its parameter's DJL type ({@code
     * .weight} on a weight or a norm's gamma, {@code .bias} on a bias or beta, {@code
     * .running_mean} and {@code .running_var} on BatchNorm's statistics, a bare key on the ViT's
     * tokens). A BatchNorm's four tensors share one shape, so a shape check alone would not see
     * them in another order.
     */
    public static Map<String, String> byParameter(
            Map<String, Parameter> parameters, Architecture architecture) {
        List<String> names = of(architecture);
        if (names.size() != parameters.size()) {
            throw new IllegalStateException(
                    "the encoder has "
                            + parameters.size()
                            + " parameters, "
                            + architecture.configName()
                            + " has "
                            + names.size()
                            + " PyTorch names");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String key = names.get(i++);
            Parameter.Type type = e.getValue().getType();
            if (!role(key).equals(role(type))) {
                throw new IllegalStateException(
                        "PyTorch key "
                                + key
                                + " would land on "
                                + e.getKey()
                                + " (a "
                                + type
                                + "): the "
                                + architecture.configName()
                                + " names are not in the order of its DJL parameters");
            }
            pairs.put(e.getKey(), key);
        }
        return pairs;
    }

    /** What a key holds: the part after its last dot, or {@code token} for a bare key. */
    private static String role(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "token" : key.substring(dot + 1);
    }

    private static String role(Parameter.Type type) {
        return switch (type) {
            case WEIGHT, GAMMA -> "weight";
            case BIAS, BETA -> "bias";
            case RUNNING_MEAN -> "running_mean";
            case RUNNING_VAR -> "running_var";
            default -> "token";
        };
    }

    /**
     * The {@code num_batches_tracked} keys PyTorch keeps beside each BatchNorm's statistics (not
     * used in evaluation; a strict {@code load_state_dict} wants them).
     */
    public static List<String> batchNormCounters(Architecture architecture) {
        List<String> counters = new ArrayList<>();
        for (String name : of(architecture)) {
            if (name.endsWith(".running_var")) {
                counters.add(
                        name.substring(0, name.length() - ".running_var".length())
                                + ".num_batches_tracked");
            }
        }
        return counters;
    }

    private static void batchNorm(List<String> names, String module) {
        names.add(module + ".weight");
        names.add(module + ".bias");
        names.add(module + ".running_mean");
        names.add(module + ".running_var");
    }
}

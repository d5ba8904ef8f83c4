package dev.streamssl.learner.export;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.Network;
import dev.streamssl.learner.model.VitShape;
import dev.streamssl.learner.state.NamedTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An encoder taken out of the stream as a model directory: {@code encoder-0000.params} in DJL's own
 * parameter format (written by {@link Model#save}), {@code encoder.safetensors} (the same weights
 * as a PyTorch state dict, {@link TorchStateDict}) and {@code model.json}, which says what the
 * block is and what its input must be ({@code preprocessing}: the decoder's resize and crop, then
 * the mean and std of the normalisation). A Java service builds the block from the descriptor
 * ({@link Architecture#build()}, from the streamssl-learner jar), loads the parameters with {@link
 * Model#load(Path, String)}, normalises each image with the descriptor's mean and std, and takes
 * the block's output as the embedding: the vectors the job's embedders wrote for that model
 * version.
 */
public final class ExportedEncoder {
    public static final String PARAMETERS = "encoder";
    public static final String DESCRIPTOR = "model.json";
    public static final String SAFETENSORS = "encoder.safetensors";

    private ExportedEncoder() {}

    /** What {@code model.json} holds. */
    public record Descriptor(
            String method,
            String architecture,
            VitShape vit,
            long modelVersion,
            int inputSize,
            int channels,
            float[] mean,
            float[] std,
            int embeddingDim) {

        Architecture toArchitecture() {
            return Architecture.fromConfigName(architecture, vit);
        }
    }

    /**
     * Writes the encoder with the evaluation weights {@code weights} (the snapshot's, named as the
     * learner names them) into {@code dir}, a local directory.
     */
    public static void write(NamedTensors weights, Descriptor descriptor, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Architecture architecture = descriptor.toArchitecture();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Network encoder =
                        Network.encoder(
                                architecture,
                                descriptor.channels(),
                                descriptor.inputSize(),
                                manager,
                                0);
                Model model = Model.newInstance(PARAMETERS, Device.cpu())) {
            encoder.load(weights);
            model.setBlock(encoder.block());
            model.setProperty("Epoch", "0");
            model.save(dir, PARAMETERS);
            SafeTensors.write(
                    dir.resolve(SAFETENSORS),
                    TorchStateDict.of(encoder, architecture),
                    Map.of(
                            "format", "pt",
                            "architecture", descriptor.architecture(),
                            "modelVersion", String.valueOf(descriptor.modelVersion())));
        }
        Files.writeString(dir.resolve(DESCRIPTOR), describe(descriptor), StandardCharsets.UTF_8);
    }

    /**
     * {@code model.json}: the descriptor, plus how to prepare an image for it (the embedders'
     * decoder: short side resized to the input size with an antialiasing filter, centre crop, as
     * torchvision's {@code Resize} + {@code CenterCrop}; then {@code (x / 255 - mean) / std} per
     * channel) and where the PyTorch weights are.
     */
    private static String describe(Descriptor d) {
        JsonObject json = JsonUtils.GSON.toJsonTree(d).getAsJsonObject();
        JsonObject pre = new JsonObject();
        pre.addProperty("resize", d.inputSize());
        pre.addProperty("resizeMode", "short side to resize, antialiased; aspect kept");
        pre.addProperty("crop", d.inputSize());
        pre.addProperty("cropMode", "centre");
        pre.addProperty("scale", "1/255");
        pre.add("mean", JsonUtils.GSON.toJsonTree(d.mean()));
        pre.add("std", JsonUtils.GSON.toJsonTree(d.std()));
        pre.addProperty("channels", d.channels() == 1 ? "grey" : "RGB");
        json.add("preprocessing", pre);
        JsonObject torch = new JsonObject();
        torch.addProperty("file", SAFETENSORS);
        torch.addProperty(
                "names",
                d.architecture().equals("vit")
                        ? "timm / DINO vision_transformer"
                        : d.architecture().startsWith("resnet18")
                                ? "torchvision resnet18 (no fc)"
                                : "examples/python/streamssl_model.py SmallCnn");
        json.add("pytorch", torch);
        return JsonUtils.GSON_PRETTY.toJson(json);
    }

    public static Descriptor descriptor(Path dir) throws IOException {
        return JsonUtils.GSON.fromJson(
                Files.readString(dir.resolve(DESCRIPTOR), StandardCharsets.UTF_8),
                Descriptor.class);
    }

    /**
     * Loads an exported encoder with plain DJL: the block its descriptor names, the parameters by
     * {@link Model#load}. The caller closes the model.
     */
    public static Model load(Path dir) throws IOException, MalformedModelException {
        Descriptor d = descriptor(dir);
        Model model = Model.newInstance(PARAMETERS, Device.cpu());
        model.setBlock(d.toArchitecture().build());
        model.load(dir, PARAMETERS);
        return model;
    }

    /**
     * Embeddings of images given as float pixels in [0, 255], (N, C, H, W): normalised with the
     * descriptor's mean and std (per channel, on [0, 1]) and passed through the block.
     */
    public static float[][] embed(Model model, Descriptor d, float[] pixels, int n) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x =
                    manager.create(pixels, new Shape(n, d.channels(), d.inputSize(), d.inputSize()))
                            .div(255f);
            NDArray mean = manager.create(d.mean(), new Shape(1, d.channels(), 1, 1));
            NDArray std = manager.create(d.std(), new Shape(1, d.channels(), 1, 1));
            x = x.sub(mean).div(std);
            NDArray h =
                    model.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
            float[] flat = h.toFloatArray();
            int dim = (int) h.getShape().get(1);
            float[][] rows = new float[n][dim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * dim, rows[i], 0, dim);
            }
            return rows;
        }
    }
}

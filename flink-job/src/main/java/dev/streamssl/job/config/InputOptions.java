package dev.streamssl.job.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The images the job accepts and how they are brought to the model's input. */
public final class InputOptions {
    private InputOptions() {}

    public static final ConfigOption<Integer> CHANNELS =
            ConfigOptions.key("input.channels")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Channels the model takes: 1 (grey) or 3 (RGB); images are converted.");

    public static final ConfigOption<Integer> IMAGE_SIZE =
            ConfigOptions.key("input.image-size")
                    .intType()
                    .defaultValue(28)
                    .withDescription(
                            "Side of the square model input: images are resized so that their short"
                                    + " side has this length and centre-cropped (aspect kept, antialiased).");

    public static final ConfigOption<Integer> DECODE_SIZE =
            ConfigOptions.key("input.decode-size")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Side of the square the learner's images are decoded to, from which its"
                                    + " random resized crops are drawn; at least input.image-size"
                                    + " (default: input.image-size). Larger keeps detail for the crops"
                                    + " of camera photos; each image in the replay buffer costs"
                                    + " channels x side x side bytes.");

    public static final ConfigOption<Integer> MAX_SIDE =
            ConfigOptions.key("input.max-side")
                    .intType()
                    .defaultValue(4096)
                    .withDescription(
                            "Largest width or height accepted, checked from the header before decoding"
                                    + " (no decompression bombs).");

    public static final ConfigOption<Long> MAX_PIXELS =
            ConfigOptions.key("input.max-pixels")
                    .longType()
                    .defaultValue(4096L * 4096)
                    .withDescription(
                            "Largest width × height accepted, checked before decoding: a bound on"
                                    + " the memory one image can take, whatever its sides.");

    public static final ConfigOption<Integer> MAX_ID_LENGTH =
            ConfigOptions.key("input.max-id-length")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Longest image id accepted (ids are Kafka keys).");

    public static final ConfigOption<Integer> MAX_BYTES =
            ConfigOptions.key("input.max-bytes")
                    .intType()
                    .defaultValue(dev.streamssl.schemas.RecordLimits.IMAGE_BYTES)
                    .withDescription(
                            "Largest encoded image accepted; the images topic the job creates takes"
                                    + " records of this size plus 1 MiB (max.message.bytes), as the"
                                    + " publishing tools' producers do (max.request.size).");

    public static final ConfigOption<List<Float>> MEAN =
            ConfigOptions.key("input.mean")
                    .floatType()
                    .asList()
                    .defaultValues(0.2860f)
                    .withDescription(
                            "Per-channel mean for normalisation (default: Fashion-MNIST).");

    public static final ConfigOption<List<Float>> STD =
            ConfigOptions.key("input.std")
                    .floatType()
                    .asList()
                    .defaultValues(0.3530f)
                    .withDescription("Per-channel std for normalisation (default: Fashion-MNIST).");

    /** The rules of these options, checked at start-up, the channels first: the rest uses them. */
    static final List<OptionCheck> CHECKS =
            List.of(
                    OptionCheck.range(CHANNELS, 1, 3),
                    OptionCheck.not(CHANNELS, 2, "use 1 or 3"),
                    OptionCheck.range(IMAGE_SIZE, 8, 1024),
                    OptionCheck.range(DECODE_SIZE, IMAGE_SIZE, 1024),
                    OptionCheck.range(MAX_SIDE, 8, 65536),
                    OptionCheck.range(MAX_BYTES, 64, Integer.MAX_VALUE),
                    OptionCheck.range(MAX_ID_LENGTH, 1, 1 << 16),
                    OptionCheck.range(MAX_PIXELS, 1, 1L << 32),
                    InputOptions::oneValuePerChannel);

    private static void oneValuePerChannel(Configuration c) {
        int channels = c.get(CHANNELS);
        if (c.get(MEAN).size() != channels || c.get(STD).size() != channels) {
            throw new IllegalArgumentException(
                    "options 'input.mean' and 'input.std' need one value per channel ("
                            + channels
                            + "), got "
                            + c.get(MEAN)
                            + " and "
                            + c.get(STD));
        }
    }
}

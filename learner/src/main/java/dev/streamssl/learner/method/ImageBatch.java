package dev.streamssl.learner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A batch of same-sized images as raw uint8 pixels in (B, C, H, W) order, as the decoder produces
 * them. This is the only form in which images cross from the JVM to the device.
 */
public record ImageBatch(byte[] pixels, int size, int channels, int height, int width) {

    public ImageBatch {
        long expected = (long) size * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "batch of "
                            + size
                            + "×"
                            + channels
                            + "×"
                            + height
                            + "×"
                            + width
                            + " needs "
                            + expected
                            + " bytes, got "
                            + pixels.length);
        }
    }

    /** Stacks per-image CHW uint8 arrays of one size. */
    public static ImageBatch of(
            java.util.List<byte[]> images, int channels, int height, int width) {
        int each = channels * height * width;
        byte[] all = new byte[images.size() * each];
        for (int i = 0; i < images.size(); i++) {
            byte[] image = images.get(i);
            if (image.length != each) {
                throw new IllegalArgumentException(
                        "image " + i + " has " + image.length + " bytes, expected " + each);
            }
            System.arraycopy(image, 0, all, i * each, each);
        }
        return new ImageBatch(all, images.size(), channels, height, width);
    }

    /** The batch as float32 in [0, 1] on the manager's device. */
    public NDArray toFloat(NDManager manager) {
        NDArray raw =
                manager.create(
                        ByteBuffer.wrap(pixels),
                        new Shape(size, channels, height, width),
                        DataType.UINT8);
        return raw.toType(DataType.FLOAT32, false).div(255f);
    }
}

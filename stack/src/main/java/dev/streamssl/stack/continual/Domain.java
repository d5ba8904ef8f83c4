package dev.streamssl.stack.continual;

import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.schemas.Encoding;
import dev.streamssl.stack.KnnProbe;

/**
 * How a scenario's images look: as stored, or through a "new camera" that sees the same objects
 * differently. The new camera is a fixed, documented transform of each plane of the image at the
 * learner's decode size: inverted ({@code 255 − v}), blurred by a 3×3 box filter (edges repeat),
 * then darkened by {@value #DARKER} levels ({@code max(0, v − 40)}). On Fashion-MNIST a garment
 * becomes a dark, soft shape on a light grey ground: the classes and their shapes stay, every pixel
 * statistic moves, which is what a camera or lighting change does to a deployed stream.
 */
public enum Domain {
    ORIGINAL,
    NEW_CAMERA;

    static final int DARKER = 40;

    /** The name printed: {@code original}, {@code new-camera}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The image as this domain shows it, as raw pixels of {@code side}² and {@code channels}. */
    public LabeledImage apply(LabeledImage image, int side, int channels) {
        if (this == ORIGINAL) {
            return image;
        }
        byte[] seen = newCamera(KnnProbe.modelInput(image, side, channels), side, channels);
        return new LabeledImage(
                image.id() + "/new-camera",
                Encoding.RAW_U8,
                side,
                side,
                channels,
                seen,
                image.label(),
                image.source(),
                image.tags());
    }

    /** The new camera's transform of planar (C, H, W) pixels. */
    static byte[] newCamera(byte[] planar, int side, int channels) {
        byte[] out = new byte[planar.length];
        int plane = side * side;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int sum = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.min(Math.max(y + dy, 0), side - 1);
                            int xx = Math.min(Math.max(x + dx, 0), side - 1);
                            sum += 255 - (planar[c * plane + yy * side + xx] & 0xFF);
                        }
                    }
                    int blurred = Math.round(sum / 9f);
                    out[c * plane + y * side + x] = (byte) Math.max(0, blurred - DARKER);
                }
            }
        }
        return out;
    }
}

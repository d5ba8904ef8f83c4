package dev.streamssl.images;

/**
 * What a model sees of an image: the upright picture's short side resized to the input side with an
 * antialiasing filter and the long side centre-cropped (torchvision's {@code Resize(side)} + {@code
 * CenterCrop(side)}: the aspect is kept, nothing stretched), then the model's channels (grey
 * replicated to RGB, RGB to ITU-R 601 luma). The job's decoder, the demo's baselines and the
 * evaluation tools all go through here, so they see the same pixels.
 */
public final class ModelInput {
    private ModelInput() {}

    /** The model input of upright pixels, CHW bytes of {@code channels × side × side}. */
    public static byte[] of(Pixels upright, int side, int channels) {
        return Resize.shortSideCenterCrop(upright, side).withChannels(channels).data();
    }

    /** The model input of an image file (JPEG, PNG, WebP). */
    public static byte[] ofFile(byte[] file, int side, int channels)
            throws UnreadableImageException {
        return of(ImageFile.decode(file), side, channels);
    }
}

package dev.streamssl.job.embed;

import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded images as one {@link ImageBatch} of the model's input shape: the embedder decodes every
 * image to {@code input.channels} × {@code input.image-size}², so their pixels stack as they are.
 */
final class ImageBatches {
    private ImageBatches() {}

    static ImageBatch of(List<DecodedImage> images, LearnerSettings learner) {
        int size = learner.imageSize();
        List<byte[]> pixels = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            pixels.add(image.pixels);
        }
        return ImageBatch.of(pixels, learner.channels(), size, size);
    }
}

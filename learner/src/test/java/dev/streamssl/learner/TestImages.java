package dev.streamssl.learner;

import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.random.StreamRandom;

/** Small deterministic image batches for tests: a bright square at a random place on noise. */
public final class TestImages {
    private TestImages() {}

    public static ImageBatch squares(int count, int channels, int size, long seed) {
        StreamRandom random = new StreamRandom(seed);
        byte[] pixels = new byte[count * channels * size * size];
        for (int i = 0; i < count; i++) {
            int side = 4 + random.nextInt(size / 2);
            int top = random.nextInt(size - side);
            int left = random.nextInt(size - side);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inside = y >= top && y < top + side && x >= left && x < left + side;
                        int value = inside ? 200 + random.nextInt(56) : random.nextInt(60);
                        pixels[((i * channels + c) * size + y) * size + x] = (byte) value;
                    }
                }
            }
        }
        return new ImageBatch(pixels, count, channels, size, size);
    }
}

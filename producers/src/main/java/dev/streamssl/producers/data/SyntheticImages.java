package dev.streamssl.producers.data;

import dev.streamssl.schemas.Encoding;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A built-in data set that needs no download: 28×28 grey images of ten shape classes (stripes in
 * two orientations, a filled square, a disc, a ring, a cross, a diagonal bar, a checkerboard, a
 * triangle, a frame), each at a random position and scale with random contrast and noise. Image
 * {@code i} of a seed is always the same; its class is {@code i mod 10}.
 */
public final class SyntheticImages implements ImageSource {
    public static final int SIZE = 28;
    public static final int CLASSES = 10;

    /** A name per class, in label order. */
    public static final java.util.List<String> CLASS_NAMES =
            java.util.List.of(
                    "horizontal-stripes",
                    "vertical-stripes",
                    "square",
                    "disc",
                    "ring",
                    "cross",
                    "diagonal",
                    "checkerboard",
                    "triangle",
                    "frame");

    private final int count;
    private final long seed;
    private final String prefix;

    public SyntheticImages(int count, long seed, String prefix) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        this.count = count;
        this.seed = seed;
        this.prefix = prefix;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public String describe() {
        return "synthetic shapes (seed " + seed + ")";
    }

    @Override
    public Iterator<LabeledImage> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public LabeledImage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                int label = i % CLASSES;
                return new LabeledImage(
                        prefix + i,
                        Encoding.RAW_U8,
                        SIZE,
                        SIZE,
                        1,
                        render(label, new SplittableRandom(seed * 1_000_003L + i)),
                        label,
                        "synthetic");
            }
        };
    }

    /** Renders one image of a class. */
    public static byte[] render(int label, SplittableRandom random) {
        byte[] pixels = new byte[SIZE * SIZE];
        double cx = 9 + random.nextDouble() * 10;
        double cy = 9 + random.nextDouble() * 10;
        double r = 5 + random.nextDouble() * 4;
        int foreground = 150 + random.nextInt(106);
        int background = random.nextInt(50);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = x - cx;
                double dy = y - cy;
                boolean inBox = Math.abs(dx) <= r && Math.abs(dy) <= r;
                double d = Math.sqrt(dx * dx + dy * dy);
                boolean on =
                        switch (label) {
                            case 0 -> inBox && ((y / 2) % 2 == 0);
                            case 1 -> inBox && ((x / 2) % 2 == 0);
                            case 2 -> inBox;
                            case 3 -> d <= r;
                            case 4 -> d <= r && d >= r - 2.5;
                            case 5 -> inBox && (Math.abs(dx) <= 1.5 || Math.abs(dy) <= 1.5);
                            case 6 -> inBox && Math.abs(dx - dy) <= 1.5;
                            case 7 -> inBox && (((x / 3) + (y / 3)) % 2 == 0);
                            case 8 -> inBox && dy >= -r && Math.abs(dx) <= (dy + r) / 2;
                            default -> inBox && (Math.abs(dx) >= r - 2 || Math.abs(dy) >= r - 2);
                        };
                int value = (on ? foreground : background) + (int) (random.nextGaussian() * 12);
                pixels[y * SIZE + x] = (byte) Math.max(0, Math.min(255, value));
            }
        }
        return pixels;
    }
}

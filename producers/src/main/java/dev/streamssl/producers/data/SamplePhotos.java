package dev.streamssl.producers.data;

import dev.streamssl.images.CameraFiles;
import dev.streamssl.images.CameraFiles.PngKind;
import dev.streamssl.images.Pixels;
import dev.streamssl.images.Resize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a labelled folder of camera-like files, one sub-folder per class, for trying the photo
 * path without photos of one's own (and for its tests and benchmarks). Each image is a labelled
 * 28×28 item (Fashion-MNIST's, or the built-in shapes') photographed as a product shot: enlarged to
 * 60–90 % of the frame's short side at a random place, in a random dark colour, on a random light
 * two-colour gradient with sensor noise, in a landscape or portrait frame. The files cycle through
 * the kinds a real folder holds: baseline, progressive, EXIF-rotated (stored turned, the tag saying
 * how to undo it), Adobe CMYK and YCCK JPEGs, and RGB, palette, grey, grey + alpha, RGBA and 16-bit
 * PNGs. With {@code broken}, each class folder also gets the files every large folder has: an empty
 * one, a JPEG cut in half, a text file and a HEIF photo (which streamssl does not decode).
 */
public final class SamplePhotos {
    /** The kinds of files written, in turn. */
    public enum Kind {
        JPEG("jpg"),
        PROGRESSIVE_JPEG("jpg"),
        ROTATED_JPEG("jpg"),
        CMYK_JPEG("jpg"),
        YCCK_JPEG("jpg"),
        PNG("png"),
        PALETTE_PNG("png"),
        GREY_PNG("png"),
        GREY_ALPHA_PNG("png"),
        RGBA_PNG("png"),
        PNG_16_BIT("png");

        final String extension;

        Kind(String extension) {
            this.extension = extension;
        }
    }

    /** What was written. */
    public record Summary(int images, int broken, long bytes, Map<Kind, Integer> kinds) {}

    /**
     * @param width long side of the frames (landscape width)
     * @param height short side
     */
    public record Options(int perClass, int width, int height, boolean broken, long seed) {
        public Options {
            if (perClass < 1) {
                throw new IllegalArgumentException("--per-class must be >= 1");
            }
            if (width < 32 || height < 32 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException(
                        "--size must be WIDTHxHEIGHT with sides in [32, 8192]");
            }
        }
    }

    private SamplePhotos() {}

    /**
     * @param items labelled 28×28 grey items (RAW_U8) to photograph; the first {@code perClass} of
     *     each class are used
     * @param classNames folder name of each label
     */
    public static Summary write(
            Path dir, ImageSource items, List<String> classNames, Options options)
            throws IOException {
        int classes = classNames.size();
        int[] taken = new int[classes];
        Map<Kind, Integer> kinds = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(options.seed());
        int written = 0;
        long bytes = 0;
        for (Iterator<LabeledImage> it = items.iterator();
                it.hasNext() && written < classes * options.perClass(); ) {
            LabeledImage item = it.next();
            int label = item.label();
            if (label >= classes || taken[label] >= options.perClass()) {
                continue;
            }
            Kind kind = Kind.values()[written % Kind.values().length];
            Pixels photo = photograph(item, options, random);
            byte[] file = encode(photo, kind, random);
            Path folder = Files.createDirectories(dir.resolve(classNames.get(label)));
            Files.write(
                    folder.resolve(String.format("%05d.%s", taken[label], kind.extension)), file);
            taken[label]++;
            written++;
            bytes += file.length;
            kinds.merge(kind, 1, Integer::sum);
        }
        int broken = 0;
        if (options.broken()) {
            for (String name : classNames) {
                Path folder = Files.createDirectories(dir.resolve(name));
                byte[] jpeg = CameraFiles.jpeg(photograph(null, options, random), 0.9f, false);
                Files.write(folder.resolve("empty.jpg"), new byte[0]);
                Files.write(folder.resolve("cut-short.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
                Files.writeString(
                        folder.resolve("notes.txt"),
                        "not an image: publish counts it and goes on",
                        StandardCharsets.UTF_8);
                Files.write(folder.resolve("phone.heic"), heifHeader());
                broken += 4;
            }
        }
        return new Summary(written, broken, bytes, kinds);
    }

    /** The item as a photo: tinted, enlarged, placed on a noisy gradient. Null: no item. */
    static Pixels photograph(LabeledImage item, Options o, SplittableRandom random) {
        boolean portrait = random.nextInt(4) == 0;
        int w = portrait ? o.height() : o.width();
        int h = portrait ? o.width() : o.height();
        int[] from = colour(random, 140, 256);
        int[] to = colour(random, 140, 256);
        int[] tint = colour(random, 0, 120);
        int shortSide = Math.min(w, h);
        int side = (int) (shortSide * (0.6 + 0.3 * random.nextDouble()));
        int left = random.nextInt(w - side + 1);
        int top = random.nextInt(h - side + 1);
        Pixels object =
                item == null
                        ? null
                        : Resize.box(new Pixels(28, 28, 1, item.data()), 0, 0, 28, 28, side, side);
        byte[] data = new byte[3 * w * h];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (x + y) / (double) (w + h);
                double v = 0;
                if (object != null && x >= left && x < left + side && y >= top && y < top + side) {
                    v = object.at(0, x - left, y - top) / 255.0;
                }
                int noise = (int) (random.nextGaussian() * 4);
                for (int c = 0; c < 3; c++) {
                    double background = from[c] * (1 - t) + to[c] * t;
                    double value = background * (1 - v) + tint[c] * v + noise;
                    data[c * plane + y * w + x] = (byte) Math.max(0, Math.min(255, (int) value));
                }
            }
        }
        return new Pixels(w, h, 3, data);
    }

    private static byte[] encode(Pixels photo, Kind kind, SplittableRandom random) {
        return switch (kind) {
            case JPEG -> CameraFiles.jpeg(photo, 0.92f, false);
            case PROGRESSIVE_JPEG -> CameraFiles.jpeg(photo, 0.92f, true);
            case ROTATED_JPEG ->
                    CameraFiles.orientedJpeg(photo, new int[] {3, 6, 8}[random.nextInt(3)], 0.92f);
            case CMYK_JPEG -> CameraFiles.cmykJpeg(photo, false);
            case YCCK_JPEG -> CameraFiles.cmykJpeg(photo, true);
            case PNG -> CameraFiles.png(photo, PngKind.RGB);
            case PALETTE_PNG -> CameraFiles.png(photo, PngKind.PALETTE);
            case GREY_PNG -> CameraFiles.png(photo, PngKind.GREY);
            case GREY_ALPHA_PNG -> CameraFiles.png(photo, PngKind.GREY_ALPHA);
            case RGBA_PNG -> CameraFiles.png(photo, PngKind.RGBA);
            case PNG_16_BIT -> CameraFiles.png(photo, PngKind.RGB16);
        };
    }

    /** A colour with each channel drawn from [from, to). */
    private static int[] colour(SplittableRandom random, int from, int to) {
        return new int[] {
            random.nextInt(from, to), random.nextInt(from, to), random.nextInt(from, to)
        };
    }

    private static byte[] heifHeader() {
        byte[] b = new byte[256];
        byte[] box = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(box, 0, b, 0, box.length);
        return b;
    }
}

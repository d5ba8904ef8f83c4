package dev.streamssl.cli;

import dev.streamssl.producers.data.FashionMnist;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.SamplePhotos;
import dev.streamssl.producers.data.SyntheticImages;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamssl sample-photos DIR}: a labelled folder of camera-like files to try the photo
 * path.
 */
@Command(
        name = "sample-photos",
        mixinStandardHelpOptions = true,
        description =
                "Write a labelled folder of camera-like files (JPEG baseline/progressive/EXIF-rotated/CMYK/YCCK, PNG RGB/palette/grey/alpha/16-bit, and with --broken the bad files real folders hold), one sub-folder per class: Fashion-MNIST items (or the built-in shapes) photographed on coloured backgrounds.")
public final class SamplePhotosCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Folder to write (created).")
    Path dir;

    @Option(
            names = "--per-class",
            defaultValue = "12",
            description = "Photos per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(
            names = "--size",
            defaultValue = "640x480",
            paramLabel = "WxH",
            description =
                    "Frame size, landscape (a quarter are portrait); 4032x3024 writes 12-megapixel files of several MB (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(
            names = "--broken",
            description = "Add an empty, a truncated, a text and a HEIF file per class.")
    boolean broken;

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist",
            description =
                    "Items photographed: fashion-mnist (test split) or synthetic (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
        if (wh.length != 2 || !wh[0].matches("\\d{1,5}") || !wh[1].matches("\\d{1,5}")) {
            throw new IllegalArgumentException("--size must be WIDTHxHEIGHT, got '" + size + "'");
        }
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        ImageSource items;
        List<String> names;
        switch (dataset) {
            case "fashion-mnist" -> {
                if (!FashionMnist.isInstalled(FashionMnist.DEFAULT_DIR)) {
                    throw new IllegalArgumentException(
                            "Fashion-MNIST is not installed; "
                                    + FashionMnist.INSTALL_HINT
                                    + ", or use --dataset synthetic");
                }
                items = FashionMnist.load(FashionMnist.DEFAULT_DIR, "test");
                names = FashionMnist.CLASS_NAMES;
            }
            case "synthetic" -> {
                items = new SyntheticImages(perClass * SyntheticImages.CLASSES, seed, "s");
                names = SyntheticImages.CLASS_NAMES;
            }
            default ->
                    throw new IllegalArgumentException(
                            "--dataset must be fashion-mnist or synthetic, got '" + dataset + "'");
        }
        SamplePhotos.Summary s =
                SamplePhotos.write(
                        dir,
                        items,
                        names,
                        new SamplePhotos.Options(
                                perClass, Math.max(w, h), Math.min(w, h), broken, seed));
        System.out.printf(
                "wrote %d photos (%.1f MB) and %d broken files in %d class folders under %s%n",
                s.images(), s.bytes() / 1e6, s.broken(), names.size(), dir);
        return 0;
    }
}

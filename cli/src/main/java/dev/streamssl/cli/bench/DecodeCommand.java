package dev.streamssl.cli.bench;

import dev.streamssl.bench.DecodeBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamssl bench decode}: times the job's decoder on a folder of photos. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description =
                "Images/s of the job's decoder (upright, resize, centre crop) on a folder of photos as publish sends them.")
public final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Photos.")
    Path dir;

    @Option(
            names = "--size",
            defaultValue = "64",
            description = "Side of the model input (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--channels",
            defaultValue = "3",
            description = "Channels of the model input (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(
            names = "--max-side",
            defaultValue = "1024",
            description =
                    "Long side photos are shrunk to before sending, as publish does; 0: as they are (default: ${DEFAULT-VALUE}).")
    int maxSide;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Timed passes over the folder (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (size < 8 || (channels != 1 && channels != 3) || rounds < 1 || maxSide < 0) {
            throw new IllegalArgumentException(
                    "--size must be >= 8, --channels 1 or 3, --rounds >= 1, --max-side >= 0");
        }
        DecodeBenchmark.Result r =
                DecodeBenchmark.run(dir, maxSide, channels, size, rounds, System.out);
        System.out.printf("rss_mb=%d%n", r.rssMb());
        System.out.printf(
                "images_per_second=%.1f input_mb_per_second=%.1f%n",
                r.imagesPerSecond(), r.megabytesPerSecond());
        return 0;
    }
}

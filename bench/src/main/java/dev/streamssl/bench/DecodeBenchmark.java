package dev.streamssl.bench;

import dev.streamssl.job.decode.ImageDecoder;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.PhotoEntry;
import dev.streamssl.producers.data.PhotoFolder;
import dev.streamssl.producers.data.PhotoPreparer;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.RecordLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the job's decoder on a folder of photos as {@code publish} sends them (shrunk to {@code
 * maxSide}, or as they are with 0): each record decoded upright, resized and centre-cropped to the
 * model's input by {@link ImageDecoder}, as a decode subtask does it, on one thread. Prints
 * images/s and megabytes of encoded input per second.
 */
public final class DecodeBenchmark {
    private DecodeBenchmark() {}

    /** Result of a run. */
    public record Result(double imagesPerSecond, double megabytesPerSecond, long rssMb) {}

    public static Result run(
            Path dir, int maxSide, int channels, int side, int rounds, PrintStream out)
            throws IOException {
        PhotoPreparer preparer = new PhotoPreparer(maxSide, RecordLimits.IMAGE_BYTES);
        List<ImageRecord> records = new ArrayList<>();
        long bytes = 0;
        for (PhotoEntry entry : PhotoFolder.list(dir, false)) {
            try {
                LabeledImage image = preparer.prepare(entry);
                records.add(
                        ImageRecord.newBuilder()
                                .setId(image.id())
                                .setTimestampMs(0)
                                .setEncoding(image.encoding())
                                .setWidth(image.width())
                                .setHeight(image.height())
                                .setChannels(image.channels())
                                .setData(ByteBuffer.wrap(image.data()))
                                .build());
                bytes += image.data().length;
            } catch (PhotoPreparer.Skipped e) {
                // not an image the job would see
            }
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no decodable photo");
        }
        out.printf(
                "%d photos, %.1f MB as sent (max side %d)%n", records.size(), bytes / 1e6, maxSide);
        ImageDecoder decoder =
                new ImageDecoder(channels, side, 8192, RecordLimits.IMAGE_BYTES, 1L << 26, 1024);
        for (ImageRecord r : records) {
            decode(decoder, r); // warm-up
        }
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (ImageRecord r : records) {
                decode(decoder, r);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                records.size() * rounds / seconds,
                bytes * rounds / seconds / 1e6,
                TrainStepBenchmark.residentMb());
    }

    private static void decode(ImageDecoder decoder, ImageRecord record) {
        try {
            decoder.decode(record);
        } catch (ImageDecoder.RejectedImage e) {
            throw new IllegalStateException(record.getId() + ": " + e.getMessage(), e);
        }
    }
}

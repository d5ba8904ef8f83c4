package dev.streamssl.tools.kafka;

import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.tools.data.ImageSource;
import dev.streamssl.tools.data.LabeledImage;
import dev.streamssl.tools.data.LoopingCursor;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes images as {@link ImageRecord}s keyed by id. Passes over the source repeat until the
 * budget (a number of images, a duration, or one pass) is spent; on a repeated pass ids get a
 * {@code #pass} suffix so that every published record is a distinct image occurrence. An optional
 * rate limit spaces records evenly. Any send failure stops publishing with that error.
 */
public final class ImagePublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final WireCodec<ImageRecord> codec = WireCodec.images();

    public ImagePublisher(KafkaProducer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** How much to publish. */
    public record Budget(long maxImages, long maxMillis, boolean loop, double ratePerSecond) {
        public static Budget onePass() {
            return new Budget(Long.MAX_VALUE, Long.MAX_VALUE, false, 0);
        }

        public static Budget onePass(long limit) {
            return new Budget(limit, Long.MAX_VALUE, false, 0);
        }
    }

    /**
     * Publishes and returns the number of records sent; {@code progress} sees the running count.
     */
    public long publish(
            ImageSource source, Map<String, String> tags, Budget budget, LongConsumer progress) {
        long start = System.nanoTime();
        long sent = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        LoopingCursor images = new LoopingCursor(source, budget.loop());
        while (images.hasNext()
                && sent < budget.maxImages()
                && (System.nanoTime() - start) / 1_000_000 < budget.maxMillis()) {
            throwIfFailed(failure);
            LabeledImage image = images.next();
            ImageRecord record =
                    ImageRecord.newBuilder()
                            .setId(image.id())
                            .setTimestampMs(System.currentTimeMillis())
                            .setEncoding(image.encoding())
                            .setWidth(image.width())
                            .setHeight(image.height())
                            .setChannels(image.channels())
                            .setData(ByteBuffer.wrap(image.data()))
                            .setLabel(image.label())
                            .setTags(new HashMap<>(tags))
                            .setSource(image.source())
                            .build();
            producer.send(
                    new ProducerRecord<>(topic, image.id(), codec.encode(record)),
                    (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
            sent++;
            if (progress != null && sent % 500 == 0) {
                progress.accept(sent);
            }
            pace(start, sent, budget.ratePerSecond());
        }
        producer.flush();
        throwIfFailed(failure);
        if (progress != null) {
            progress.accept(sent);
        }
        return sent;
    }

    private void throwIfFailed(AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "publishing to " + topic + " failed: " + failure.get().getMessage(),
                    failure.get());
        }
    }

    private static void pace(long startNanos, long sent, double ratePerSecond) {
        if (ratePerSecond <= 0) {
            return;
        }
        long due = startNanos + (long) (sent / ratePerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

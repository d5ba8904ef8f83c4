package dev.streamssl.producers.kafka;

import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.LoopingCursor;
import dev.streamssl.producers.data.SkippedFiles;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Publishes images as {@link ImageRecord}s keyed by id. Passes over the source repeat until the
 * budget (a number of images, a duration, or one pass) is spent; on a repeated pass ids get a
 * {@code #pass} suffix so that every published record is a distinct image occurrence. An optional
 * rate limit spaces records evenly. A record the broker or the client refuses as too large is
 * counted in {@link SkippedFiles} (when given) and publishing goes on; any other send failure stops
 * publishing with that error. Each record carries the run's tags, overridden by the image's own.
 */
public final class ImagePublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final WireCodec<ImageRecord> codec;
    private final SkippedFiles skipped;
    private final AtomicLong bytesSent = new AtomicLong();

    public ImagePublisher(KafkaProducer<String, byte[]> producer, String topic, WireFormat wire) {
        this(producer, topic, wire, null);
    }

    /**
     * @param wire how records are framed (single-object, or the registry's wire format)
     * @param skipped where records refused as too large are counted; null: such a refusal stops
     *     publishing like any other failure
     */
    public ImagePublisher(
            KafkaProducer<String, byte[]> producer,
            String topic,
            WireFormat wire,
            SkippedFiles skipped) {
        this.producer = producer;
        this.topic = topic;
        this.codec = wire.images(topic);
        this.skipped = skipped;
    }

    /** Image bytes (the records' data) acknowledged by Kafka so far. */
    public long bytesSent() {
        return bytesSent.get();
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
     * Publishes and returns the number of records Kafka acknowledged; {@code progress} sees the
     * running count of records sent.
     */
    public long publish(
            ImageSource source, Map<String, String> tags, Budget budget, LongConsumer progress) {
        long start = System.nanoTime();
        long sent = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long shown = start;
        LoopingCursor images = new LoopingCursor(source, budget.loop());
        while (images.hasNext()
                && sent < budget.maxImages()
                && (System.nanoTime() - start) / 1_000_000 < budget.maxMillis()) {
            throwIfFailed(failure);
            LabeledImage image = images.next();
            ImageRecord record = image.toRecord(tags, System.currentTimeMillis());
            producer.send(
                    new ProducerRecord<>(topic, image.id(), codec.encode(record)),
                    (meta, e) -> {
                        if (e == null) {
                            acknowledged.incrementAndGet();
                            bytesSent.addAndGet(image.data().length);
                        } else if (e instanceof RecordTooLargeException && skipped != null) {
                            skipped.skip(
                                    "too-large",
                                    image.source() == null ? image.id() : image.source(),
                                    "Kafka refused the record: "
                                            + e.getMessage()
                                            + " (the topic's max.message.bytes, or the producer's"
                                            + " max.request.size; or shrink photos with --max-side)");
                        } else {
                            failure.compareAndSet(null, e);
                        }
                    });
            sent++;
            // every 500 small images, or every second when they are large files
            if (progress != null
                    && (sent % 500 == 0 || System.nanoTime() - shown > 1_000_000_000L)) {
                progress.accept(sent);
                shown = System.nanoTime();
            }
            pace(start, sent, budget.ratePerSecond());
        }
        producer.flush();
        throwIfFailed(failure);
        if (progress != null) {
            progress.accept(sent);
        }
        return acknowledged.get();
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

package dev.streamssl.stack;

import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.producers.data.ListImageSource;
import dev.streamssl.producers.data.LoopingCursor;
import dev.streamssl.producers.kafka.ImagePublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's images on the images topic, each tagged with its split and the phase it serves:
 * held-out {@code monitor} images for the embedders' live kNN (never learnt), {@code train} images
 * the learners learn, and the {@code eval} bank (tagged {@code learn=false}) and test set that the
 * final model embeds.
 */
final class DemoPublisher {
    /** Held-out test images streamed for the job's live kNN monitor. */
    static final int MONITOR_TEST_IMAGES = 500;

    private final ImagePublisher publisher;

    DemoPublisher(ImagePublisher publisher) {
        this.publisher = publisher;
    }

    /** The first {@value #MONITOR_TEST_IMAGES} test images, for the live kNN; returns the count. */
    long monitor(ImageSource test) {
        return publish(
                chunk(new LoopingCursor(test, false), test.describe(), MONITOR_TEST_IMAGES),
                Map.of("split", "test", "phase", "monitor"));
    }

    /** The next {@code count} images of the looping training stream; returns the count sent. */
    long train(LoopingCursor stream, String description, int count) {
        return publish(
                chunk(stream, description, count), Map.of("phase", "train", "split", "train"));
    }

    /** The labelled bank and the test set, for the final model to embed; returns the count. */
    long evalSets(DemoData data) {
        return publish(data.bank(), Map.of("split", "train", "learn", "false", "phase", "eval"))
                + publish(data.test(), Map.of("split", "test", "phase", "eval"));
    }

    private long publish(ImageSource images, Map<String, String> tags) {
        return publisher.publish(images, tags, ImagePublisher.Budget.onePass(), null);
    }

    /** The next {@code count} images of a cursor, as a source of their own. */
    private static ImageSource chunk(LoopingCursor stream, String description, int count) {
        List<LabeledImage> chunk = new ArrayList<>(count);
        while (chunk.size() < count && stream.hasNext()) {
            chunk.add(stream.next());
        }
        return new ListImageSource(description, chunk);
    }
}

package dev.streamssl.tools.cli;

import dev.streamssl.tools.data.FashionMnist;
import dev.streamssl.tools.data.ImageDirectory;
import dev.streamssl.tools.data.ImageSource;
import dev.streamssl.tools.data.SyntheticImages;
import dev.streamssl.tools.kafka.ImagePublisher;
import dev.streamssl.tools.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamssl publish}: images from Fashion-MNIST, a directory or the generator → Kafka. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Publish images to the images topic as Avro ImageRecords.")
public final class PublishCommand implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--fashion-mnist",
                paramLabel = "DIR",
                arity = "0..1",
                fallbackValue = "/usr/share/datasets/fashion-mnist",
                description = "Fashion-MNIST IDX files (default dir: ${FALLBACK-VALUE}).")
        Path fashionMnist;

        @Option(names = "--dir", paramLabel = "DIR", description = "A directory of JPEG/PNG files.")
        Path directory;

        @Option(
                names = "--synthetic",
                paramLabel = "N",
                description = "N images of the built-in shape generator.")
        Integer synthetic;
    }

    @Option(
            names = "--split",
            defaultValue = "train",
            description =
                    "Fashion-MNIST split to read (train|test); also written as tag split=… (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(
            names = "--labels-from-folders",
            description = "With --dir: label = index of the sub-folder name.")
    boolean labelsFromFolders;

    @Option(
            names = "--tag",
            paramLabel = "KEY=VALUE",
            description = "Extra tag on every record (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--limit", paramLabel = "N", description = "Publish at most N images.")
    Long limit;

    @Option(names = "--loop", description = "Repeat the source until --limit is reached.")
    boolean loop;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Publish at most this many images per second.")
    double rate;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of --synthetic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = {"-t", "--topic"},
            defaultValue = "images",
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws Exception {
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException(
                    "--split must be train or test, got '" + split + "'");
        }
        if (loop && limit == null) {
            throw new IllegalArgumentException("--loop needs --limit N (how many images in all)");
        }
        ImageSource images;
        if (source.fashionMnist != null) {
            images = FashionMnist.load(source.fashionMnist, split);
        } else if (source.directory != null) {
            images = new ImageDirectory(source.directory, labelsFromFolders);
        } else {
            images = new SyntheticImages(source.synthetic, seed, split + "-syn-");
        }
        Map<String, String> allTags = new LinkedHashMap<>();
        allTags.put("split", split);
        allTags.putAll(tags);
        long max = limit == null ? images.size() : limit;
        ProgressBar bar =
                new ProgressBar(
                        System.err,
                        "publish " + images.describe(),
                        loop ? max : Math.min(max, images.size()));
        KafkaClients.requireTopic(kafka.properties(), topic);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.properties())) {
            long sent =
                    new ImagePublisher(producer, topic)
                            .publish(
                                    images,
                                    allTags,
                                    new ImagePublisher.Budget(max, Long.MAX_VALUE, loop, rate),
                                    bar::update);
            bar.done();
            System.out.println("published " + sent + " images to " + topic);
        }
        return 0;
    }
}

package dev.streamssl.cli;

import dev.streamssl.producers.data.FashionMnist;
import dev.streamssl.producers.data.ImageSource;
import dev.streamssl.producers.data.PhotoEntry;
import dev.streamssl.producers.data.PhotoFolder;
import dev.streamssl.producers.data.PhotoManifest;
import dev.streamssl.producers.data.PhotoPreparer;
import dev.streamssl.producers.data.PhotoSource;
import dev.streamssl.producers.data.SkippedFiles;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.RecordLimits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl publish}: images from Fashion-MNIST, a folder, a manifest or the generator →
 * Kafka. From a folder or a manifest no file stops the run: each one that cannot be published is
 * named on stderr and counted by reason, and the run ends with one summary line; the exit code is 0
 * unless nothing could be published.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Publish images to the images topic as Avro ImageRecords.")
public final class PublishCommand implements Callable<Integer> {
    /** Long side above which photos are shrunk and re-encoded by default (see --max-side). */
    public static final int DEFAULT_MAX_SIDE = 1024;

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

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "A folder of photos (JPEG, PNG, WebP; sub-folders included, hidden files left out).")
        Path directory;

        @Option(
                names = "--manifest",
                paramLabel = "FILE",
                description =
                        "A CSV (header path,label,split,tags) or JSON-lines list of files; paths relative to the manifest.")
        Path manifest;

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
                    "Split written as tag split=… (train|test; a manifest's own split wins); also the Fashion-MNIST split read (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(
            names = "--labels-from-folders",
            description =
                    "With --dir: label = index of the first-level sub-folder's name in sorted order; the name goes in tag class=….")
    boolean labelsFromFolders;

    @Option(
            names = "--order",
            paramLabel = "shuffled|sorted",
            description =
                    "With --dir or --manifest: shuffled (seeded by --seed; the default, since a folder in path order is one class after the other) or sorted (path or manifest order).")
    String order;

    @Option(
            names = "--max-side",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_MAX_SIDE,
            description =
                    "With --dir or --manifest: photos whose long side exceeds N pixels are resized to N and re-encoded as JPEG before sending; 0 sends every file as it is (default: ${DEFAULT-VALUE}).")
    int maxSide;

    @Option(
            names = "--id-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description =
                    "With --dir or --manifest: put before every id (an image's id is its path relative to the folder or as the manifest writes it), so that two folders of the same layout do not share ids.")
    String idPrefix;

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
            description =
                    "Seed of --synthetic and of the shuffled order (default: ${DEFAULT-VALUE}).")
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
        boolean files = source.directory != null || source.manifest != null;
        if (order != null && !files) {
            throw new IllegalArgumentException("--order applies to --dir and --manifest");
        }
        if (labelsFromFolders && source.directory == null) {
            throw new IllegalArgumentException("--labels-from-folders applies to --dir");
        }
        String chosenOrder = order == null ? "shuffled" : order;
        if (!chosenOrder.equals("shuffled") && !chosenOrder.equals("sorted")) {
            throw new IllegalArgumentException(
                    "--order must be shuffled or sorted, got '" + order + "'");
        }
        SkippedFiles skipped = new SkippedFiles(System.err);
        ImageSource images;
        if (source.fashionMnist != null) {
            images = FashionMnist.load(source.fashionMnist, split);
        } else if (files) {
            images = photos(chosenOrder, skipped);
        } else {
            images = new SyntheticImages(source.synthetic, seed, split + "-syn-");
        }
        if (images.size() == 0) {
            System.err.println("nothing to publish: " + images.describe() + " holds no files");
            return 1;
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
        long sent;
        long bytes;
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.properties())) {
            ImagePublisher publisher =
                    new ImagePublisher(producer, topic, kafka.wireFormat(), skipped);
            sent =
                    publisher.publish(
                            images,
                            allTags,
                            new ImagePublisher.Budget(max, Long.MAX_VALUE, loop, rate),
                            bar::update);
            bytes = publisher.bytesSent();
            bar.done();
        }
        System.out.printf(
                "published %d images (%.1f MB) to %s; skipped %s%n",
                sent, bytes / 1e6, topic, skipped.summary());
        if (sent == 0) {
            System.err.println("nothing could be published: every file was skipped");
            return 1;
        }
        return 0;
    }

    private ImageSource photos(String chosenOrder, SkippedFiles skipped) throws Exception {
        Path where = source.directory != null ? source.directory : source.manifest;
        List<PhotoEntry> entries =
                source.directory != null
                        ? PhotoFolder.list(source.directory, labelsFromFolders)
                        : PhotoManifest.read(source.manifest);
        if (!idPrefix.isEmpty()) {
            entries =
                    entries.stream()
                            .map(
                                    e ->
                                            new PhotoEntry(
                                                    e.file(),
                                                    idPrefix + e.id(),
                                                    e.label(),
                                                    e.tags()))
                            .toList();
        }
        if (chosenOrder.equals("shuffled")) {
            entries = PhotoSource.shuffled(entries, seed);
        }
        return new PhotoSource(
                entries,
                new PhotoPreparer(maxSide, RecordLimits.IMAGE_BYTES),
                skipped,
                "files of " + where + " (" + chosenOrder + ")");
    }
}

package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.producers.data.SamplePhotos;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.stack.EmbeddedKafka;
import dev.streamssl.stack.LocalStack;
import dev.streamssl.stack.SmallJob;
import dev.streamssl.stack.TopicKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera files in, as a user brings them: {@code streamssl publish --dir --labels-from-folders}
 * over a folder of every kind of file (and broken ones) and over 12-megapixel JPEGs of several MB
 * sent as they are, into the job on a real broker with the RGB input: every readable file is
 * embedded exactly once with its label and class name, the others are counted by reason, and
 * nothing becomes a dead letter.
 */
class CameraPhotosITCase {
    private static final List<String> CLASSES = List.of("disc", "ring", "cross");

    @TempDir Path work;

    @Test
    void embedsEveryReadableFileOnceWithItsLabel() throws Exception {
        Path photos = work.resolve("photos");
        // 4 photos per class cycle through the 11 kinds of file; 4 broken files per class
        SamplePhotos.write(
                photos,
                new SyntheticImages(40, 3, "s"),
                CLASSES,
                new SamplePhotos.Options(4, 640, 480, true, 5));
        Path camera = work.resolve("camera");
        SamplePhotos.write(
                camera,
                new SyntheticImages(10, 4, "c"),
                CLASSES.subList(0, 2),
                new SamplePhotos.Options(1, 4032, 3024, false, 6));
        try (Stream<Path> files = Files.walk(camera)) {
            assertThat(files.filter(Files::isRegularFile).map(CameraPhotosITCase::size))
                    .hasSize(2)
                    .allSatisfy(bytes -> assertThat(bytes).isGreaterThan(1_500_000L));
        }

        Map<String, String> options = SmallJob.rgbOptions(work.resolve("checkpoints"), 8);
        try (LocalStack stack = LocalStack.start(options)) {
            stack.startJob();
            String bootstrap = stack.kafka().bootstrapServers();

            Run folder =
                    publish("--dir", photos.toString(), "--labels-from-folders", "-b", bootstrap);
            assertThat(folder.exit()).as(folder.err()).isZero();
            assertThat(folder.out())
                    .contains("published 12 images")
                    .contains(
                            "skipped 12 (corrupt 3, empty 3, not-an-image 3, unsupported-format 3)");
            assertThat(folder.err())
                    .contains("cut-short.jpg (corrupt)")
                    .contains("phone.heic (unsupported-format)")
                    .doesNotContain("Exception");

            // the multi-megabyte originals, not shrunk: producer, topic and job agree on the size
            Run large =
                    publish(
                            "--dir",
                            camera.toString(),
                            "--labels-from-folders",
                            "--max-side",
                            "0",
                            "--id-prefix",
                            "camera/",
                            "-b",
                            bootstrap);
            assertThat(large.exit()).as(large.err()).isZero();
            assertThat(large.out()).contains("published 2 images").contains("skipped 0");

            Properties client = stack.kafka().clientProperties();
            Map<String, Integer> keys =
                    TopicKeys.count(
                            client, "embeddings", 14, Duration.ofSeconds(4), Duration.ofMinutes(3));
            assertThat(keys).hasSize(14);
            assertThat(keys.values()).containsOnly(1);
            List<EmbeddingRecord> embeddings =
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject())
                            .read(r -> r.size() >= 14, null, Duration.ofMinutes(1), null);
            for (EmbeddingRecord e : embeddings) {
                boolean fromCamera = e.getId().startsWith("camera/");
                String path = e.getId().replaceFirst("^camera/", "");
                String folderName = path.substring(0, path.indexOf('/'));
                // the label is the folder's index among the published folder's sub-folders, sorted
                List<String> sorted =
                        (fromCamera ? CLASSES.subList(0, 2) : CLASSES).stream().sorted().toList();
                assertThat(e.getLabel()).as(e.getId()).isEqualTo(sorted.indexOf(folderName));
                assertThat(e.getTags()).containsEntry("class", folderName);
                assertThat(e.getVector()).hasSize(128);
            }
            assertThat(TopicKeys.deadLetters(client)).isEmpty();
        }
    }

    @Test
    void countsWhatATopicRefusesAsTooLargeAndGoesOn() throws Exception {
        Path camera = work.resolve("camera");
        SamplePhotos.write(
                camera,
                new SyntheticImages(10, 4, "c"),
                CLASSES.subList(0, 2),
                new SamplePhotos.Options(1, 2048, 1536, false, 6));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // a topic created with Kafka's defaults would refuse these; this one says so at 200 kB
            TopicAdmin.ensure(
                    kafka.clientProperties(),
                    Map.of("images", 1),
                    (short) 1,
                    Map.of("images", Map.of("max.message.bytes", "200000")));
            String bootstrap = kafka.bootstrapServers();
            Run refused = publish("--dir", camera.toString(), "--max-side", "0", "-b", bootstrap);
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.out())
                    .contains("published 0 images")
                    .contains("skipped 2 (too-large 2)");
            assertThat(refused.err()).contains("max.message.bytes").doesNotContain("Exception:");
            // shrunk to the default --max-side, the same photos fit
            Run shrunk = publish("--dir", camera.toString(), "-b", bootstrap);
            assertThat(shrunk.exit()).as(shrunk.err()).isZero();
            assertThat(shrunk.out()).contains("published 2 images");
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run publish(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            String[] all = new String[args.length + 1];
            all[0] = "publish";
            System.arraycopy(args, 0, all, 1, args.length);
            exit = StreamsslCli.execute(all);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

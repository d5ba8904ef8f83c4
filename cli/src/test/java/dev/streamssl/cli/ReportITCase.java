package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.stack.LocalStack;
import dev.streamssl.stack.SmallJob;
import dev.streamssl.stack.TopicKeys;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code streamssl report} on a run of the real job, and the page it writes opened by a real
 * headless browser (Debian's chromium, which {@code .ci/run} installs): the page loads, every
 * figure is in it, and no figure is blank.
 */
class ReportITCase {
    private static final List<String> FIGURES =
            List.of(
                    "loss",
                    "learning-rate",
                    "momentum",
                    "embedding-std",
                    "teacher-entropy",
                    "live-knn",
                    "drift",
                    "neighbours",
                    "projection",
                    "attention");

    @TempDir Path dir;

    @Test
    void writesAPageWithEveryFigureThatABrowserOpens() throws Exception {
        Map<String, String> options = SmallJob.options(dir.resolve("cp"));
        // DINO on a tiny ViT: every figure but the cluster gallery, the attention maps included
        options.put("learner.method", "dino");
        options.put("learner.architecture", "vit");
        options.put("vit.patch-size", "7");
        options.put("vit.dim", "32");
        options.put("vit.depth", "2");
        options.put("vit.heads", "2");
        options.put("dino.local-crops", "2");
        options.put("dino.local-size", "14");
        options.put("dino.output-dim", "64");
        options.put("dino.head-hidden-dim", "64");
        options.put("dino.bottleneck-dim", "32");
        options.put("learner.snapshot-interval", "4");
        options.put("learner.metrics-interval", "2");
        options.put("embedder.live-knn.bank-size", "200");
        options.put("embedder.live-knn.test-size", "60");
        options.put("embedder.live-knn.interval", "1s");
        // drift checks small enough for 640 images: the drift figure has points
        options.put("drift.reference-size", "128");
        options.put("drift.window", "64");
        options.put("drift.check-every", "128");
        try (LocalStack stack = LocalStack.start(options)) {
            Properties client = stack.kafka().clientProperties();
            stack.startJob();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                ImagePublisher images =
                        new ImagePublisher(producer, "images", WireFormat.singleObject());
                images.publish(
                        new SyntheticImages(60, 3, "held-out-"),
                        Map.of("split", "test"),
                        ImagePublisher.Budget.onePass(),
                        null);
                images.publish(
                        new SyntheticImages(640, 4, "train-"),
                        Map.of("split", "train"),
                        ImagePublisher.Budget.onePass(),
                        null);
            }
            TopicKeys.count(
                    client, "embeddings", 700, Duration.ofSeconds(3), Duration.ofMinutes(3));
            // the live kNN of a later version: wait until at least two have been scored
            long deadline = System.currentTimeMillis() + 60_000;
            while (TopicKeys.count(
                                            client,
                                            "metrics",
                                            0,
                                            Duration.ofSeconds(1),
                                            Duration.ofSeconds(10))
                                    .getOrDefault("knn-0", 0)
                            < 2
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(1000);
            }

            Path out = dir.resolve("report");
            int exit =
                    new CommandLine(new ReportCommand())
                            .execute(
                                    "-b",
                                    stack.kafka().bootstrapServers(),
                                    "--out",
                                    out.toString(),
                                    "--idle-seconds",
                                    "2");
            assertThat(exit).isZero();
            Path page = out.resolve("index.html");
            String html = Files.readString(page);
            for (String id : FIGURES) {
                assertThat(html).as("figure " + id).contains("<figure id=\"" + id + "\"");
                BufferedImage png = ImageIO.read(out.resolve(id + ".png").toFile());
                assertThat(png).as(id + ".png decodes").isNotNull();
                assertThat(dataPixels(png)).as(id + ".png has drawn data").isGreaterThan(100);
            }

            // a real browser loads the page and every figure stays in its DOM
            Process chromium =
                    new ProcessBuilder(
                                    chromium(),
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--dump-dom",
                                    page.toUri().toString())
                            .redirectError(dir.resolve("chromium.err").toFile())
                            .start();
            String dom =
                    new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(chromium.exitValue())
                    .as(Files.readString(dir.resolve("chromium.err")))
                    .isZero();
            for (String id : FIGURES) {
                assertThat(dom).contains("id=\"" + id + "\"");
            }
            assertThat(dom).contains("data:image/png;base64,");
            assertThat(Files.readString(dir.resolve("chromium.err"))).doesNotContain("Uncaught");
        }
    }

    /**
     * Pixels of data above the legend: coloured ones (channels apart by more than 60). A chart's
     * frame, title, axes, grid and background are grey, and its legend sits in the bottom 15 %;
     * what is coloured above it are the series' lines and points (a line of two points is hundreds
     * of pixels), or, in the neighbour grid, the green and red frames of the matches. An empty
     * chart has none.
     */
    private static int dataPixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight() * 85 / 100; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String chromium() {
        for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "this test opens the report in Debian's chromium: apt-get install -y chromium"
                        + " (.ci/run does)");
    }
}

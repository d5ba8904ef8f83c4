package dev.streamssl.cli;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamssl local}: the embedded stack (a KRaft broker and the job on a MiniCluster) in this
 * JVM, running until interrupted, so that images can be published and embeddings consumed by hand,
 * the way a local Kafka is tried out.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description =
                "Start an in-process Kafka broker and the job; print the address and topics; run until Ctrl-C.")
public final class LocalCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "A job configuration (YAML, as the job takes it), e.g. deploy/config/rgb.yaml for photos; KEY=VALUE overrides win. The broker address and the checkpoint folder are the local stack's own.")
    Path config;

    @Parameters(
            paramLabel = "KEY=VALUE",
            description = "Job option overrides (see docs/configuration.md).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        if (config != null) {
            options.putAll(ConfigLoader.readFlat(config));
        }
        options.put(
                "job.checkpoint-dir",
                Files.createTempDirectory("streamssl-checkpoints").toUri().toString());
        options = KeyValueArguments.apply(options, overrides);
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalStack stack = LocalStack.start(options)) {
            stack.startJob();
            JobSettings s = stack.settings();
            String bootstrap = stack.kafka().bootstrapServers();
            System.out.println("streamssl local stack is running");
            System.out.println("  bootstrap servers : " + bootstrap);
            System.out.println("  images topic      : " + s.get(KafkaOptions.IMAGES_TOPIC));
            System.out.println("  embeddings topic  : " + s.get(KafkaOptions.EMBEDDINGS_TOPIC));
            System.out.println("  dead-letter topic : " + s.get(KafkaOptions.DEAD_LETTER_TOPIC));
            System.out.println("  metrics topic     : " + s.get(KafkaOptions.METRICS_TOPIC));
            System.out.println("  Flink web UI      : " + stack.webUi());
            System.out.println("try, in another terminal:");
            System.out.println("  ./streamssl publish -b " + bootstrap + " --synthetic 2000");
            System.out.println(
                    "  ./streamssl publish -b "
                            + bootstrap
                            + " --dir PHOTOS --labels-from-folders");
            System.out.println("  ./streamssl embeddings -b " + bootstrap + " --follow");
            System.out.println("Ctrl-C stops the stack.");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}

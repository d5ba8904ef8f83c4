package dev.streamssl.cli;

import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the tools that read an embeddings topic: where it is and when to stop. */
public final class EmbeddingTopic {
    @Mixin KafkaConnection kafka;

    @Option(
            names = {"-t", "--topic"},
            defaultValue = "embeddings",
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--idle-seconds",
            defaultValue = "5",
            description =
                    "Stop reading when nothing arrived for this long (default: ${DEFAULT-VALUE}).")
    long idleSeconds;

    EmbeddingTopicReader reader() throws IOException {
        return new EmbeddingTopicReader(kafka.properties(), topic, kafka.wireFormat());
    }
}

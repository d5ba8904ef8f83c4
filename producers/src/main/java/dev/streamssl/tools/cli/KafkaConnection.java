package dev.streamssl.tools.cli;

import dev.streamssl.tools.kafka.KafkaClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options every tool that talks to Kafka shares. */
public final class KafkaConnection {
    @Option(
            names = {"-b", "--bootstrap-servers"},
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "Java properties file with extra client settings (security.protocol, sasl.*, ssl.*).")
    Path propertiesFile;

    public Properties properties() throws IOException {
        if (propertiesFile != null && !Files.isRegularFile(propertiesFile)) {
            throw new IllegalArgumentException(
                    "--kafka-properties: file " + propertiesFile + " does not exist");
        }
        return KafkaClients.base(bootstrapServers, propertiesFile);
    }

    /** The properties file as given, for a Flink job that reads it itself; null if none. */
    public String propertiesFileOrNull() {
        return propertiesFile == null ? null : propertiesFile.toAbsolutePath().toString();
    }
}

package dev.streamssl.cli;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.WireFormat;
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

    @Option(
            names = "--serde-format",
            paramLabel = "FORMAT",
            defaultValue = "single-object",
            description =
                    "How records are framed: single-object (Avro single-object encoding) or"
                            + " registry (Confluent wire format with a schema registry)"
                            + " (default: ${DEFAULT-VALUE}).")
    String serdeFormat;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description =
                    "Schema registry URL(s) for --serde-format registry; default: schema.registry.url"
                            + " in --kafka-properties (credentials: basic.auth.user.info there).")
    String registryUrl;

    /** The framing these options name; a bad name or a missing URL is a message for the user. */
    public WireFormat wireFormat() throws IOException {
        return WireFormat.of(serdeFormat, registryUrl, properties());
    }

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

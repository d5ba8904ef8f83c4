package dev.streamssl.job.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * How records are framed on every topic the job reads and writes: Avro single-object encoding
 * (self-contained, the default) or the Confluent schema-registry wire format.
 */
public final class SerdeOptions {
    private SerdeOptions() {}

    public static final ConfigOption<String> FORMAT =
            ConfigOptions.key("serde.format")
                    .stringType()
                    .defaultValue("single-object")
                    .withDescription(
                            "single-object (Avro single-object encoding, schemas bundled in the"
                                    + " jar) or registry (Confluent wire format: magic byte 0, the"
                                    + " schema id, the body; schemas registered under"
                                    + " <topic>-value, and <topic>-<record name> on the metrics"
                                    + " topic). A registry-mode reader also reads single-object"
                                    + " records.");

    public static final ConfigOption<String> REGISTRY_URL =
            ConfigOptions.key("schema-registry.url")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Schema registry base URL(s), comma-separated, with serde.format ="
                                    + " registry. Empty: schema.registry.url from"
                                    + " kafka.properties-file. Credentials: basic.auth.user.info"
                                    + " (user:password) in that file; how long an id without a"
                                    + " usable schema is remembered: missing.id.cache.ttl.sec"
                                    + " (seconds, default 60) there.");

    /** The rules of these options, checked at start-up. */
    static final List<OptionCheck> CHECKS =
            List.of(OptionCheck.oneOf(FORMAT, "single-object", "registry"));
}

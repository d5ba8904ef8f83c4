package dev.streamssl.schemas;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Which framing the job and the tools write and read, as one serializable value that travels with
 * the job: {@code single-object} (the default: Avro single-object encoding, schemas bundled in the
 * jar, no registry) or {@code registry} (the Confluent wire format against a schema registry, the
 * format Kafka shops' consumers, Kafka Connect and Flink SQL's {@code avro-confluent} read).
 *
 * <p>Subjects follow Confluent's naming: {@code <topic>-value} for the topics of one record type
 * (TopicNameStrategy), and {@code <topic>-<record full name>} for the metrics topic, which carries
 * three record types (TopicRecordNameStrategy): each type keeps its own subject, so each evolves
 * under the registry's compatibility check, and a reader tells them apart by the schema id.
 *
 * <p>The registry URL and credentials come from the Kafka client properties file, under the names
 * Confluent's clients use ({@code schema.registry.url}, {@code basic.auth.user.info}), unless given
 * directly; so does how long an id the registry has no usable schema under is remembered ({@code
 * missing.id.cache.ttl.sec}, {@link RegistryRestClient#DEFAULT_MISSING_ID_TTL} by default).
 */
public final class WireFormat implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Property names shared with Confluent's serializers, so one client.properties serves both. */
    public static final String URL_PROPERTY = "schema.registry.url";

    public static final String USER_INFO_PROPERTY = "basic.auth.user.info";

    public static final String MISSING_ID_TTL_PROPERTY = "missing.id.cache.ttl.sec";

    /** The registry's keys in a Kafka properties file: Kafka clients would warn about them. */
    public static final List<String> REGISTRY_PROPERTIES =
            List.of(URL_PROPERTY, USER_INFO_PROPERTY, MISSING_ID_TTL_PROPERTY);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, SchemaRegistry> CLIENTS = new ConcurrentHashMap<>();

    private final String registryUrl;
    private final String userInfo;
    private final Duration missingIdTtl;

    private WireFormat(String registryUrl, String userInfo, Duration missingIdTtl) {
        this.registryUrl = registryUrl;
        this.userInfo = userInfo;
        this.missingIdTtl = missingIdTtl;
    }

    public static WireFormat singleObject() {
        return new WireFormat(null, null, null);
    }

    public static WireFormat registry(String url, String userInfo) {
        return registry(url, userInfo, RegistryRestClient.DEFAULT_MISSING_ID_TTL);
    }

    /**
     * @param missingIdTtl how long the REST client remembers that an id has no usable schema (a
     *     registry client from a {@link SchemaRegistryProvider} keeps its own rules)
     */
    public static WireFormat registry(String url, String userInfo, Duration missingIdTtl) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "serde format 'registry' needs a schema registry URL: set "
                            + URL_PROPERTY
                            + " in the Kafka properties file, or the registry URL option");
        }
        String trimmed = url.strip();
        java.util.Optional<SchemaRegistryProvider> provider =
                SchemaRegistryProvider.forUrl(trimmed);
        if (provider.isPresent()) {
            provider.get().open(trimmed, userInfo); // fails now if it cannot
        } else {
            // validates the URLs and the time now
            new RegistryRestClient(trimmed, userInfo, TIMEOUT, missingIdTtl);
        }
        return new WireFormat(trimmed, userInfo, missingIdTtl);
    }

    /**
     * The format a user named ({@code single-object} or {@code registry}); the URL falls back to
     * {@code schema.registry.url} and the credentials to {@code basic.auth.user.info} in {@code
     * clientProperties}, where {@code missing.id.cache.ttl.sec} may set how long an id without a
     * usable schema is remembered.
     */
    public static WireFormat of(String name, String url, Properties clientProperties) {
        String format = name == null ? "single-object" : name.strip().toLowerCase(Locale.ROOT);
        return switch (format) {
            case "single-object" -> singleObject();
            case "registry" ->
                    registry(
                            url == null || url.isBlank()
                                    ? clientProperties.getProperty(URL_PROPERTY)
                                    : url,
                            clientProperties.getProperty(USER_INFO_PROPERTY),
                            missingIdTtl(clientProperties.getProperty(MISSING_ID_TTL_PROPERTY)));
            default ->
                    throw new IllegalArgumentException(
                            "unknown serde format '" + name + "'; known: single-object, registry");
        };
    }

    private static Duration missingIdTtl(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return RegistryRestClient.DEFAULT_MISSING_ID_TTL;
        }
        try {
            long value = Long.parseLong(seconds.strip());
            if (value >= 0) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below with the property's name
        }
        throw new IllegalArgumentException(
                MISSING_ID_TTL_PROPERTY
                        + " must be a whole number of seconds, 0 or more; got '"
                        + seconds
                        + "'");
    }

    public boolean usesRegistry() {
        return registryUrl != null;
    }

    /** The registry's URL(s), or null for single-object encoding. */
    public String registryUrl() {
        return registryUrl;
    }

    public WireCodec<ImageRecord> images(String topic) {
        return forTopic(ImageRecord.getClassSchema(), topic);
    }

    public WireCodec<EmbeddingRecord> embeddings(String topic) {
        return forTopic(EmbeddingRecord.getClassSchema(), topic);
    }

    public WireCodec<DeadLetter> deadLetters(String topic) {
        return forTopic(DeadLetter.getClassSchema(), topic);
    }

    public WireCodec<TrainingMetrics> metrics(String topic) {
        return forRecordOnTopic(TrainingMetrics.getClassSchema(), topic);
    }

    public WireCodec<KnnReport> knnReports(String topic) {
        return forRecordOnTopic(KnnReport.getClassSchema(), topic);
    }

    public WireCodec<DriftReport> driftReports(String topic) {
        return forRecordOnTopic(DriftReport.getClassSchema(), topic);
    }

    public WireCodec<AttentionReport> attentionReports(String topic) {
        return forRecordOnTopic(AttentionReport.getClassSchema(), topic);
    }

    /** {@code <topic>-value}: the subject of a topic that carries one record type. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** {@code <topic>-<full name>}: the subject of one record type on a topic of several. */
    public static String recordSubject(String topic, Schema schema) {
        return topic + "-" + schema.getFullName();
    }

    private <T extends SpecificRecordBase> WireCodec<T> forTopic(Schema schema, String topic) {
        return registryUrl == null
                ? new SingleObjectCodec<>(schema)
                : new RegistryCodec<>(schema, valueSubject(topic), client());
    }

    private <T extends SpecificRecordBase> WireCodec<T> forRecordOnTopic(
            Schema schema, String topic) {
        return registryUrl == null
                ? new SingleObjectCodec<>(schema)
                : new RegistryCodec<>(schema, recordSubject(topic, schema), client());
    }

    /** One client, and so one cache, per registry, credentials and cache time in this JVM. */
    private SchemaRegistry client() {
        return CLIENTS.computeIfAbsent(
                registryUrl + '\n' + (userInfo == null ? "" : userInfo) + '\n' + missingIdTtl,
                k ->
                        SchemaRegistryProvider.forUrl(registryUrl)
                                .map(p -> p.open(registryUrl, userInfo))
                                .orElseGet(
                                        () ->
                                                new RegistryRestClient(
                                                        registryUrl,
                                                        userInfo,
                                                        TIMEOUT,
                                                        missingIdTtl)));
    }

    @Override
    public String toString() {
        return registryUrl == null ? "single-object" : "registry(" + registryUrl + ")";
    }
}

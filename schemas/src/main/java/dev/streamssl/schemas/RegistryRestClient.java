package dev.streamssl.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API (v1), the API that Confluent Schema Registry,
 * Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda serve. It uses two calls: {@code POST
 * /subjects/{subject}/versions} (register, or find, a schema: returns its global id) and {@code GET
 * /schemas/ids/{id}} (the schema with an id). Both answers are cached for the life of the client,
 * as the registry's contract allows (an id never changes its schema).
 *
 * <p>Whose fault a failed lookup by id is decides what happens to the record that carries the id.
 * The record's ({@link WireFormatException}, {@code UNKNOWN_SCHEMA}: the record is dead-lettered):
 * an error the registry itself answers about the id, with a Confluent {@code error_code} in its
 * body (404 with 40403 "schema not found"; any other 4xx with a code, such as a 422), a schema of
 * another type ({@code schemaType} PROTOBUF or JSON), an Avro schema that does not parse. These
 * answers are remembered for {@code missingIdTtl} ({@link MissingSchemaCache}), so a run of records
 * with the same bad id costs one request. The registry's ({@link RegistryUnavailableException}: a
 * stream's task fails and restarts from its checkpoint, nothing is dead-lettered): no answer (a
 * refused connection, a timeout), a 5xx, 408 or 429, each retried over all URLs {@value #ATTEMPTS}
 * times with a pause of 250 ms, then 500 ms, between rounds and none after the last; a 401/403 at
 * once (credentials are the operator's to fix); any other answer, such as a 4xx without a registry
 * error code, a redirect or a 200 without a schema (something other than the registry's API answers
 * at that URL: a wrong path, a proxy), because it would otherwise dead-letter every record.
 *
 * <p>Several URLs (comma-separated) are tried in turn. Credentials are HTTP basic, {@code
 * user:password}, as in Confluent's {@code basic.auth.user.info}.
 */
public final class RegistryRestClient implements SchemaRegistry {
    static final int ATTEMPTS = 3;

    /** How long an id without a usable schema is remembered unless configured otherwise. */
    public static final Duration DEFAULT_MISSING_ID_TTL = Duration.ofSeconds(60);

    /** Confluent's error code for an id the registry has no schema under. */
    static final int SCHEMA_NOT_FOUND = 40403;

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between attempts; {@link Thread#sleep} outside tests. */
    @FunctionalInterface
    interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    private final List<String> baseUrls;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;
    private final Pause pause;
    private final MissingSchemaCache missing;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    /** A client that remembers ids without a usable schema for {@link #DEFAULT_MISSING_ID_TTL}. */
    public RegistryRestClient(String urls, String userInfo, Duration timeout) {
        this(urls, userInfo, timeout, DEFAULT_MISSING_ID_TTL);
    }

    /**
     * @param urls one or more base URLs, comma-separated (for Apicurio include the compatibility
     *     path, {@code http://host:8080/apis/ccompat/v7})
     * @param userInfo {@code user:password} for basic authentication, or null
     * @param missingIdTtl how long the registry's answer that an id has no usable schema is
     *     remembered; zero asks again for every record
     */
    public RegistryRestClient(
            String urls, String userInfo, Duration timeout, Duration missingIdTtl) {
        this(urls, userInfo, timeout, missingIdTtl, Thread::sleep, System::nanoTime);
    }

    RegistryRestClient(
            String urls,
            String userInfo,
            Duration timeout,
            Duration missingIdTtl,
            Pause pause,
            LongSupplier nanoTime) {
        this.pause = pause;
        this.missing = new MissingSchemaCache(missingIdTtl, nanoTime);
        this.baseUrls =
                List.of(urls.split(",")).stream()
                        .map(String::strip)
                        .filter(u -> !u.isEmpty())
                        .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                        .toList();
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("schema registry URL is empty");
        }
        for (String url : baseUrls) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException(
                        "schema registry URL '" + url + "' must start with http:// or https://");
            }
        }
        this.authorization =
                userInfo == null || userInfo.isBlank()
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        String key = subject + '\n' + schema;
        Integer known = idsBySubjectAndSchema.get(key);
        if (known != null) {
            return known;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the registration request", e);
        }
        String path =
                "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
        Answer answer = send(path, body);
        if (answer.status == 409) {
            throw new IllegalStateException(
                    "schema registry rejects "
                            + schema.getFullName()
                            + " under subject '"
                            + subject
                            + "' as incompatible with the versions it holds ("
                            + answer.message()
                            + "); evolve the schema compatibly or change the subject's"
                            + " compatibility level");
        }
        if (answer.status != 200) {
            throw new IllegalStateException(
                    "schema registry refused to register "
                            + schema.getFullName()
                            + " under subject '"
                            + subject
                            + "': HTTP "
                            + answer.status
                            + " "
                            + answer.message());
        }
        int id = answer.json.path("id").asInt(-1);
        if (id < 0) {
            throw new IllegalStateException(
                    "schema registry answered a registration without an id: " + answer.text);
        }
        idsBySubjectAndSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) throws WireFormatException {
        Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        missing.rethrowIfRemembered(id);
        try {
            Schema schema = fetch(id);
            schemasById.putIfAbsent(id, schema);
            return schema;
        } catch (WireFormatException e) {
            missing.remember(id, e);
            throw e;
        }
    }

    /**
     * {@code GET /schemas/ids/{id}}, its failures told apart into the record's and the registry's.
     */
    private Schema fetch(int id) throws WireFormatException {
        Answer answer = send("/schemas/ids/" + id, null);
        if (answer.status != 200) {
            if (answer.status / 100 != 4 || answer.errorCode() < 0) {
                throw new RegistryUnavailableException(
                        "schema registry at "
                                + String.join(",", baseUrls)
                                + " answered GET /schemas/ids/"
                                + id
                                + " with HTTP "
                                + answer.status
                                + " and no registry error about the id ("
                                + answer.excerpt()
                                + "); is that the registry API's base URL (Apicurio's ends in"
                                + " /apis/ccompat/v7)?",
                        null);
            }
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id "
                            + id
                            + (answer.errorCode() == SCHEMA_NOT_FOUND
                                    ? " is not in the registry"
                                    : " is refused by the registry")
                            + " (HTTP "
                            + answer.status
                            + ", error "
                            + answer.errorCode()
                            + ": "
                            + answer.message()
                            + ")",
                    null);
        }
        JsonNode text = answer.json.path("schema");
        if (!text.isTextual()) {
            throw new RegistryUnavailableException(
                    "schema registry at "
                            + String.join(",", baseUrls)
                            + " answered GET /schemas/ids/"
                            + id
                            + " without a schema ("
                            + answer.excerpt()
                            + "); is that the registry API's base URL?",
                    null);
        }
        String type = answer.json.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id " + id + " is a " + type + " schema, not an Avro schema",
                    null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (AvroRuntimeException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id "
                            + id
                            + " holds an Avro schema that does not parse: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * One request to the first URL that answers, retried on network errors, 5xx, 408 and 429. The
     * pause comes before a retry, never after the last attempt: then the caller has waited long
     * enough.
     */
    private Answer send(String path, String body) {
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                try {
                    pause.pause(250L << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException(
                            "interrupted while waiting to ask the schema registry again", e);
                }
            }
            for (String base : baseUrls) {
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(timeout)
                                .header("Accept", CONTENT_TYPE + ", application/json");
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                if (body != null) {
                    request.header("Content-Type", CONTENT_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                }
                try {
                    HttpResponse<String> response =
                            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    int status = response.statusCode();
                    if (status == 401 || status == 403) {
                        throw new RegistryUnavailableException(
                                "schema registry at "
                                        + base
                                        + " rejects the credentials (HTTP "
                                        + status
                                        + "); set basic.auth.user.info=user:password in the"
                                        + " Kafka properties file",
                                null);
                    }
                    if (status >= 500 || status == 408 || status == 429) {
                        // the registry is failing, slow or shedding load: no fault of the request
                        last = new IOException("HTTP " + status + " " + response.body());
                        continue;
                    }
                    return new Answer(status, response.body());
                } catch (IOException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException("interrupted while asking " + base, e);
                }
            }
        }
        throw new RegistryUnavailableException(
                "schema registry at "
                        + String.join(",", baseUrls)
                        + " is unreachable after "
                        + ATTEMPTS
                        + " attempts: "
                        + last,
                last);
    }

    /** A registry answer: status, raw text and, when it parses, the JSON body. */
    private static final class Answer {
        final int status;
        final String text;
        final JsonNode json;

        Answer(int status, String text) {
            this.status = status;
            this.text = text;
            JsonNode parsed;
            try {
                parsed = JSON.readTree(text);
            } catch (IOException e) {
                parsed = JSON.createObjectNode();
            }
            this.json = parsed == null ? JSON.createObjectNode() : parsed;
        }

        /** The registry's error message ({@code {"error_code": ..., "message": ...}}). */
        String message() {
            return json.path("message").asText(text);
        }

        /** The registry's error code, or -1 where the body is not a registry's error. */
        int errorCode() {
            JsonNode code = json.path("error_code");
            return code.isIntegralNumber() ? code.asInt() : -1;
        }

        /** The start of the body, for a message about an answer that is not the registry's. */
        String excerpt() {
            String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
            return oneLine.isEmpty()
                    ? "empty body"
                    : oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
        }
    }
}

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
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API (v1), the API that Confluent Schema Registry,
 * Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda serve. It uses two calls: {@code POST
 * /subjects/{subject}/versions} (register, or find, a schema: returns its global id) and {@code GET
 * /schemas/ids/{id}} (the schema with an id). Both answers are cached for the life of the client,
 * as the registry's contract allows (an id never changes its schema).
 *
 * <p>Several URLs (comma-separated) are tried in turn. A refused connection, a timeout or a 5xx is
 * retried {@value #ATTEMPTS} times with backoff, then becomes a {@link
 * RegistryUnavailableException}; so does a 401/403 (credentials are the operator's to fix).
 * Credentials are HTTP basic, {@code user:password}, as in Confluent's {@code
 * basic.auth.user.info}.
 */
public final class RegistryRestClient implements SchemaRegistry {
    static final int ATTEMPTS = 3;

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
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    /**
     * @param urls one or more base URLs, comma-separated (for Apicurio include the compatibility
     *     path, {@code http://host:8080/apis/ccompat/v7})
     * @param userInfo {@code user:password} for basic authentication, or null
     */
    public RegistryRestClient(String urls, String userInfo, Duration timeout) {
        this(urls, userInfo, timeout, Thread::sleep);
    }

    RegistryRestClient(String urls, String userInfo, Duration timeout, Pause pause) {
        this.pause = pause;
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
        Answer answer = send("/schemas/ids/" + id, null);
        if (answer.status == 404) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id " + id + " is not an Avro schema in the registry",
                    null);
        }
        if (answer.status != 200) {
            throw new IllegalStateException(
                    "schema registry cannot give schema id "
                            + id
                            + ": HTTP "
                            + answer.status
                            + " "
                            + answer.message());
        }
        String type = answer.json.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "schema id " + id + " is not an Avro schema in the registry",
                    null);
        }
        try {
            Schema schema = new Schema.Parser().parse(answer.json.path("schema").asText());
            schemasById.putIfAbsent(id, schema);
            return schema;
        } catch (SchemaParseException e) {
            throw new IllegalStateException(
                    "schema registry returned an unreadable Avro schema for id " + id, e);
        }
    }

    /** One request to the first URL that answers, retried on network and server errors. */
    private Answer send(String path, String body) {
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
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
                    if (status >= 500) {
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
            try {
                pause.pause(250L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
    }
}

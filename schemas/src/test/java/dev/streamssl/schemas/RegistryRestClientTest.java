package dev.streamssl.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST client's side of the Confluent Schema Registry API: the requests it sends (paths,
 * content type, body, basic auth) and how it reads the answers the API reference documents (an id,
 * a schema, 404/409/5xx with {@code error_code} and {@code message}). The answers come from a
 * loopback HTTP server that replies as that reference says, because no registry server can be
 * installed on this machine (docs/interop.md); the codec's framing is tested against Confluent's
 * and Flink's own code in RegistryWireFormatTest. Where time matters the client gets a clock the
 * test moves and a pause that records what it was asked to wait instead of waiting.
 */
class RegistryRestClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Request(
            String method, String path, String contentType, String auth, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Long> pauses = new CopyOnWriteArrayList<>();
    private final AtomicLong nanoTime = new AtomicLong();
    private HttpServer server;

    /** A client whose pauses are recorded, not slept, and whose clock is {@link #nanoTime}. */
    private RegistryRestClient client(String url, String userInfo, Duration missingIdTtl) {
        return new RegistryRestClient(
                url, userInfo, Duration.ofSeconds(5), missingIdTtl, pauses::add, nanoTime::get);
    }

    /** A registry's error body, as the Confluent API reference gives it. */
    private static String error(int code, String message) {
        return "{\"error_code\":" + code + ",\"message\":\"" + message + "\"}";
    }

    private static void assertRecordsFault(RegistryRestClient client, int id, String... says) {
        assertThatThrownBy(() -> client.schemaById(id))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("schema id " + id)
                .hasMessageContainingAll(says)
                .extracting(e -> ((WireFormatException) e).reason())
                .isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    }

    /** Serves fixed answers per path: status and JSON body. */
    private String serve(Map<String, Map.Entry<Integer, String>> answers) throws IOException {
        return serve(
                path ->
                        answers.getOrDefault(
                                path,
                                Map.entry(
                                        404,
                                        "{\"error_code\":40401,\"message\":\"Subject not found\"}")));
    }

    /** Serves the answers in turn, whatever the path. */
    private String serveInTurn(List<Map.Entry<Integer, String>> answers) throws IOException {
        return serve(path -> answers.remove(0));
    }

    private String serve(java.util.function.Function<String, Map.Entry<Integer, String>> answers)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    String path = exchange.getRequestURI().getPath();
                    requests.add(
                            new Request(
                                    exchange.getRequestMethod(),
                                    path,
                                    exchange.getRequestHeaders().getFirst("Content-Type"),
                                    exchange.getRequestHeaders().getFirst("Authorization"),
                                    body));
                    Map.Entry<Integer, String> answer = answers.apply(path);
                    byte[] out = answer.getValue().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders()
                            .set("Content-Type", "application/vnd.schemaregistry.v1+json");
                    exchange.sendResponseHeaders(answer.getKey(), out.length);
                    exchange.getResponseBody().write(out);
                    exchange.close();
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void registersUnderTheSubjectWithBasicAuthAndCachesTheId() throws Exception {
        String url = serve(Map.of("/subjects/images-value/versions", Map.entry(200, "{\"id\":7}")));
        RegistryRestClient client =
                new RegistryRestClient(url, "alice:s3cret", Duration.ofSeconds(5));

        assertThat(client.register("images-value", ImageRecord.getClassSchema())).isEqualTo(7);
        assertThat(client.register("images-value", ImageRecord.getClassSchema())).isEqualTo(7);

        assertThat(requests).hasSize(1);
        Request sent = requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(sent.auth()).isEqualTo("Basic YWxpY2U6czNjcmV0"); // base64("alice:s3cret")
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("schema").asText()).isEqualTo(ImageRecord.getClassSchema().toString());
        // the id registered is known without asking again
        assertThat(client.schemaById(7)).isEqualTo(ImageRecord.getClassSchema());
        assertThat(requests).hasSize(1);
    }

    @Test
    void fetchesASchemaByIdOnceAndAnUnknownIdIsTheRecordsFault() throws Exception {
        String answer =
                JSON.writeValueAsString(
                        Map.of("schema", EmbeddingRecord.getClassSchema().toString()));
        String url = serve(Map.of("/schemas/ids/3", Map.entry(200, answer)));
        RegistryRestClient client = new RegistryRestClient(url, null, Duration.ofSeconds(5));

        assertThat(client.schemaById(3)).isEqualTo(EmbeddingRecord.getClassSchema());
        assertThat(client.schemaById(3)).isEqualTo(EmbeddingRecord.getClassSchema());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(requests.get(0).auth()).isNull();

        assertThatThrownBy(() -> client.schemaById(4))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("schema id 4");
    }

    @Test
    void anIncompatibleSchemaNamesTheSubject() throws Exception {
        String url =
                serve(
                        Map.of(
                                "/subjects/embeddings-value/versions",
                                Map.entry(
                                        409,
                                        "{\"error_code\":409,\"message\":\"Schema being registered is"
                                                + " incompatible with an earlier schema\"}")));
        RegistryRestClient client = new RegistryRestClient(url, null, Duration.ofSeconds(5));
        assertThatThrownBy(
                        () -> client.register("embeddings-value", EmbeddingRecord.getClassSchema()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subject 'embeddings-value'")
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void anUnknownIdIsTheRecordsFaultAndIsAskedAgainOnlyAfterTheCacheTime() throws Exception {
        String url =
                serve(
                        Map.of(
                                "/schemas/ids/12",
                                Map.entry(404, error(40403, "Schema 12 not found"))));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));

        assertRecordsFault(client, 12, "is not in the registry", "40403", "Schema 12 not found");
        // the next records with this id within the minute cost no request, and no pause
        nanoTime.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertRecordsFault(client, 12, "is not in the registry", "40403");
        assertRecordsFault(client, 12, "is not in the registry", "40403");
        assertThat(requests).hasSize(1);
        assertThat(pauses).isEmpty();
        // after it, the registry is asked again: the id may have been registered meanwhile
        nanoTime.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertRecordsFault(client, 12, "is not in the registry");
        assertThat(requests).hasSize(2);
    }

    @Test
    void aCacheTimeOfZeroAsksTheRegistryForEveryRecord() throws Exception {
        String url = serve(Map.of()); // every path: 404 with a registry error code
        RegistryRestClient client = client(url, null, Duration.ZERO);
        assertRecordsFault(client, 5, "HTTP 404");
        assertRecordsFault(client, 5, "HTTP 404");
        assertThat(requests).hasSize(2);
    }

    @Test
    void aSchemaOfAnotherTypeIsTheRecordsFaultAndIsRemembered() throws Exception {
        String protobuf =
                JSON.writeValueAsString(
                        Map.of("schemaType", "PROTOBUF", "schema", "syntax = \"proto3\";"));
        String json =
                JSON.writeValueAsString(
                        Map.of("schemaType", "JSON", "schema", "{\"type\":\"object\"}"));
        String url =
                serve(
                        Map.of(
                                "/schemas/ids/21", Map.entry(200, protobuf),
                                "/schemas/ids/22", Map.entry(200, json)));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        assertRecordsFault(client, 21, "PROTOBUF schema, not an Avro schema");
        assertRecordsFault(client, 21, "PROTOBUF schema, not an Avro schema");
        assertRecordsFault(client, 22, "JSON schema, not an Avro schema");
        assertThat(requests).hasSize(2);
    }

    @Test
    void anAvroSchemaThatDoesNotParseIsTheRecordsFaultAndIsRemembered() throws Exception {
        // a record without a name: the registry holds it, Avro's parser refuses it
        String broken =
                JSON.writeValueAsString(Map.of("schema", "{\"type\":\"record\",\"fields\":[]}"));
        String url = serve(Map.of("/schemas/ids/31", Map.entry(200, broken)));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        assertRecordsFault(client, 31, "does not parse");
        assertRecordsFault(client, 31, "does not parse");
        assertThat(requests).hasSize(1);
    }

    @Test
    void anyOther4xxWithARegistryErrorCodeIsTheRecordsFault() throws Exception {
        // the registry understood the request and refused this id: the id came from the record
        String url =
                serve(
                        Map.of(
                                "/schemas/ids/-7",
                                Map.entry(422, error(42202, "The specified id is not valid"))));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        assertRecordsFault(client, -7, "is refused by the registry", "HTTP 422", "42202");
        assertRecordsFault(client, -7, "is refused by the registry");
        assertThat(requests).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405, 422})
    void a4xxWithoutARegistryErrorCodeIsTheRegistrysFault(int status) throws Exception {
        // e.g. Apicurio's base URL without /apis/ccompat/v7: its 404 is no answer about the id,
        // and taking it for one would dead-letter every record
        String url =
                serve(
                        Map.of(
                                "/schemas/ids/3",
                                Map.entry(status, "<html><body>Not Found</body></html>")));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.schemaById(3))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP " + status + " and no registry error about the id")
                    .hasMessageContaining("Not Found")
                    .hasMessageContaining("/apis/ccompat/v7");
        }
        // the registry's faults are never remembered: each try asks again
        assertThat(requests).hasSize(2);
    }

    @Test
    void anAnswerWithoutASchemaIsTheRegistrysFault() throws Exception {
        String url = serve(Map.of("/schemas/ids/3", Map.entry(200, "<html>a login page</html>")));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        assertThatThrownBy(() -> client.schemaById(3))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("without a schema")
                .hasMessageContaining("a login page");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 408, 429})
    void serverErrorsAreRetriedWithoutAPauseAfterTheLastAttemptThenUnavailable(int status)
            throws Exception {
        String url =
                serve(Map.of("/schemas/ids/1", Map.entry(status, error(status * 100 + 1, "busy"))));
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("after " + RegistryRestClient.ATTEMPTS + " attempts")
                .hasMessageContaining("HTTP " + status);
        assertThat(requests).hasSize(RegistryRestClient.ATTEMPTS);
        // a pause before each retry, none after the last attempt
        assertThat(pauses).containsExactly(250L, 500L);
        // not remembered: the next try (after the task's restart) asks again
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThat(requests).hasSize(2 * RegistryRestClient.ATTEMPTS);
    }

    @Test
    void aServerErrorThatClearsIsRetriedToTheSchema() throws Exception {
        String answer =
                JSON.writeValueAsString(
                        Map.of("schema", EmbeddingRecord.getClassSchema().toString()));
        // the first request meets a registry in a leader election, the second the schema
        List<Map.Entry<Integer, String>> answers =
                new CopyOnWriteArrayList<>(
                        List.of(
                                Map.entry(503, error(50301, "leader election")),
                                Map.entry(200, answer)));
        String url = serveInTurn(answers);
        RegistryRestClient client = client(url, null, Duration.ofSeconds(60));
        assertThat(client.schemaById(8)).isEqualTo(EmbeddingRecord.getClassSchema());
        assertThat(requests).hasSize(2);
        assertThat(pauses).containsExactly(250L);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void rejectedCredentialsAreUnavailableAtOnce(int status) throws Exception {
        String url =
                serve(Map.of("/schemas/ids/1", Map.entry(status, error(status, "Unauthorized"))));
        RegistryRestClient client = client(url, "bob:wrong", Duration.ofSeconds(60));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("rejects the credentials")
                .hasMessageContaining("basic.auth.user.info");
        assertThat(requests).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRefusedConnectionFallsOverToTheNextUrlOrIsUnavailable() throws Exception {
        String closed = "http://127.0.0.1:" + freePort();
        RegistryRestClient alone = new RegistryRestClient(closed, null, Duration.ofSeconds(2));
        assertThatThrownBy(() -> alone.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("is unreachable")
                .hasMessageContaining(closed);

        String answer =
                JSON.writeValueAsString(Map.of("schema", KnnReport.getClassSchema().toString()));
        String open = serve(Map.of("/schemas/ids/9", Map.entry(200, answer)));
        RegistryRestClient two =
                new RegistryRestClient(closed + ", " + open, null, Duration.ofSeconds(2));
        assertThat(two.schemaById(9)).isEqualTo(KnnReport.getClassSchema());
    }

    @Test
    void aUrlWithoutSchemeIsRejectedUpFront() {
        assertThatThrownBy(
                        () -> new RegistryRestClient("registry:8081", null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with http:// or https://");
        assertThatThrownBy(() -> WireFormat.of("avro", null, new java.util.Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: single-object, registry");
        assertThatThrownBy(() -> WireFormat.of("registry", null, new java.util.Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void theMissingIdCacheTimeComesFromTheClientPropertiesAndIsChecked() throws Exception {
        String url = serve(Map.of());
        java.util.Properties props = new java.util.Properties();
        props.setProperty(WireFormat.URL_PROPERTY, url);
        props.setProperty(WireFormat.MISSING_ID_TTL_PROPERTY, "0");
        WireCodec<ImageRecord> codec = WireFormat.of("registry", null, props).images("images");
        byte[] unknownId = {0, 0, 0, 0, 77, 0};
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> codec.decode(unknownId))
                    .isInstanceOf(WireFormatException.class);
        }
        assertThat(requests).hasSize(2); // 0 s: every record asks

        for (String bad : List.of("-1", "a minute", "1.5")) {
            props.setProperty(WireFormat.MISSING_ID_TTL_PROPERTY, bad);
            assertThatThrownBy(() -> WireFormat.of("registry", null, props))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("missing.id.cache.ttl.sec")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client's side of the Confluent Schema Registry API: the requests it sends (paths,
 * content type, body, basic auth) and how it reads the answers the API reference documents (an id,
 * a schema, 404/409/5xx with {@code error_code} and {@code message}). The answers come from a
 * loopback HTTP server that replies as that reference says, because no registry server can be
 * installed on this machine (docs/interop.md); the codec's framing is tested against Confluent's
 * and Flink's own code in RegistryWireFormatTest.
 */
class RegistryRestClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Request(
            String method, String path, String contentType, String auth, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** Serves fixed answers per path: status and JSON body. */
    private String serve(Map<String, Map.Entry<Integer, String>> answers) throws IOException {
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
                    Map.Entry<Integer, String> answer =
                            answers.getOrDefault(
                                    path,
                                    Map.entry(
                                            404,
                                            "{\"error_code\":40401,\"message\":\"Subject not found\"}"));
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
    void serverErrorsAreRetriedThenReportedAsUnavailable() throws Exception {
        String url =
                serve(
                        Map.of(
                                "/schemas/ids/1",
                                Map.entry(500, "{\"error_code\":50001,\"message\":\"store\"}")));
        RegistryRestClient client = new RegistryRestClient(url, null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("after " + RegistryRestClient.ATTEMPTS + " attempts");
        assertThat(requests).hasSize(RegistryRestClient.ATTEMPTS);
    }

    @Test
    void rejectedCredentialsAreUnavailableAtOnce() throws Exception {
        String url =
                serve(
                        Map.of(
                                "/schemas/ids/1",
                                Map.entry(
                                        401, "{\"error_code\":401,\"message\":\"Unauthorized\"}")));
        RegistryRestClient client = new RegistryRestClient(url, "bob:wrong", Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("rejects the credentials")
                .hasMessageContaining("basic.auth.user.info");
        assertThat(requests).hasSize(1);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

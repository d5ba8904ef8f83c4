package dev.streamssl.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.streamssl.job.fault.FaultInjection;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.KafkaRecord;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.RegistryUnavailableException;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decoder under Flink's test harness with {@code serde.format: registry}, its registry a
 * loopback HTTP server that answers as the Confluent API reference says: a record whose schema id
 * the registry has no usable Avro schema under is the record's fault and becomes a dead letter,
 * asking the registry once per id; a registry that fails is nobody's record's fault and fails the
 * task (Flink restarts it from its checkpoint).
 */
class DecodeFunctionTest {
    private static final String IMAGES = "images";
    private static final String DEAD_LETTERS = "dead-letters";

    private final List<String> gets = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void recordsWhoseSchemaIdHasNoUsableSchemaAreDeadLetteredAndTheRegistryIsAskedOncePerId()
            throws Exception {
        WireFormat wire =
                registry(
                        Map.of(
                                "/schemas/ids/12",
                                Map.entry(
                                        404,
                                        "{\"error_code\":40403,\"message\":\"Schema 12 not"
                                                + " found\"}"),
                                "/schemas/ids/21",
                                Map.entry(
                                        200,
                                        "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax ="
                                                + " \\\"proto3\\\";\"}"),
                                "/schemas/ids/31",
                                Map.entry(200, "{\"schema\":\"{\\\"type\\\":\\\"record\\\"}\"}")));
        List<DeadLetter> letters = new ArrayList<>();
        try (OneInputStreamOperatorTestHarness<KafkaRecord, DecodedImage> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(decoder(wire))) {
            int offset = 0;
            for (int id : new int[] {12, 12, 12, 21, 31}) {
                harness.processElement(
                        new StreamRecord<>(new KafkaRecord(IMAGES, 0, offset++, framed(id)), 0));
            }
            assertThat(harness.extractOutputValues()).isEmpty();
            WireCodec<DeadLetter> codec = wire.deadLetters(DEAD_LETTERS);
            for (var out : harness.getSideOutput(DecodeFunction.DEAD_LETTERS)) {
                letters.add(codec.decode(out.getValue().value));
            }
        }

        assertThat(letters).extracting(DeadLetter::getOffset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(letters)
                .allSatisfy(
                        d -> assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));
        assertThat(letters.get(0).getMessage())
                .contains("schema id 12 is not in the registry")
                .contains("40403");
        assertThat(letters.get(2).getMessage()).isEqualTo(letters.get(0).getMessage());
        assertThat(letters.get(3).getMessage()).contains("PROTOBUF schema, not an Avro schema");
        assertThat(letters.get(4).getMessage()).contains("does not parse");
        // three records with id 12, one request for it
        assertThat(gets).containsExactly("/schemas/ids/12", "/schemas/ids/21", "/schemas/ids/31");
    }

    @Test
    void aFailingRegistryFailsTheTaskInsteadOfDeadLetteringTheRecord() throws Exception {
        WireFormat wire =
                registry(
                        Map.of(
                                "/schemas/ids/41",
                                Map.entry(
                                        503,
                                        "{\"error_code\":50301,\"message\":\"leader election\"}")));
        try (OneInputStreamOperatorTestHarness<KafkaRecord, DecodedImage> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(decoder(wire))) {
            assertThatThrownBy(
                            () ->
                                    harness.processElement(
                                            new StreamRecord<>(
                                                    new KafkaRecord(IMAGES, 0, 0, framed(41)), 0)))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 503");
            assertThat(harness.getSideOutput(DecodeFunction.DEAD_LETTERS)).isNull();
        }
    }

    private static DecodeFunction decoder(WireFormat wire) {
        return new DecodeFunction(
                3,
                4,
                1024,
                1 << 20,
                1L << 20,
                64,
                1024,
                FaultInjection.none(),
                wire,
                IMAGES,
                DEAD_LETTERS);
    }

    /** A record in the registry framing: magic byte 0, the schema id, a one-byte body. */
    private static byte[] framed(int schemaId) {
        return ByteBuffer.allocate(6).put((byte) 0).putInt(schemaId).put((byte) 0).array();
    }

    /**
     * The registry framing against a loopback registry: these answers to {@code GET
     * /schemas/ids/...}, and id 100 for every schema registered (the dead letters').
     */
    private WireFormat registry(Map<String, Map.Entry<Integer, String>> answers) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getPath();
                    Map.Entry<Integer, String> answer;
                    if (exchange.getRequestMethod().equals("POST")) {
                        answer = Map.entry(200, "{\"id\":100}");
                    } else {
                        gets.add(path);
                        answer = answers.get(path);
                    }
                    byte[] out = answer.getValue().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders()
                            .set("Content-Type", "application/vnd.schemaregistry.v1+json");
                    exchange.sendResponseHeaders(answer.getKey(), out.length);
                    exchange.getResponseBody().write(out);
                    exchange.close();
                });
        server.start();
        return WireFormat.registry("http://127.0.0.1:" + server.getAddress().getPort(), null);
    }
}

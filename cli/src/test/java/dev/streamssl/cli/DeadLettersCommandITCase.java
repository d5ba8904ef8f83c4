package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.DeadLetterReason;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.stack.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** {@code streamssl dead-letters} on a real broker: a line per dead letter, counts per reason. */
class DeadLettersCommandITCase {

    @Test
    void printsEachDeadLetterAndACountPerReason() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicAdmin.ensure(kafka.clientProperties(), Map.of("dead-letters", 1), (short) 1);
            WireCodec<DeadLetter> codec = WireCodec.deadLetters();
            DeadLetterReason[] reasons = {
                DeadLetterReason.BAD_ID, DeadLetterReason.TOO_LARGE, DeadLetterReason.BAD_ID
            };
            try (KafkaProducer<String, byte[]> producer =
                    KafkaClients.producer(kafka.clientProperties())) {
                for (int i = 0; i < reasons.length; i++) {
                    DeadLetter letter =
                            DeadLetter.newBuilder()
                                    .setTopic("images")
                                    .setPartition(0)
                                    .setOffset(40 + i)
                                    .setId(i == 0 ? null : "img-" + i)
                                    .setReason(reasons[i])
                                    .setMessage("because " + i)
                                    .setOriginal(ByteBuffer.wrap(new byte[0]))
                                    .setOriginalSize(0)
                                    .setTimestampMs(0)
                                    .build();
                    producer.send(new ProducerRecord<>("dead-letters", "k", codec.encode(letter)))
                            .get();
                }
            }
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            System.setOut(new PrintStream(captured, true));
            int exit;
            try {
                exit =
                        StreamsslCli.execute(
                                "dead-letters",
                                "-b",
                                kafka.bootstrapServers(),
                                "--idle-seconds",
                                "2");
            } finally {
                System.setOut(original);
            }
            String out = captured.toString();
            assertThat(exit).isZero();
            assertThat(out)
                    .contains("BAD_ID")
                    .contains("images/0/40  because 0")
                    .contains("img-1")
                    .contains("images/0/41  because 1")
                    .containsPattern("\\s+2\\s+BAD_ID")
                    .containsPattern("\\s+1\\s+TOO_LARGE");
        }
    }
}

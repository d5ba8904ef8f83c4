package dev.streamssl.stack;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import dev.streamssl.schemas.WireFormatException;
import java.time.Duration;
import java.util.Properties;

/** The number of dead letters on a topic, read from its beginning until it is quiet for 2 s. */
final class DeadLetterCount {
    private static final long QUIET_NANOS = 2_000_000_000L;

    private DeadLetterCount() {}

    static long of(Properties client, String topic, WireFormat wire) {
        WireCodec<DeadLetter> codec = wire.deadLetters(topic);
        long count = 0;
        try (var consumer = KafkaClients.reader(client)) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < QUIET_NANOS) {
                var batch = consumer.poll(Duration.ofMillis(200));
                for (var r : batch) {
                    try {
                        codec.decode(r.value());
                        count++;
                    } catch (WireFormatException e) {
                        // not a dead letter record
                    }
                }
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return count;
    }
}

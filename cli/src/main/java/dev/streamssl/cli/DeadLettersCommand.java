package dev.streamssl.cli;

import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.DeadLetter;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormatException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamssl dead-letters}: the records the job could not use, one line each (reason, id,
 * where it was, why), and a count per reason at the end.
 */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description =
                "Print the dead-letter topic: reason, id, topic/partition/offset and message per line, then a count per reason.")
public final class DeadLettersCommand implements Callable<Integer> {
    @Mixin KafkaConnection kafka;

    @Option(
            names = {"-t", "--topic"},
            defaultValue = "dead-letters",
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--follow",
            description = "Keep printing new dead letters until interrupted (tail -f).")
    boolean follow;

    @Option(
            names = "--idle-seconds",
            defaultValue = "5",
            description =
                    "Stop reading when nothing arrived for this long (default: ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Override
    public Integer call() throws Exception {
        Map<String, Long> perReason = print(System.out);
        System.out.println();
        if (perReason.isEmpty()) {
            System.out.println("no dead letters on " + topic);
        }
        perReason.forEach((reason, n) -> System.out.printf("%8d  %s%n", n, reason));
        return 0;
    }

    /** Prints every dead letter and returns the count per reason. */
    Map<String, Long> print(PrintStream out) throws Exception {
        WireCodec<DeadLetter> codec = kafka.wireFormat().deadLetters(topic);
        Map<String, Long> perReason = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.reader(kafka.properties())) {
            KafkaClients.assignFromBeginning(consumer, topic);
            long quietSince = System.nanoTime();
            while (follow || System.nanoTime() - quietSince < idleSeconds * 1_000_000_000L) {
                var batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : batch) {
                    try {
                        DeadLetter d = codec.decode(r.value());
                        perReason.merge(d.getReason().name(), 1L, Long::sum);
                        out.println(line(d));
                    } catch (WireFormatException e) {
                        perReason.merge("(not a dead letter)", 1L, Long::sum);
                    }
                }
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                    out.flush();
                }
            }
        }
        return perReason;
    }

    static String line(DeadLetter d) {
        return String.format(
                "%-18s %-24s %s/%d/%d  %s",
                d.getReason(),
                d.getId() == null ? "-" : d.getId(),
                d.getTopic(),
                d.getPartition(),
                d.getOffset(),
                d.getMessage());
    }
}

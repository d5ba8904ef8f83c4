package dev.streamssl.job.kafka;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.schemas.RegistryUnavailableException;
import dev.streamssl.schemas.WireCodec;
import dev.streamssl.schemas.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code serde.format = registry}, registers every schema the job writes before the job is
 * submitted: embeddings (per embeddings topic), dead letters, and the three record types of the
 * metrics topic. An unreachable registry, rejected credentials or a schema the subject's
 * compatibility rule refuses then stop the submission with the registry's answer, instead of
 * failing tasks later; after submission a registry outage fails a task, which restarts from its
 * checkpoint, so no record is lost or dead-lettered for it.
 */
public final class SchemaSubjects {
    private SchemaSubjects() {}

    public static void registerAtSubmission(JobSettings settings) {
        WireFormat wire = settings.wireFormat();
        if (!wire.usesRegistry()) {
            return;
        }
        List<WireCodec<?>> writers = new ArrayList<>();
        for (String method : settings.methods()) {
            writers.add(wire.embeddings(settings.embeddingsTopic(method)));
        }
        writers.add(wire.deadLetters(settings.get(KafkaOptions.DEAD_LETTER_TOPIC)));
        String metrics = settings.get(KafkaOptions.METRICS_TOPIC);
        writers.add(wire.metrics(metrics));
        writers.add(wire.knnReports(metrics));
        writers.add(wire.attentionReports(metrics));
        try {
            writers.forEach(WireCodec::registerWriterSchema);
        } catch (RegistryUnavailableException e) {
            throw new IllegalStateException(
                    "serde.format=registry: " + e.getMessage() + "; the job was not submitted", e);
        }
    }
}

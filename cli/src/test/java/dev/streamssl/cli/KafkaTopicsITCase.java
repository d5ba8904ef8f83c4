package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.kafka.KafkaTopics;
import dev.streamssl.producers.kafka.TopicAdmin;
import dev.streamssl.stack.EmbeddedKafka;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** A submission against a broker without the job's topics stops, or creates them if told to. */
class KafkaTopicsITCase {

    @Test
    void aMissingTopicStopsTheSubmissionNamingItUnlessCreationIsAsked() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicAdmin.ensure(kafka.clientProperties(), Map.of("images", 1), (short) 1);
            JobSettings settings =
                    JobSettings.from(
                            ConfigLoader.fromMap(
                                    Map.of("kafka.bootstrap-servers", kafka.bootstrapServers())));
            assertThatThrownBy(() -> KafkaTopics.ensure(settings))
                    .hasMessageContaining("has no topic embeddings, dead-letters, metrics")
                    .hasMessageContaining("kafka.create-topics=true");

            JobSettings creating =
                    JobSettings.from(
                            ConfigLoader.fromMap(
                                    Map.of(
                                            "kafka.bootstrap-servers",
                                            kafka.bootstrapServers(),
                                            "kafka.create-topics",
                                            "true",
                                            "kafka.topic-partitions",
                                            "3")));
            KafkaTopics.ensure(creating);
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                assertThat(admin.listTopics().names().get())
                        .contains("images", "embeddings", "dead-letters", "metrics");
                assertThat(
                                admin.describeTopics(java.util.List.of("embeddings"))
                                        .allTopicNames()
                                        .get()
                                        .get("embeddings")
                                        .partitions())
                        .hasSize(3);
            }
            // now complete: the check passes
            KafkaTopics.ensure(settings);

            // the tools say the same, at once, with a non-zero exit
            java.io.StringWriter err = new java.io.StringWriter();
            int exit =
                    new picocli.CommandLine(new dev.streamssl.cli.PublishCommand())
                            .setErr(new java.io.PrintWriter(err))
                            .setExecutionExceptionHandler(
                                    (e, cmd, parsed) -> {
                                        cmd.getErr().println(e.getMessage());
                                        return 2;
                                    })
                            .execute(
                                    "-b",
                                    kafka.bootstrapServers(),
                                    "--synthetic",
                                    "4",
                                    "--topic",
                                    "no-such-topic");
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString())
                    .contains("topic 'no-such-topic' does not exist")
                    .contains("kafka-topics.sh --create --topic no-such-topic");
        }
    }
}

package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.kafka.KafkaTopics;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.producers.kafka.ImagePublisher;
import dev.streamssl.producers.kafka.KafkaClients;
import dev.streamssl.schemas.WireFormat;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a broker that takes SASL/PLAIN only, with the credentials in a properties file ({@code
 * kafka.properties-file}), as on a secured cluster. Everything the process logs at INFO and above
 * while the job authenticates, runs and embeds, and the error of a submission with a wrong
 * password, is captured: neither secret may appear in it.
 */
class KafkaSecurityITCase {
    private static final String WRONG_PASSWORD = "wrong-Pa55word-4fd1";

    @TempDir Path dir;

    @Test
    void runsOnASaslBrokerWithoutPuttingTheSecretInLogsOrErrors() throws Exception {
        StringWriter captured = new StringWriter();
        try (LogCapture ignored = LogCapture.start(captured)) {
            EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain();
            Path credentials = dir.resolve("client.properties");
            write(credentials, kafka.securityProperties());
            Map<String, String> options = SmallJob.options(dir.resolve("cp"));
            options.put("kafka.properties-file", credentials.toString());
            try (LocalStack stack = LocalStack.start(kafka, options)) {
                Properties client = kafka.clientProperties();
                stack.startJob();
                try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(client)) {
                    new ImagePublisher(producer, "images", WireFormat.singleObject())
                            .publish(
                                    new SyntheticImages(128, 5, "sec-"),
                                    Map.of(),
                                    ImagePublisher.Budget.onePass(),
                                    null);
                }
                Map<String, Integer> embeddings =
                        TopicKeys.count(
                                client,
                                "embeddings",
                                128,
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(3));
                assertThat(embeddings).hasSize(128);

                // the same job submitted with a wrong password: refused, without echoing it
                Properties wrong = kafka.securityProperties();
                wrong.setProperty(
                        "sasl.jaas.config",
                        wrong.getProperty("sasl.jaas.config")
                                .replace(EmbeddedKafka.SASL_PASSWORD, WRONG_PASSWORD));
                Path wrongFile = dir.resolve("wrong.properties");
                write(wrongFile, wrong);
                Map<String, String> wrongOptions = new HashMap<>(options);
                wrongOptions.put("kafka.properties-file", wrongFile.toString());
                wrongOptions.put("kafka.bootstrap-servers", kafka.bootstrapServers());
                JobSettings refused = JobSettings.from(ConfigLoader.fromMap(wrongOptions));
                assertThatThrownBy(() -> KafkaTopics.ensure(refused))
                        .satisfies(
                                e -> {
                                    String text = stackTrace(e);
                                    assertThat(text).containsIgnoringCase("authentication");
                                    assertThat(text).doesNotContain(WRONG_PASSWORD);
                                    assertThat(text).doesNotContain(EmbeddedKafka.SASL_PASSWORD);
                                });
            }
        }
        String log = captured.toString();
        // the capture saw the clients' configuration dumps, so a leak there would show
        assertThat(log).contains("sasl.jaas.config = [hidden]");
        assertThat(log).containsIgnoringCase("authentication");
        assertThat(log).doesNotContain(EmbeddedKafka.SASL_PASSWORD);
        assertThat(log).doesNotContain(WRONG_PASSWORD);
    }

    private static void write(Path file, Properties properties) throws Exception {
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "client security settings");
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    /** Every log event at INFO and above, of every logger, into a writer while open. */
    private static final class LogCapture implements AutoCloseable {
        private final LoggerContext context;
        private final WriterAppender appender;
        private final Level before;

        private LogCapture(LoggerContext context, WriterAppender appender, Level before) {
            this.context = context;
            this.appender = appender;
            this.before = before;
        }

        static LogCapture start(Writer into) {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            Configuration config = context.getConfiguration();
            WriterAppender appender =
                    WriterAppender.newBuilder()
                            .setName("secret-check")
                            .setTarget(into)
                            .setLayout(
                                    PatternLayout.newBuilder()
                                            .withPattern("%c{1} %msg %throwable%n")
                                            .build())
                            .build();
            appender.start();
            config.addAppender(appender);
            LoggerConfig root = config.getRootLogger();
            Level before = root.getLevel();
            // the console keeps showing warnings only
            for (var existing : root.getAppenders().values()) {
                root.removeAppender(existing.getName());
                root.addAppender(existing, Level.WARN, null);
            }
            root.addAppender(appender, Level.INFO, null);
            root.setLevel(Level.INFO);
            for (LoggerConfig named : config.getLoggers().values()) {
                if (named != root) {
                    named.addAppender(appender, Level.INFO, null);
                }
            }
            context.updateLoggers();
            return new LogCapture(context, appender, before);
        }

        @Override
        public void close() {
            Configuration config = context.getConfiguration();
            for (LoggerConfig named : config.getLoggers().values()) {
                named.removeAppender(appender.getName());
            }
            config.getRootLogger().setLevel(before);
            context.updateLoggers();
            appender.stop();
        }
    }
}

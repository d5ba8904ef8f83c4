package dev.streamssl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Wrong input on the command line: one actionable line and exit code 2, no stack trace. */
class StreamsslCliTest {
    @RegisterExtension final Console console = new Console();

    @Test
    void anUnknownSerdeFormatNamesTheKnownOnes() {
        assertThat(StreamsslCli.execute("dead-letters", "--serde-format", "avro")).isEqualTo(2);
        assertThat(console.err())
                .contains("unknown serde format 'avro'; known: single-object, registry");
    }

    @Test
    void theRegistryFormatWithoutAUrlSaysWhereToGiveIt() {
        assertThat(StreamsslCli.execute("embeddings", "--serde-format", "registry", "--limit", "1"))
                .isEqualTo(2);
        assertThat(console.err()).contains("schema.registry.url").doesNotContain("Exception");
    }

    @Test
    void aRegistryUrlWithoutSchemeIsNamed() {
        assertThat(
                        StreamsslCli.execute(
                                "dead-letters",
                                "--serde-format",
                                "registry",
                                "--schema-registry-url",
                                "registry:8081"))
                .isEqualTo(2);
        assertThat(console.err()).contains("'registry:8081' must start with http:// or https://");
    }

    @Test
    void anUnknownDatasetNamesTheOption() {
        assertThat(StreamsslCli.execute("demo", "--dataset", "cifar")).isEqualTo(2);
        assertThat(console.err()).contains("--dataset must be fashion-mnist or synthetic");
    }

    @Test
    void exportNeedsASavepointOrAJob() {
        assertThat(StreamsslCli.execute("export", "--to", "out")).isEqualTo(2);
        assertThat(console.err()).contains("--savepoint").contains("--job-id");
    }

    @Test
    void exportRefusesAVersionThatIsNotANumber() {
        assertThat(
                        StreamsslCli.execute(
                                "export",
                                "--savepoint",
                                "/nowhere",
                                "--to",
                                "out",
                                "--model-version",
                                "newest",
                                "kafka.bootstrap-servers=localhost:9092"))
                .isEqualTo(2);
        assertThat(console.err()).contains("--model-version = 'newest'");
    }

    @Test
    void reembedByVersionNeedsTheExportDirectory() {
        assertThat(
                        StreamsslCli.execute(
                                "reembed",
                                "-b",
                                "localhost:1",
                                "--model-version",
                                "500",
                                "--to-topic",
                                "t"))
                .isEqualTo(2);
        assertThat(console.err()).contains("--model-version needs --export-dir");
    }

    @Test
    void aBadSplitIsRejectedBeforeAnyConnection() {
        assertThat(StreamsslCli.execute("publish", "--synthetic", "3", "--split", "validation"))
                .isEqualTo(2);
        assertThat(console.err())
                .contains("--split must be train or test")
                .doesNotContain("Exception");
    }

    @Test
    void aJobOverrideWithoutEqualsSignIsNamed() {
        assertThat(StreamsslCli.execute("demo", "--dataset", "synthetic", "learner.batch-size"))
                .isEqualTo(2);
        assertThat(console.err()).contains("'learner.batch-size' is not KEY=VALUE");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(StreamsslCli.execute("eval", "knn", "--nearest", "5")).isEqualTo(2);
        assertThat(console.err()).contains("--nearest");
    }
}

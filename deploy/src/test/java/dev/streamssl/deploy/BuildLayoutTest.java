package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the build hands to a Flink cluster: a job jar with our code and the Kafka connector but
 * neither Flink (the cluster has it) nor DJL (it must come from lib/: native libraries load once
 * per JVM), and a lib/ bundle with DJL, the PyTorch JNI and the native jar.
 */
class BuildLayoutTest {
    private static final Path TARGET =
            Path.of("").toAbsolutePath().getParent().resolve("flink-job/target");

    @Test
    void jobJarHasTheJobAndConnectorButNotFlinkOrDjl() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(TARGET)) {
            jar =
                    files.filter(f -> f.getFileName().toString().endsWith("-job.jar"))
                            .findFirst()
                            .orElseThrow();
        }
        try (JarFile job = new JarFile(jar.toFile())) {
            assertThat(job.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.streamssl.job.StreamSslJob");
            List<String> entries = job.stream().map(e -> e.getName()).toList();
            assertThat(entries)
                    .contains(
                            "dev/streamssl/job/StreamSslJob.class",
                            "dev/streamssl/learner/method/SimClr.class",
                            "dev/streamssl/schemas/ImageRecord.class")
                    .anyMatch(e -> e.startsWith("org/apache/flink/connector/kafka/source/"))
                    .anyMatch(e -> e.startsWith("org/apache/kafka/clients/"))
                    .noneMatch(e -> e.startsWith("ai/djl/"))
                    .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(e -> e.startsWith("com/fasterxml/jackson/"));
        }
    }

    @Test
    void libBundleHasDjlAndItsNatives() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(TARGET.resolve("flink-lib"))) {
            jars = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(jars)
                .anyMatch(j -> j.startsWith("api-"))
                .anyMatch(j -> j.startsWith("pytorch-engine-"))
                .anyMatch(j -> j.startsWith("pytorch-jni-"))
                .anyMatch(j -> j.startsWith("pytorch-native-"))
                .anyMatch(j -> j.startsWith("jna-"))
                .noneMatch(j -> j.startsWith("flink-"))
                .noneMatch(j -> j.startsWith("streamssl-"));
        // one native build only (CPU, or CUDA with -Pcuda): DJL would pick either
        assertThat(jars).filteredOn(j -> j.startsWith("pytorch-native-")).hasSize(1);
    }
}

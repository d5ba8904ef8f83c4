package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must document every option the job accepts. */
class ConfigurationDocTest {

    @Test
    void everyOptionIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        for (String key : ConfigLoader.knownOptions().keySet()) {
            assertThat(doc).as("docs/configuration.md documents " + key).contains("`" + key + "`");
        }
    }
}

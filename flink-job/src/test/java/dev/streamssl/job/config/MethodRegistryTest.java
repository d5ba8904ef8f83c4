package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.method.MethodDescriptor;
import dev.streamssl.learner.method.MethodOption;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.optim.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The job reads every method from the registry: a name it does not know fails naming the known
 * ones, every registered method configures from its defaults, and the docs state each method
 * option's default as the registry declares it.
 */
class MethodRegistryTest {

    private static JobSettings job(String... overrides) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("kafka.bootstrap-servers=k:9"));
        all.addAll(List.of(overrides));
        return JobSettings.from(ConfigLoader.load(null, all));
    }

    @Test
    void anUnknownMethodFailsNamingTheKnownOnes() {
        String known = String.join(", ", Methods.names());
        assertThatThrownBy(() -> job("learner.method=simsaim"))
                .hasMessageContaining("learner.method")
                .hasMessageContaining("'simsaim'")
                .hasMessageContaining(known);
        assertThatThrownBy(() -> job("learner.methods=simclr;swag"))
                .hasMessageContaining("learner.methods")
                .hasMessageContaining("'swag'")
                .hasMessageContaining(known);
    }

    @Test
    void everyRegisteredMethodConfiguresFromItsDefaults() throws Exception {
        for (MethodDescriptor d : Methods.ALL) {
            JobSettings s = job("learner.method=" + d.name());
            assertThat(s.learnerSettings().method().methodName()).isEqualTo(d.name());
            assertThat(s.learnerSettings().optimizer().kind()).isEqualTo(d.small().kind());
            assertThat(
                            job("learner.method=" + d.name(), "learner.recipe=paper")
                                    .learnerSettings()
                                    .optimizer()
                                    .baseLearningRate())
                    .isEqualTo(d.paperRecipe().learningRate());
            assertThat(
                            job("learner.method=" + d.name(), "learner.recipe=continue")
                                    .learnerSettings()
                                    .optimizer()
                                    .baseLearningRate())
                    .isEqualTo(d.small().learningRate() * Recipe.CONTINUE_RATE_SHARE);
            for (MethodOption<?> o : d.options()) {
                assertThat(ConfigLoader.knownOptions()).containsKey(o.key());
            }
        }
    }

    @Test
    void theDocsStateEveryMethodOptionsDefault() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        for (MethodDescriptor d : Methods.ALL) {
            assertThat(doc).as("a section for " + d.name()).contains("\n## " + d.name() + "\n");
            assertThat(doc)
                    .as("learner.method lists " + d.name())
                    .containsPattern("\\| `learner.method` \\|[^\\n]*`" + d.name() + "`");
            assertThat(doc)
                    .as("recipes table row of " + d.name())
                    .contains(
                            "| "
                                    + d.name()
                                    + " | "
                                    + d.small().describe()
                                    + " | "
                                    + d.paperRecipe().describe()
                                    + " |");
            for (MethodOption<?> o : d.options()) {
                Matcher m =
                        Pattern.compile("\\| `" + Pattern.quote(o.key()) + "` \\| ([^|]*) \\|")
                                .matcher(doc);
                assertThat(m.find()).as("docs row of " + o.key()).isTrue();
                String documented = m.group(1).strip();
                if (o.defaultValue() == null) {
                    assertThat(documented).as(o.key()).doesNotStartWith("`");
                } else if (o.defaultValue() instanceof Number n) {
                    assertThat(Double.parseDouble(documented.replace("`", "")))
                            .as("documented default of " + o.key())
                            .isEqualTo(n.doubleValue());
                } else {
                    assertThat(documented).as(o.key()).isEqualTo("`" + o.defaultValue() + "`");
                }
            }
        }
    }
}

package dev.streamssl.stack.continual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.producers.data.LabeledImage;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.stack.DemoData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo publishes for a scenario, and which embeddings score which part. */
class ScenarioRunTest {
    private static final JobSettings SETTINGS =
            JobSettings.from(ConfigLoader.fromMap(Map.of("kafka.bootstrap-servers", "k:9")));

    private static List<LabeledImage> all(Iterator<LabeledImage> it) {
        List<LabeledImage> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** The scenario over {@code images} on a synthetic set of 50 bank and 40 test images. */
    private static ScenarioRun run(String scenario, long images) {
        return new ScenarioRun(
                Scenarios.named(scenario, images, 0), DemoData.synthetic(50, 40), SETTINGS);
    }

    @Test
    void theStreamIsEachPhaseInTurnAndNoMore() {
        ScenarioRun run = run("class-shift", 300);
        List<LabeledImage> stream = all(run.published().train().iterator());
        assertThat(stream).hasSize(300);
        assertThat(run.published().train().size()).isEqualTo(300);
        assertThat(stream.subList(0, 150)).allMatch(i -> i.label() < 5);
        assertThat(stream.subList(150, 300)).allMatch(i -> i.label() >= 5);
        // one domain: bank and test as the data set has them
        assertThat(run.published().bank().size()).isEqualTo(50);
        assertThat(run.published().test().size()).isEqualTo(40);
    }

    @Test
    void aDomainShiftPublishesBankAndTestThroughBothCamerasAndScoresEachApart() {
        ScenarioRun run = run("domain-shift", 100);
        List<LabeledImage> stream = all(run.published().train().iterator());
        assertThat(stream.subList(0, 50)).noneMatch(i -> i.id().endsWith("/new-camera"));
        assertThat(stream.subList(50, 100)).allMatch(i -> i.id().endsWith("/new-camera"));
        List<LabeledImage> test = all(run.published().test().iterator());
        assertThat(test).hasSize(80);
        assertThat(test).filteredOn(i -> i.id().endsWith("/new-camera")).hasSize(40);

        Part old = run.scenario().parts().get(0);
        Part fresh = run.scenario().parts().get(1);
        EmbeddingRecord original = record("test-7", 3);
        EmbeddingRecord seen = record("test-7/new-camera", 3);
        assertThat(ScenarioRun.inPart(original, old)).isTrue();
        assertThat(ScenarioRun.inPart(original, fresh)).isFalse();
        assertThat(ScenarioRun.inPart(seen, fresh)).isTrue();
        assertThat(ScenarioRun.inPart(seen, old)).isFalse();
    }

    @Test
    void aClassPartTakesItsClassesOnly() {
        Part first = Scenarios.named("class-shift", 100, 0).parts().get(0);
        assertThat(ScenarioRun.inPart(record("a", 4), first)).isTrue();
        assertThat(ScenarioRun.inPart(record("b", 5), first)).isFalse();
        assertThat(ScenarioRun.inPart(record("c", null), first)).isFalse();
    }

    private static EmbeddingRecord record(String id, Integer label) {
        return EmbeddingRecord.newBuilder()
                .setId(id)
                .setTimestampMs(0)
                .setMethod("simclr")
                .setModelVersion(1)
                .setVector(List.of(1f, 0f))
                .setLabel(label)
                .setTags(Map.of())
                .setEmbedderSubtask(0)
                .build();
    }
}

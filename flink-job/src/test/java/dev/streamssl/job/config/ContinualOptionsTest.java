package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.learner.continual.ContinualSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code continual.*}, {@code drift.*} and {@code learner.replay.share} as a user sets them. */
class ContinualOptionsTest {
    private static JobSettings settings(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("kafka.bootstrap-servers=k:9"));
        all.addAll(List.of(overrides));
        return JobSettings.from(ConfigLoader.load(null, all));
    }

    @Test
    void theDefaultsAreNoStrategyAndADriftCheckEvery1024Images() throws Exception {
        JobSettings s = settings();
        assertThat(s.learnerSettings().continual()).isEqualTo(ContinualSettings.NONE);
        assertThat(s.driftSettings().every()).isEqualTo(1024);
        assertThat(s.driftSettings().referenceSize()).isEqualTo(512);
        assertThat(s.driftSettings().window()).isEqualTo(128);
    }

    @Test
    void cassleTakesItsOptions() throws Exception {
        ContinualSettings c =
                settings(
                                "continual.strategy=cassle",
                                "continual.refresh-every=500",
                                "continual.cassle.weight=2.5",
                                "continual.cassle.predictor-hidden-dim=512")
                        .learnerSettings()
                        .continual();
        assertThat(c).isEqualTo(new ContinualSettings("cassle", 500, 2.5, 512, 0.2));
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> settings("continual.strategy=ewc"))
                .hasMessageContaining("continual.strategy")
                .hasMessageContaining("none, cassle");
        assertThatThrownBy(() -> settings("continual.refresh-every=-1"))
                .hasMessageContaining("continual.refresh-every");
        assertThatThrownBy(() -> settings("drift.reference-size=100", "drift.window=64"))
                .hasMessageContaining("drift.reference-size")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> settings("drift.false-alarm-rate=0.0001"))
                .hasMessageContaining("drift.false-alarm-rate");
        assertThatThrownBy(() -> settings("learner.replay.share=0"))
                .hasMessageContaining("learner.replay.share");
    }

    @Test
    void severalLearnersRefreshOnDriftIsRefusedWithTheReason() {
        assertThatThrownBy(
                        () ->
                                settings(
                                        "continual.strategy=cassle",
                                        "continual.refresh-on-drift=true",
                                        "learner.parallelism=2"))
                .hasMessageContaining("continual.refresh-on-drift")
                .hasMessageContaining("continual.refresh-every");
    }

    @Test
    void aMethodWithoutAPairIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> settings("learner.method=dino", "continual.strategy=cassle"))
                .hasMessageContaining("continual.strategy = cassle")
                .hasMessageContaining("'dino'");
        assertThatThrownBy(
                        () -> settings("learner.methods=simclr;swav", "continual.strategy=cassle"))
                .hasMessageContaining("'swav'");
    }
}

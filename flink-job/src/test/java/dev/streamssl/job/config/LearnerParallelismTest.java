package dev.streamssl.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerParallelismTest {
    private static JobSettings settings(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("kafka.bootstrap-servers=k:9"));
        all.addAll(List.of(overrides));
        return JobSettings.from(ConfigLoader.load(null, all));
    }

    @Test
    void severalLearnersStepAtTheGlobalBatchsRate() throws Exception {
        double one =
                settings("learner.batch-size=64")
                        .learnerSettings()
                        .optimizer()
                        .schedule(64)
                        .valueAt(1_000_000);
        double four =
                settings("learner.batch-size=64", "learner.parallelism=4")
                        .learnerSettings()
                        .optimizer()
                        .schedule(64)
                        .valueAt(1_000_000);
        // the rate of one learner with a batch of 4 × 64
        assertThat(four).isCloseTo(4 * one, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(settings("learner.parallelism=4").learnerParallelism()).isEqualTo(4);
        assertThat(settings("learner.parallelism=4", "learner.mode=off").learnerParallelism())
                .isEqualTo(1);
    }

    @Test
    void whatSeveralLearnersCannotDoIsRefusedWithTheReason() {
        assertThatThrownBy(() -> settings("learner.parallelism=2", "learner.mode=sample"))
                .hasMessageContaining("'learner.parallelism' = 2 needs learner.mode every-image");
        assertThatThrownBy(() -> settings("learner.parallelism=2", "learner.method=deepcluster"))
                .hasMessageContaining("method deepcluster trains on one learner only")
                .hasMessageContaining("re-clustering");
        assertThatThrownBy(
                        () ->
                                settings(
                                        "learner.parallelism=2",
                                        "learner.methods=[simclr, selflabel]"))
                .hasMessageContaining("method selflabel trains on one learner only");
        assertThatThrownBy(() -> settings("learner.outer-optimizer=adam"))
                .hasMessageContaining("learner.outer-optimizer = 'adam' is not known");
        assertThatThrownBy(() -> settings("learner.parallelism=0"))
                .hasMessageContaining("learner.parallelism");
    }
}

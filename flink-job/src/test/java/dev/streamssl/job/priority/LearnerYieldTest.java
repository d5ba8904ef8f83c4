package dev.streamssl.job.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LearnerYieldTest {
    @Test
    void restsForItsShareOnlyPastTheBoundAndUntilBackUnderHalfOfIt() {
        AtomicLong lag = new AtomicLong(10_000);
        LearnerYield yield = new LearnerYield(30_000, 0.25, lag::get);
        assertThat(yield.restAfter(400)).isZero();
        lag.set(31_000);
        // a quarter of the time: 400 ms of training, 1 200 ms of rest
        assertThat(yield.restAfter(400)).isEqualTo(1_200);
        assertThat(yield.yielding()).isTrue();
        lag.set(20_000); // under the bound, not yet under half of it: still yielding
        assertThat(yield.restAfter(400)).isEqualTo(1_200);
        lag.set(14_000);
        assertThat(yield.restAfter(400)).isZero();
        assertThat(yield.yielding()).isFalse();
    }

    @Test
    void aRestIsCutSoThatACheckpointNeverWaitsLongBehindIt() {
        LearnerYield yield = new LearnerYield(1_000, 0.1, () -> 5_000);
        assertThat(yield.restAfter(5_000)).isEqualTo(LearnerYield.MAX_REST_MILLIS);
    }

    @Test
    void aBoundOfZeroNeverYields() {
        LearnerYield yield = new LearnerYield(0, 0.25, () -> Long.MAX_VALUE);
        assertThat(yield.restAfter(400)).isZero();
    }

    @Test
    void refusesSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> new LearnerYield(1_000, 0, () -> 0))
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new LearnerYield(1_000, 1.5, () -> 0))
                .hasMessageContaining("(0, 1]");
    }

    @Test
    void theBoardForgetsEmbeddersThatWentQuietAndOtherJobs() {
        long now = 10_000_000_000L;
        EmbeddingLag.post(EmbeddingLag.key("job-a", "simclr", 0), 40_000, now);
        EmbeddingLag.post(EmbeddingLag.key("job-a", "moco", 1), 5_000, now);
        EmbeddingLag.post(EmbeddingLag.key("job-b", "simclr", 0), 90_000, now);
        assertThat(EmbeddingLag.largest("job-a/", now)).isEqualTo(40_000);
        assertThat(EmbeddingLag.largest("job-a/", now + EmbeddingLag.STALE_NANOS)).isZero();
        EmbeddingLag.remove(EmbeddingLag.key("job-a", "simclr", 0));
        assertThat(EmbeddingLag.largest("job-a/", now)).isEqualTo(5_000);
        EmbeddingLag.remove(EmbeddingLag.key("job-a", "moco", 1));
        EmbeddingLag.remove(EmbeddingLag.key("job-b", "simclr", 0));
    }
}

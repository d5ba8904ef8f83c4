package dev.streamssl.job.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.method.TrainStepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training loop's replay share and drift check on real methods: a share below 1 trains every
 * new image once as new with older images beside it; a changed stream raises the drift alarm and,
 * with {@code continual.refresh-on-drift}, refreshes CaSSLe's frozen copy once.
 */
class TrainingLoopTest {
    private static final int BATCH = 16;

    /**
     * CaSSLe refreshed on drift, with a drift check small enough for a few hundred images: a
     * reference of 64, a window of 32, a check every 32 images.
     */
    static final Map<String, String> DRIFT_REFRESHES_CASSLE =
            Map.of(
                    "continual.strategy", "cassle",
                    "continual.refresh-on-drift", "true",
                    "continual.cassle.predictor-hidden-dim", "32",
                    "drift.reference-size", "64",
                    "drift.window", "32",
                    "drift.check-every", "32");

    static List<DecodedImage> images(int from, int to, boolean inverted) {
        List<DecodedImage> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            DecodedImage image = LearnerOperatorTest.image(i);
            byte[] pixels = image.pixels.clone();
            // a smooth half-bright image with noise; "inverted" flips it: another domain
            for (int p = 0; p < pixels.length; p++) {
                int v = (p % 16 < 8 ? 200 : 40) + (pixels[p] & 0x1f);
                pixels[p] = (byte) (inverted ? 255 - v : v);
            }
            out.add(new DecodedImage(image.id, image.timestampMs, pixels, image.label, Map.of()));
        }
        return out;
    }

    @Test
    void aReplayShareTrainsEveryNewImageOnceAsNewBesideOlderOnes() {
        JobSettings settings =
                LearnerOperatorTest.settings(
                        "simclr",
                        Map.of(
                                "learner.replay.policy", "reservoir",
                                "learner.replay.capacity", "64",
                                "learner.replay.share", "0.25"));
        LearnerSettings learner = settings.learnerSettings();
        try (SslMethod method = Methods.create(learner)) {
            TrainingLoop loop = TrainingLoop.of(method, settings, learner);
            // the first batch: 12 new images and nothing to draw from the empty buffer, then the
            // last 4 new images with round(4 · 0.25 / 0.75) = 1 of the first 12 beside them
            List<TrainStepResult> first = loop.learnFrom(images(0, BATCH, false));
            assertThat(first).extracting(TrainStepResult::images).containsExactly(12, 5);
            // then 12 new and 4 old per step: 24 new images in two full steps
            List<TrainStepResult> second = loop.learnFrom(images(BATCH, BATCH + 24, false));
            assertThat(second).extracting(TrainStepResult::images).containsExactly(16, 16);
            assertThat(loop.buffer().seen()).isEqualTo(BATCH + 24);
            assertThat(loop.buffer().skipped()).isZero();
        }
    }

    @Test
    void aShareBelowOneNeedsABufferThatKeepsOldImages() {
        assertThatThrownBy(
                        () ->
                                LearnerOperatorTest.settings(
                                        "simclr", Map.of("learner.replay.share", "0.5")))
                .hasMessageContaining("learner.replay.share")
                .hasMessageContaining("fifo does not keep");
    }

    @Test
    void aChangedStreamRaisesTheAlarmAndRefreshesTheFrozenCopyOnce() {
        JobSettings settings = LearnerOperatorTest.settings("simclr", DRIFT_REFRESHES_CASSLE);
        LearnerSettings learner = settings.learnerSettings();
        try (SslMethod method = Methods.create(learner)) {
            TrainingLoop loop = TrainingLoop.of(method, settings, learner);
            int seen = 0;
            for (; seen < 256; seen += BATCH) {
                loop.learnFrom(images(seen, seen + BATCH, false));
            }
            assertThat(loop.drift().checks()).isGreaterThanOrEqualTo(5);
            assertThat(loop.drift().alarms()).isZero();
            assertThat(method.anchorRefreshes()).isZero();
            for (; seen < 256 + 96; seen += BATCH) {
                loop.learnFrom(images(seen, seen + BATCH, true));
            }
            assertThat(loop.drift().alarms()).isEqualTo(1);
            assertThat(loop.drift().last().images()).isLessThanOrEqualTo(256 + 96);
            assertThat(method.anchorRefreshes()).isEqualTo(1);
        }
    }
}

package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The learner may decode images larger than the model's input ({@code input.decode-size}) so that
 * its random resized crops draw from more detail: every method trains on such a batch, crops its
 * views to the model's size, and where it uses the images themselves (the clustering methods' image
 * memory, MinRed's features) sees them at the model's size.
 */
class LargerDecodeTest {

    static String[] cases() {
        return MethodFixtures.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void trainsOnImagesDecodedLargerThanTheModelInput(String name) {
        int decoded = MethodFixtures.SIZE * 3 / 2;
        ImageBatch batch = TestImages.squares(MethodFixtures.BATCH, 1, decoded, 5);
        try (SslMethod method = Methods.create(MethodFixtures.settings(name))) {
            for (int i = 0; i < 3; i++) {
                TrainStepResult r = method.trainStep(batch);
                assertThat(r.applied()).as(name + " step " + i).isTrue();
                assertThat(r.loss()).as(name).isFinite();
            }
            float[][] features = method.represent(batch, MethodFixtures.MEAN, MethodFixtures.STD);
            assertThat(features).hasNumberOfRows(MethodFixtures.BATCH);
            assertThat(features[0]).doesNotContain(Float.NaN);
        }
    }
}

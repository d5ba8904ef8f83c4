package dev.streamssl.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.learn.LearnerOperatorTest;
import dev.streamssl.job.types.DecodedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveKnnTest {
    private static DecodedImage tagged(int i, String split) {
        DecodedImage image = LearnerOperatorTest.image(i);
        image.tags.put("split", split);
        return image;
    }

    @Test
    void scoresOnlyAFullBankAndKeepsAUniformSampleOfTheRest() {
        LiveKnn knn = new LiveKnn(50, 10, 1);
        knn.offer(tagged(0, "test"));
        for (int i = 1; i < 50; i++) {
            knn.offer(tagged(i, "train"));
        }
        DecodedImage unlabelled = tagged(999, "train");
        unlabelled.label = null;
        knn.offer(unlabelled);
        knn.offer(LearnerOperatorTest.image(998)); // no split tag
        assertThat(knn.ready()).as("49 of 50").isFalse();
        knn.offer(tagged(50, "train"));
        assertThat(knn.ready()).isTrue();

        // 1 000 more: the bank stays at 50, and holds late images as often as early ones
        for (int i = 51; i < 1051; i++) {
            knn.offer(tagged(i, "train"));
        }
        assertThat(knn.bank()).hasSize(50);
        Set<String> ids = new HashSet<>();
        knn.bank().forEach(image -> ids.add(image.id));
        assertThat(ids).hasSize(50);
        long late = knn.bank().stream().filter(image -> image.timestampMs >= 526).count();
        // about half of a uniform sample of 1..1050 lies past 526: far from all-early or all-late
        assertThat(late).isBetween(12L, 38L);
        assertThat(knn.test()).hasSize(1);
    }
}

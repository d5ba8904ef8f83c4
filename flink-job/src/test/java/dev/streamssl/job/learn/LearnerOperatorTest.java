package dev.streamssl.job.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.ConfigLoader;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.ModelSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The learner operator under Flink's test harness: snapshot, restore, continue. */
public class LearnerOperatorTest {
    private static final int BATCH = 16;

    public static JobSettings settings() {
        return JobSettings.from(
                ConfigLoader.fromMap(
                        Map.of(
                                "kafka.bootstrap-servers", "unused:9092",
                                "input.image-size", "16",
                                "learner.batch-size", String.valueOf(BATCH),
                                "learner.snapshot-interval", "1",
                                "learner.device", "cpu",
                                "simclr.projection-hidden-dim", "32",
                                "simclr.projection-dim", "16")));
    }

    public static DecodedImage image(int i) {
        byte[] pixels = new byte[16 * 16];
        new SplittableRandom(i).nextBytes(pixels);
        return new DecodedImage("img-" + i, i, pixels, i % 10, Map.of());
    }

    @Test
    void restoredLearnerContinuesExactlyLikeTheOriginal() throws Exception {
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> original =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings()));
        original.open();
        int next = 0;
        // two full batches and three buffered images that are not yet trained on
        for (; next < 2 * BATCH + 3; next++) {
            original.processElement(new StreamRecord<>(image(next)));
        }
        OperatorSubtaskState checkpoint = original.snapshot(1L, 1L);

        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> restored =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings()));
        restored.initializeState(checkpoint);
        restored.open();

        for (int i = next; i < next + BATCH - 3; i++) {
            original.processElement(new StreamRecord<>(image(i)));
            restored.processElement(new StreamRecord<>(image(i)));
        }
        ModelSnapshot fromOriginal = last(original);
        ModelSnapshot fromRestored = last(restored);
        // step 3 needs the three buffered images: it happens only if they were restored
        assertThat(fromOriginal.version).isEqualTo(3);
        assertThat(fromRestored.version).isEqualTo(3);
        assertThat(fromRestored.weights).isEqualTo(fromOriginal.weights);
        original.close();
        restored.close();
    }

    @Test
    void publishesInitialWeightsAtOnceAndSkipsTestImages() throws Exception {
        OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new LearnerOperator(settings()));
        h.open();
        for (int i = 0; i < BATCH; i++) {
            DecodedImage test = image(i);
            test.tags.put("split", "test");
            h.processElement(new StreamRecord<>(test));
        }
        List<ModelSnapshot> snapshots = snapshots(h);
        assertThat(snapshots).extracting(s -> s.version).containsExactly(0L);
        assertThat(h.getSideOutput(LearnerOperator.METRICS)).isNullOrEmpty();
        h.close();
    }

    private static List<ModelSnapshot> snapshots(
            OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h) {
        List<ModelSnapshot> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof ModelSnapshot s) {
                out.add(s);
            }
        }
        return out;
    }

    private static ModelSnapshot last(
            OneInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot> h) {
        List<ModelSnapshot> all = snapshots(h);
        return all.get(all.size() - 1);
    }
}

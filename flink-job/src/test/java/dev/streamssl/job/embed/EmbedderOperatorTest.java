package dev.streamssl.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.learn.LearnerOperatorTest;
import dev.streamssl.job.types.DecodedImage;
import dev.streamssl.job.types.EncodedRecord;
import dev.streamssl.job.types.ModelSnapshot;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.state.NamedTensorsSerializer;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.WireCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The embedder under Flink's test harness. */
class EmbedderOperatorTest {

    @Test
    void imagesWaitForTheFirstSnapshotAcrossARestoreThenCarryItsVersion() throws Exception {
        JobSettings settings = LearnerOperatorTest.settings();
        TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> first =
                harness(settings);
        first.open();
        for (int i = 0; i < 3; i++) {
            first.processElement1(new StreamRecord<>(LearnerOperatorTest.image(i)));
        }
        first.setProcessingTime(1_000);
        assertThat(embeddings(first)).isEmpty();
        OperatorSubtaskState checkpoint = first.snapshot(1L, 1L);
        first.close();

        TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> restored =
                harness(settings);
        restored.initializeState(checkpoint);
        restored.open();
        restored.processElement2(new StreamRecord<>(snapshot(settings, 0)));
        restored.setProcessingTime(2_000);
        List<EmbeddingRecord> out = embeddings(restored);
        assertThat(out)
                .extracting(EmbeddingRecord::getId)
                .containsExactly("img-0", "img-1", "img-2");
        assertThat(out)
                .allSatisfy(
                        e -> {
                            assertThat(e.getModelVersion()).isZero();
                            assertThat(e.getVector()).hasSize(128);
                        });

        restored.processElement2(new StreamRecord<>(snapshot(settings, 5)));
        restored.processElement1(new StreamRecord<>(LearnerOperatorTest.image(7)));
        restored.setProcessingTime(3_000);
        List<EmbeddingRecord> after = embeddings(restored);
        assertThat(after).hasSize(4);
        assertThat(after.get(3).getId()).isEqualTo("img-7");
        assertThat(after.get(3).getModelVersion()).isEqualTo(5);
        assertThat(after.get(3).getLabel()).isEqualTo(7);
        restored.close();
    }

    private static TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord>
            harness(JobSettings settings) throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(new EmbedderOperator(settings));
    }

    private static ModelSnapshot snapshot(JobSettings settings, long version) throws Exception {
        try (SslMethod method = Methods.create(settings.learnerSettings())) {
            NamedTensorsSerializer serializer = new NamedTensorsSerializer();
            return new ModelSnapshot(
                    "simclr",
                    version,
                    serializer.version(),
                    serializer.serialize(method.evaluationWeights()));
        }
    }

    private static List<EmbeddingRecord> embeddings(
            TwoInputStreamOperatorTestHarness<DecodedImage, ModelSnapshot, EncodedRecord> h)
            throws Exception {
        List<EmbeddingRecord> out = new ArrayList<>();
        WireCodec<EmbeddingRecord> codec = WireCodec.embeddings();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof EncodedRecord e) {
                out.add(codec.decode(e.value));
            }
        }
        return out;
    }
}

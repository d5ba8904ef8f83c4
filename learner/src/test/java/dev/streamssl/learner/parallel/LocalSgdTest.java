package dev.streamssl.learner.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.augment.AugmentationSettings;
import dev.streamssl.learner.augment.MultiCropAugmentation;
import dev.streamssl.learner.method.DinoSettings;
import dev.streamssl.learner.method.ImageBatch;
import dev.streamssl.learner.method.LearnerSettings;
import dev.streamssl.learner.method.MethodFixtures;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.model.Architecture;
import dev.streamssl.learner.model.VitShape;
import dev.streamssl.learner.optim.OptimizerSettings;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel replicas averaged every H steps, in one JVM: what the learners on several Flink
 * subtasks do, without Flink.
 */
class LocalSgdTest {
    private static final float[] MEAN = {0.5f};
    private static final float[] STD = {0.5f};
    private static final int SIZE = 16;
    private static final int B = 8;

    /** Views that draw nothing that matters: whole-image crops, no flip, jitter, blur, solarize. */
    private static MultiCropAugmentation identityViews() {
        AugmentationSettings whole =
                new AugmentationSettings(
                        SIZE, 1.0, 1.0, 1.0, 1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 2.0, 0, MEAN, STD);
        return new MultiCropAugmentation(whole, whole, whole, 0);
    }

    private static LearnerSettings dinoOnTinyVit(int batch, double baseLearningRate) {
        // SGD without momentum and without clipping: a step is linear in the batch's mean
        // gradient, as the EMA teacher and the center's EMA are linear in the batch
        DinoSettings dino =
                new DinoSettings(
                        32, 16, 64, 0.1, 0.04, 0.07, 3, 0.9, 0.996, 1, 0.0, identityViews());
        return new LearnerSettings(
                Architecture.vit(new VitShape(4, 16, 2, 2)),
                1,
                SIZE,
                batch,
                "cpu",
                7L,
                new OptimizerSettings(
                        "sgd", baseLearningRate, 1e-4, 0.0, 0.02, "constant", 0, 1000, 0.01),
                dino);
    }

    private static ImageBatch slice(ImageBatch batch, int from, int count) {
        int per = batch.channels() * batch.height() * batch.width();
        return new ImageBatch(
                Arrays.copyOfRange(batch.pixels(), from * per, (from + count) * per),
                count,
                batch.channels(),
                batch.height(),
                batch.width());
    }

    /** One round over replicas in one JVM, as the coordinator does it across subtasks. */
    private static void round(List<ReplicaSync> replicas) {
        List<Contribution> contributions = new ArrayList<>();
        for (ReplicaSync r : replicas) {
            contributions.add(r.contribution());
        }
        NamedTensors mean = ReplicaMean.of(contributions);
        for (ReplicaSync r : replicas) {
            r.adopt(mean);
        }
    }

    private static double largestDifference(NamedTensors a, NamedTensors b) {
        double largest = 0;
        assertThat(a.asMap().keySet()).isEqualTo(b.asMap().keySet());
        for (Map.Entry<String, TensorData> e : a.asMap().entrySet()) {
            float[] x = e.getValue().values();
            float[] y = b.require(e.getKey()).values();
            for (int i = 0; i < x.length; i++) {
                largest = Math.max(largest, Math.abs(x[i] - y[i]));
            }
        }
        return largest;
    }

    @Test
    void twoReplicasOfBatchBAveragedEveryStepEqualOneLearnerOfBatch2B() {
        // the learning rate follows the global batch 2B (Goyal et al.'s linear scaling rule): the
        // replicas' base rate is twice the single learner's, so both step at base·2B/256
        double base = 0.5;
        try (SslMethod single = Methods.create(dinoOnTinyVit(2 * B, base));
                SslMethod first = Methods.create(dinoOnTinyVit(B, 2 * base));
                SslMethod second = Methods.create(dinoOnTinyVit(B, 2 * base))) {
            second.restoreState(ReplicatedState.forReplica(second.saveState(), 1));
            List<ReplicaSync> replicas =
                    List.of(
                            new ReplicaSync(first, 0, new OuterAverage()),
                            new ReplicaSync(second, 1, new OuterAverage()));
            assertThat(largestDifference(averaged(first), averaged(single))).isZero();
            for (int step = 0; step < 10; step++) {
                ImageBatch batch = TestImages.squares(2 * B, 1, SIZE, 100 + step);
                assertThat(single.trainStep(batch).applied()).isTrue();
                assertThat(first.trainStep(slice(batch, 0, B)).applied()).isTrue();
                assertThat(second.trainStep(slice(batch, B, B)).applied()).isTrue();
                replicas.get(0).trained(B);
                replicas.get(1).trained(B);
                round(replicas);
            }
            NamedTensors replicated = averaged(first);
            // the student, its head, the EMA teacher and the center all moved
            assertThat(largestDifference(replicated, averagedAtStart())).isGreaterThan(1e-3);
            double difference = largestDifference(replicated, averaged(single));
            System.out.printf(
                    "2 replicas x %d vs 1 learner x %d, 10 steps: largest difference %.2e%n",
                    B, 2 * B, difference);
            assertThat(difference).isLessThan(1e-5);
            assertThat(averaged(second)).isEqualTo(replicated);
        }
    }

    private static NamedTensors averagedAtStart() {
        try (SslMethod fresh = Methods.create(dinoOnTinyVit(B, 1.0))) {
            return averaged(fresh);
        }
    }

    private static NamedTensors averaged(SslMethod method) {
        return ReplicatedState.averaged(method.saveState(), method::averagedAcrossReplicas);
    }

    @Test
    void oneReplicaAveragingEveryStepIsBitIdenticalToNoAveraging() {
        // DINO with AdamW, clipping and multi-crop: nothing linear about it
        LearnerSettings settings = MethodFixtures.settings("dino", 3L);
        try (SslMethod plain = Methods.create(settings);
                SslMethod synced = Methods.create(settings)) {
            ReplicaSync sync = new ReplicaSync(synced, 0, new OuterAverage());
            for (int step = 0; step < 4; step++) {
                ImageBatch batch = TestImages.squares(MethodFixtures.BATCH, 1, SIZE, step);
                plain.trainStep(batch);
                synced.trainStep(batch);
                sync.trained(MethodFixtures.BATCH);
                sync.adopt(ReplicaMean.of(List.of(sync.contribution())));
            }
            assertThat(synced.saveState()).isEqualTo(plain.saveState());
        }
    }

    @Test
    void replicasAgreeAfterEveryRoundAndKeepTheirOwnQueuesMomentsAndStreams() {
        LearnerSettings settings = MethodFixtures.settings("moco", 11L);
        try (SslMethod a = Methods.create(settings);
                SslMethod b = Methods.create(settings)) {
            b.restoreState(ReplicatedState.forReplica(b.saveState(), 1));
            assertThat(b.saveState().randomState()).isNotEqualTo(a.saveState().randomState());
            List<ReplicaSync> replicas =
                    List.of(
                            new ReplicaSync(a, 0, new OuterNesterov(0.7, 0.9)),
                            new ReplicaSync(b, 1, new OuterNesterov(0.7, 0.9)));
            for (int step = 0; step < 4; step++) {
                int n = MethodFixtures.BATCH;
                a.trainStep(TestImages.squares(n, 1, SIZE, 2 * step));
                b.trainStep(TestImages.squares(n, 1, SIZE, 2 * step + 1));
                replicas.get(0).trained(n);
                replicas.get(1).trained(n);
                if (step % 2 == 1) {
                    round(replicas);
                    assertThat(averaged(b)).isEqualTo(averaged(a));
                }
            }
            LearnerState sa = a.saveState();
            LearnerState sb = b.saveState();
            // the key queue and the momentum buffers are each replica's own
            assertThat(sb.components()).isNotEqualTo(sa.components());
            assertThat(sb.optimizer()).isNotEqualTo(sa.optimizer());
            assertThat(averaged(a).asMap().keySet()).noneMatch(n -> n.startsWith("component:"));
        }
    }
}

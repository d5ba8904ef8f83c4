package dev.streamssl.learner.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.method.MethodFixtures;
import dev.streamssl.learner.method.Methods;
import dev.streamssl.learner.method.SslMethod;
import dev.streamssl.learner.state.LearnerState;
import dev.streamssl.learner.state.NamedTensors;
import dev.streamssl.learner.state.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What DiLoCo's outer step moves in a round: the trained parameters of the trained networks. The
 * rest of the averaged state (BatchNorm running statistics, EMA teachers, DINO's center) is not
 * optimised by gradients in the first place and takes the replicas' plain mean.
 */
class ReplicaSyncTest {
    private static final String PINNED = "encoder/01Conv2d_weight";

    @Test
    void nesterovMovesTrainedWeightsOnlyAndEverythingElseTakesTheMean() {
        // DINO on the small CNN: BatchNorm in the encoder, an EMA teacher of encoder and head, a
        // center averaged across replicas
        try (SslMethod a = Methods.create(MethodFixtures.settings("dino", 13L));
                SslMethod b = Methods.create(MethodFixtures.settings("dino", 13L))) {
            b.restoreState(ReplicatedState.forReplica(b.saveState(), 1));
            List<SslMethod> methods = List.of(a, b);
            // the first anchor (taken when the syncs start) holds 1 in one trained weight
            for (SslMethod m : methods) {
                edit(m, PINNED::equals, v -> v[0] = 1f);
            }
            List<ReplicaSync> syncs = new ArrayList<>();
            for (int i = 0; i < methods.size(); i++) {
                syncs.add(new ReplicaSync(methods.get(i), i, new OuterNesterov(0.7, 0.9)));
            }
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < methods.size(); i++) {
                    int n = MethodFixtures.BATCH;
                    methods.get(i)
                            .trainStep(
                                    TestImages.squares(n, 1, MethodFixtures.SIZE, 10 * round + i));
                    syncs.get(i).trained(n);
                    // running variances far below the anchor's (1 at the start): Nesterov on
                    // them gives 1 − 0.7·(Δ + 0.9·Δ) < 0 for any Δ > 0.53
                    float variance = 0.05f + 0.1f * i;
                    edit(
                            methods.get(i),
                            name -> name.endsWith("runningVar"),
                            v -> Arrays.fill(v, variance));
                }
                if (round == 0) {
                    edit(a, PINNED::equals, v -> v[0] = 0.9f);
                    edit(b, PINNED::equals, v -> v[0] = 0.7f);
                }
                List<Contribution> contributions = new ArrayList<>();
                for (ReplicaSync s : syncs) {
                    contributions.add(s.contribution());
                }
                NamedTensors mean = ReplicaMean.of(contributions);
                for (ReplicaSync s : syncs) {
                    s.adopt(mean);
                }
                for (SslMethod m : methods) {
                    NamedTensors after =
                            ReplicatedState.averaged(m.saveState(), m::averagedAcrossReplicas);
                    for (Map.Entry<String, TensorData> e : after.asMap().entrySet()) {
                        if (e.getKey().endsWith("runningVar")) {
                            for (float v : e.getValue().values()) {
                                assertThat(v).as(e.getKey() + " in round " + round).isPositive();
                            }
                        }
                    }
                    int plain = 0;
                    for (Map.Entry<String, TensorData> e : after.asMap().entrySet()) {
                        String name = e.getKey();
                        boolean notTrained =
                                name.startsWith("network:teacher-")
                                        || name.startsWith("component:")
                                        || name.endsWith("runningVar")
                                        || name.endsWith("runningMean");
                        if (notTrained) {
                            assertThat(e.getValue()).as(name).isEqualTo(mean.get(name));
                            plain++;
                        }
                    }
                    assertThat(after.asMap().keySet())
                            .anyMatch(n -> n.startsWith("network:teacher-encoder/"))
                            .anyMatch(n -> n.startsWith("network:teacher-head/"))
                            .contains("component:center/center");
                    assertThat(plain).isGreaterThan(10);
                    float pinned = after.require("network:" + PINNED).values()[0];
                    if (round == 0) {
                        // mean 0.8, Δ = 1 − 0.8 = 0.2, v = 0.2, θ = 1 − 0.7·(0.2 + 0.9·0.2)
                        assertThat(pinned).isCloseTo(0.734f, within(1e-6f));
                    }
                    assertThat(pinned)
                            .as("the trained weight takes the Nesterov step, not the mean")
                            .isNotEqualTo(mean.require("network:" + PINNED).values()[0]);
                }
            }
        }
    }

    @Test
    void theAnchorHoldsTheTrainedParametersOnlyAlsoFromAnOlderCheckpoint() {
        try (SslMethod m = Methods.create(MethodFixtures.settings("dino", 13L))) {
            ReplicaSync sync = new ReplicaSync(m, 0, new OuterNesterov(0.7, 0.9));
            NamedTensors everything =
                    ReplicatedState.averaged(m.saveState(), m::averagedAcrossReplicas);
            NamedTensors trained = ReplicatedState.trainedPart(everything, m::trainedParameter);
            assertThat(trained.asMap().keySet())
                    .contains("network:" + PINNED)
                    .anyMatch(n -> n.startsWith("network:head/"))
                    .doesNotContain(
                            "network:encoder/02BatchNorm_runningVar",
                            "network:teacher-encoder/" + PINNED.substring("encoder/".length()),
                            "component:center/center");
            assertThat(sync.anchor()).isEqualTo(trained);
            // an anchor checkpointed when the outer step moved every averaged tensor
            sync.restore(everything, NamedTensors.empty(), 0);
            assertThat(sync.anchor()).isEqualTo(trained);
        }
    }

    /** Changes the values of every network tensor {@code names} picks, in place in the method. */
    private static void edit(SslMethod method, Predicate<String> names, Consumer<float[]> change) {
        LearnerState state = method.saveState();
        Map<String, TensorData> networks = new LinkedHashMap<>(state.networks().asMap());
        networks.replaceAll(
                (name, t) -> {
                    if (!names.test(name)) {
                        return t;
                    }
                    float[] values = t.values().clone();
                    change.accept(values);
                    return new TensorData(t.shape(), values);
                });
        method.restoreState(
                new LearnerState(
                        state.method(),
                        state.step(),
                        state.randomState(),
                        new NamedTensors(networks),
                        state.optimizer(),
                        state.components()));
    }
}

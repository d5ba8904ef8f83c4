package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.streamssl.learner.TestImages;
import dev.streamssl.learner.bench.AugmentBenchmark;
import dev.streamssl.learner.bench.TrainStepBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The GPU path, on a machine that has one (off by default: CI and most machines have none):
 *
 * <pre>./mvnw -B -Pcuda install -DskipTests
 * ./mvnw -B -Pcuda -pl learner surefire:test -Dtest=GpuCheckTest -Dstreamssl.gpu=true</pre>
 *
 * It checks that the same seeded SimCLR learner takes the same steps on gpu:0 as on the CPU
 * (initial weights and augmentation parameters are drawn on the host, so only floating-point
 * differences remain), then prints the training-step and augmentation speeds on both devices.
 */
@EnabledIfSystemProperty(named = "streamssl.gpu", matches = "true")
class GpuCheckTest {
    @Test
    void gpuStepsMatchTheCpuAndSpeedsAreReported() {
        assertThat(Engine.getInstance().getGpuCount())
                .as(
                        "-Dstreamssl.gpu=true, but DJL sees no GPU: build with -Pcuda for the CUDA natives")
                .isPositive();
        ImageBatch batch = TestImages.squares(16, 1, 16, 3);
        LearnerSettings cpu = SimClrTest.settings("lars", 0.3);
        try (SslMethod onCpu = Methods.create(cpu);
                SslMethod onGpu = Methods.create(cpu.withDevice("gpu:0"))) {
            for (int step = 0; step < 5; step++) {
                double expected = onCpu.trainStep(batch).loss();
                double actual = onGpu.trainStep(batch).loss();
                System.out.printf("step %d loss cpu %.6f gpu %.6f%n", step, expected, actual);
                assertThat(Math.abs(actual - expected))
                        .as("step %d loss on gpu:0 vs cpu", step)
                        .isLessThan(1e-3 * Math.max(1, Math.abs(expected)));
            }
        }
        for (String device : new String[] {"cpu", "gpu:0"}) {
            TrainStepBenchmark.Result r = TrainStepBenchmark.run(256, 20, 3, device, System.out);
            System.out.printf(
                    "GPU check: train step batch 256 on %s: %.1f ms/step, %.0f images/s%n",
                    device, r.msPerStep(), r.imagesPerSecond());
        }
        AugmentBenchmark.Result views =
                AugmentBenchmark.run("simclr", 224, 256, 5, "gpu:0", System.out);
        System.out.printf(
                "GPU check: SimCLR views at 224 on gpu:0: %.0f images/s (per-image baseline on the"
                        + " CPU %.0f images/s)%n",
                views.imagesPerSecond(), views.baselineImagesPerSecond());
    }
}

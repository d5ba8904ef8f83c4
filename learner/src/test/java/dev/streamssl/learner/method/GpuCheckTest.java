package dev.streamssl.learner.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.streamssl.learner.TestImages;
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
 * differences remain). Speeds are the benchmarks' ({@code ./streamssl bench train-step --device
 * gpu:0}, {@code bench augment}).
 */
@EnabledIfSystemProperty(named = "streamssl.gpu", matches = "true")
class GpuCheckTest {
    @Test
    void gpuStepsMatchTheCpu() {
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
    }
}

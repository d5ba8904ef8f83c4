package dev.streamssl.job.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class GpuAssignmentTest {
    private static final IntSupplier NO_ENGINE =
            () -> {
                throw new AssertionError("DJL must not be asked when Flink names the GPUs");
            };

    /** What Flink's GPU driver hands a slot: one info per GPU with its {@code index}. */
    private record Gpu(Map<String, String> properties) implements ExternalResourceInfo {
        static Gpu index(String index) {
            return new Gpu(Map.of("index", index));
        }

        @Override
        public Optional<String> getProperty(String key) {
            return Optional.ofNullable(properties.get(key));
        }

        @Override
        public Collection<String> getKeys() {
            return properties.keySet();
        }
    }

    private static Set<ExternalResourceInfo> gpus(String... indexes) {
        Set<ExternalResourceInfo> set = new LinkedHashSet<>();
        for (String i : indexes) {
            set.add(Gpu.index(i));
        }
        return set;
    }

    @Test
    void explicitDevicesAreKept() {
        assertThat(GpuAssignment.deviceFor("cpu", gpus("0", "1"), 3, NO_ENGINE)).isEqualTo("cpu");
        assertThat(GpuAssignment.deviceFor("gpu:1", gpus("0"), 0, NO_ENGINE)).isEqualTo("gpu:1");
    }

    @Test
    void subtasksSpreadOverTheTaskManagersGpusInIndexOrder() {
        Set<ExternalResourceInfo> two = gpus("3", "1");
        List<String> devices =
                List.of(0, 1, 2, 3).stream()
                        .map(i -> GpuAssignment.deviceFor("auto", two, i, NO_ENGINE))
                        .toList();
        assertThat(devices).containsExactly("gpu:1", "gpu:3", "gpu:1", "gpu:3");
    }

    @Test
    void withoutFlinkInformationAutoUsesWhatDjlSees() {
        assertThat(GpuAssignment.deviceFor("auto", Set.of(), 0, () -> 0)).isEqualTo("cpu");
        assertThat(GpuAssignment.deviceFor("auto", Set.of(), 5, () -> 2)).isEqualTo("gpu:1");
    }

    @Test
    void aResourceWithoutIndexNamesTheDriverSetting() {
        Set<ExternalResourceInfo> odd = Set.of(new Gpu(Map.of("uuid", "GPU-1")));
        assertThatThrownBy(() -> GpuAssignment.deviceFor("auto", odd, 0, NO_ENGINE))
                .hasMessageContaining("no 'index' property")
                .hasMessageContaining("external-resource.gpu.driver-factory.class");
    }
}

package dev.streamssl.job.device;

import ai.djl.engine.Engine;
import dev.streamssl.learner.method.LearnerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which device one subtask runs on. {@code cpu} and {@code gpu:N} are taken as configured. {@code
 * auto} uses Flink's external-resource information first: when the TaskManager is configured with
 * {@code external-resources: gpu} (and the GPU driver), each slot sees the GPUs assigned to its
 * TaskManager as {@code getExternalResourceInfos("gpu")}, each with an {@code index} property;
 * subtask {@code i} takes the {@code (i mod n)}-th of those n indexes, so several learners or
 * embedders on one TaskManager spread over its GPUs instead of all landing on GPU 0. Without that
 * information {@code auto} spreads subtasks over the GPUs DJL sees, and falls back to the CPU when
 * there are none.
 *
 * <p>Flink's indexes are the ones {@code nvidia-smi} reports; they are the CUDA device numbers DJL
 * uses as long as {@code CUDA_VISIBLE_DEVICES} is not set on the TaskManager.
 */
public final class GpuAssignment {
    public static final String RESOURCE_NAME = "gpu";

    private static final Logger LOG = LoggerFactory.getLogger(GpuAssignment.class);

    private GpuAssignment() {}

    /**
     * @param configured the {@code learner.device} option: auto, cpu or gpu:N
     * @param gpus {@code getRuntimeContext().getExternalResourceInfos("gpu")}
     * @param subtask index of this subtask
     * @param visibleGpus how many GPUs DJL sees (asked only when needed: it loads the engine)
     * @return cpu or gpu:N
     */
    public static String deviceFor(
            String configured,
            Set<ExternalResourceInfo> gpus,
            int subtask,
            IntSupplier visibleGpus) {
        if (!configured.equals("auto")) {
            return configured;
        }
        List<Integer> indexes = indexes(gpus);
        if (!indexes.isEmpty()) {
            return "gpu:" + indexes.get(subtask % indexes.size());
        }
        int visible = visibleGpus.getAsInt();
        return visible > 0 ? "gpu:" + (subtask % visible) : "cpu";
    }

    /** The learner settings with the device this subtask runs on; logged once per subtask. */
    public static LearnerSettings onThisSubtask(LearnerSettings settings, RuntimeContext context) {
        if (!settings.device().equals("auto")) {
            return settings;
        }
        TaskInfo task = context.getTaskInfo();
        String device =
                deviceFor(
                        settings.device(),
                        context.getExternalResourceInfos(RESOURCE_NAME),
                        task.getIndexOfThisSubtask(),
                        () -> Engine.getInstance().getGpuCount());
        LOG.info(
                "{} subtask {}: learner.device auto -> {}",
                task.getTaskName(),
                task.getIndexOfThisSubtask(),
                device);
        return settings.withDevice(device);
    }

    private static List<Integer> indexes(Set<ExternalResourceInfo> gpus) {
        List<Integer> indexes = new ArrayList<>();
        for (ExternalResourceInfo gpu : gpus) {
            String index =
                    gpu.getProperty("index")
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "Flink's external resource '"
                                                            + RESOURCE_NAME
                                                            + "' has no 'index' property (keys "
                                                            + gpu.getKeys()
                                                            + "); is external-resource.gpu"
                                                            + ".driver-factory.class the GPU"
                                                            + " driver?"));
            try {
                indexes.add(Integer.parseInt(index.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(
                        "Flink's GPU index '" + index + "' is not a number", e);
            }
        }
        indexes.sort(null);
        return indexes;
    }
}

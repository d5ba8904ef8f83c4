package dev.streamssl.job.config;

import dev.streamssl.learner.method.Methods;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The learner: which method and encoder, batch, device, snapshots. */
public final class LearnerOptions {
    private LearnerOptions() {}

    public static final ConfigOption<String> METHOD =
            ConfigOptions.key("learner.method")
                    .stringType()
                    .defaultValue("simclr")
                    .withDescription(
                            "Self-supervised method: " + String.join(", ", Methods.names()) + ".");

    public static final ConfigOption<String> RECIPE =
            ConfigOptions.key("learner.recipe")
                    .stringType()
                    .defaultValue("small")
                    .withDescription(
                            "Defaults of the optimizer.* options: small (measured on small images"
                                    + " and short runs), paper (the paper's values) or continue"
                                    + " (small at a quarter of its rate, for a warm start that"
                                    + " must not move far).");

    public static final ConfigOption<String> ARCHITECTURE =
            ConfigOptions.key("learner.architecture")
                    .stringType()
                    .defaultValue("small-cnn")
                    .withDescription(
                            "Encoder: small-cnn, resnet18, resnet18-cifar or vit (sized by vit.*).");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("learner.batch-size")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Images per training step.");

    public static final ConfigOption<String> DEVICE =
            ConfigOptions.key("learner.device")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "cpu, gpu:N, or auto: each learner/embedder subtask takes one of"
                                    + " the GPUs Flink assigns its TaskManager (external"
                                    + " resource 'gpu'), else one DJL sees, else the CPU.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("learner.parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Learners per method (data-parallel replicas), each on its own share"
                                    + " of the images topic's partitions and, on a cluster, its own"
                                    + " TaskManager slot and GPU. Above 1 they average their models"
                                    + " every learner.sync-every steps, the learning rate follows"
                                    + " the global batch (parallelism × learner.batch-size), and"
                                    + " learner.mode must be every-image. 1: one learner, as before.");

    public static final ConfigOption<Integer> SYNC_EVERY =
            ConfigOptions.key("learner.sync-every")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "With learner.parallelism above 1: local steps between two averaging"
                                    + " rounds (H of local SGD).");

    public static final ConfigOption<Duration> SYNC_TIMEOUT =
            ConfigOptions.key("learner.sync-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "With learner.parallelism above 1: a learner that has had less than a"
                                    + " batch to train on for this long takes its last steps to an"
                                    + " averaging round, or joins a round the others opened, with"
                                    + " the images it has (its partitions ran dry or lag).");

    public static final ConfigOption<Integer> SLOT_GPUS =
            ConfigOptions.key("learner.slot.gpus")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "With learner.parallelism above 1: GPUs (Flink external resource"
                                    + " 'gpu') each learner's slot asks for, through Flink's"
                                    + " fine-grained resource management, so that each learner"
                                    + " lands on a TaskManager with a GPU of its own. Flink then"
                                    + " needs learner.slot.cpu-cores and"
                                    + " learner.slot.task-heap-memory too. 0: the learners' slots"
                                    + " are ordinary slots of their own group.");

    public static final ConfigOption<Double> SLOT_CPU_CORES =
            ConfigOptions.key("learner.slot.cpu-cores")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "CPU cores of a learner's slot when learner.slot.gpus is set.");

    public static final ConfigOption<Integer> SLOT_TASK_HEAP_MB =
            ConfigOptions.key("learner.slot.task-heap-memory-mb")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Task heap of a learner's slot, in MB, when learner.slot.gpus is set"
                                    + " (the learner's tensors live off the heap: a few GB is"
                                    + " enough).");

    public static final ConfigOption<String> OUTER_OPTIMIZER =
            ConfigOptions.key("learner.outer-optimizer")
                    .stringType()
                    .defaultValue("average")
                    .withDescription(
                            "How a round combines the learners: average (the mean becomes the"
                                    + " model) or nesterov (DiLoCo: Nesterov momentum on the"
                                    + " difference between the last model and the mean).");

    public static final ConfigOption<Double> OUTER_LEARNING_RATE =
            ConfigOptions.key("learner.outer-learning-rate")
                    .doubleType()
                    .defaultValue(0.7)
                    .withDescription("The nesterov outer optimizer's learning rate (DiLoCo: 0.7).");

    public static final ConfigOption<Double> OUTER_MOMENTUM =
            ConfigOptions.key("learner.outer-momentum")
                    .doubleType()
                    .defaultValue(0.9)
                    .withDescription("The nesterov outer optimizer's momentum (DiLoCo: 0.9).");

    public static final ConfigOption<String> INIT_FROM =
            ConfigOptions.key("learner.init-from")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "A PyTorch state dict in safetensors the encoder starts from (version"
                                    + " 0 of learner and embedders): torchvision's resnet18"
                                    + " names, timm's/DINO's ViT names, or a streamssl export's"
                                    + " encoder.safetensors; a local path readable on every"
                                    + " TaskManager. Empty: random weights.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("learner.seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription(
                            "Seed of the learner's random generator (initialisation, augmentation).");

    public static final ConfigOption<Integer> THREADS =
            ConfigOptions.key("learner.threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Threads libtorch uses for one of the learner's operations; 0: every"
                                    + " core the TaskManager's JVM sees. The learner gets the cores,"
                                    + " the embedders a thread each (embedder.threads). A restored"
                                    + " learner repeats its steps bit for bit with the same count: set"
                                    + " it explicitly when a job may restore on machines of another"
                                    + " size.");

    public static final ConfigOption<Double> YIELD_SHARE =
            ConfigOptions.key("learner.yield-share")
                    .doubleType()
                    .defaultValue(0.25)
                    .withDescription(
                            "The learner's share of the time while the embedders on its machine"
                                    + " are past embedder.max-lag: after each step it rests three"
                                    + " times the step's duration at 0.25 (at most 2 s at a time),"
                                    + " and the embedders take the cores.");

    public static final ConfigOption<Integer> SNAPSHOT_INTERVAL =
            ConfigOptions.key("learner.snapshot-interval")
                    .intType()
                    .defaultValue(50)
                    .withDescription("Broadcast a model snapshot to the embedders every N steps.");

    public static final ConfigOption<Duration> IDLE_SNAPSHOT_DELAY =
            ConfigOptions.key("learner.idle-snapshot-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "When no step has run for this long, newer weights are broadcast even"
                                    + " between snapshot intervals.");

    public static final ConfigOption<Integer> METRICS_INTERVAL =
            ConfigOptions.key("learner.metrics-interval")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Write a TrainingMetrics report every N steps.");

    public static final ConfigOption<Long> MAX_STEPS =
            ConfigOptions.key("learner.max-steps")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Stop training after this many steps (0 = never); embedding goes on.");

    public static final ConfigOption<String> MODE =
            ConfigOptions.key("learner.mode")
                    .stringType()
                    .defaultValue("every-image")
                    .withDescription(
                            "every-image: each learnable image is trained on once, in order,"
                                    + " reproducibly after a failure; the learning path lags when the"
                                    + " stream is faster (embedding does not wait). sample: training"
                                    + " keeps up with the head of the stream and skips what it cannot"
                                    + " take. off: no training; images are embedded with the initial"
                                    + " weights.");

    public static final ConfigOption<String> REPLAY_POLICY =
            ConfigOptions.key("learner.replay.policy")
                    .stringType()
                    .defaultValue("fifo")
                    .withDescription(
                            "Which images the replay buffer keeps and how batches are drawn: fifo"
                                    + " (each image once, in order), reservoir (a uniform sample of the"
                                    + " whole stream) or minred (evicts the most redundant image).");

    public static final ConfigOption<Integer> REPLAY_CAPACITY =
            ConfigOptions.key("learner.replay.capacity")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("Images the replay buffer holds (checkpointed).");

    public static final ConfigOption<Integer> REPLAY_STEPS_PER_BATCH =
            ConfigOptions.key("learner.replay.steps-per-batch")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Training steps per batch of new images (reservoir and minred draw"
                                    + " each batch from the buffer, so an image may be seen again).");

    public static final ConfigOption<Double> REPLAY_SHARE =
            ConfigOptions.key("learner.replay.share")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "reservoir and minred: the share of each training batch drawn from the"
                                    + " buffer. 1: whole batches drawn from it. Below 1: every new"
                                    + " image is trained on once as new, (1 − share) · batch of"
                                    + " them per step, the rest of the batch drawn from the older"
                                    + " images in the buffer. fifo keeps no old images: 1 only.");

    public static final ConfigOption<Integer> SAMPLE_MAX_PENDING =
            ConfigOptions.key("learner.sample.max-pending")
                    .intType()
                    .defaultValue(1024)
                    .withDescription(
                            "In sample mode: new images waiting for the trainer; when full, the"
                                    + " oldest is skipped.");

    public static final ConfigOption<Integer> MAX_NON_FINITE_STEPS =
            ConfigOptions.key("learner.max-non-finite-steps")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "A step whose loss is NaN or infinite is dropped and counted; after this"
                                    + " many in a row the learner goes back to its last good state"
                                    + " (kept every snapshot interval).");

    public static final ConfigOption<String> EXPORT_DIR =
            ConfigOptions.key("learner.export.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory URI (file://, s3://, hdfs://) the learner writes model"
                                    + " directories to: <method>-v<version>/ with DJL parameters and"
                                    + " model.json; unset: no export.");

    public static final ConfigOption<Integer> EXPORT_EVERY_VERSIONS =
            ConfigOptions.key("learner.export.every-versions")
                    .intType()
                    .defaultValue(500)
                    .withDescription(
                            "Export the evaluation network whenever a published model version is a"
                                    + " multiple of this.");

    public static final ConfigOption<java.util.List<String>> METHODS =
            ConfigOptions.key("learner.methods")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Several methods side by side on the one decoded stream, e.g."
                                    + " simclr;moco;dino: a learner and embedders per method, each"
                                    + " with its own state; overrides learner.method.");

    /** The rules of these options, checked at start-up. */
    static final List<OptionCheck> CHECKS =
            List.of(
                    OptionCheck.known(METHOD, Methods::named),
                    OptionCheck.knownOnce(METHODS, Methods::named, "a method"),
                    OptionCheck.oneOf(RECIPE, "small", "paper", "continue"),
                    OptionCheck.oneOf(MODE, "every-image", "sample", "off"),
                    OptionCheck.oneOf(REPLAY_POLICY, "fifo", "reservoir", "minred"),
                    OptionCheck.range(REPLAY_STEPS_PER_BATCH, 1, 64),
                    OptionCheck.share(REPLAY_SHARE),
                    LearnerOptions::replayShareNeedsAMemory,
                    OptionCheck.range(BATCH_SIZE, 2, 65536),
                    OptionCheck.range(SNAPSHOT_INTERVAL, 1, Integer.MAX_VALUE),
                    OptionCheck.range(EXPORT_EVERY_VERSIONS, 1, Integer.MAX_VALUE),
                    OptionCheck.range(SAMPLE_MAX_PENDING, 1, 1 << 20),
                    OptionCheck.range(REPLAY_CAPACITY, BATCH_SIZE, 1 << 22),
                    OptionCheck.range(METRICS_INTERVAL, 1, Integer.MAX_VALUE),
                    OptionCheck.range(THREADS, 0, 1024),
                    OptionCheck.share(YIELD_SHARE),
                    OptionCheck.atLeast(MAX_STEPS, 0, "0 = no limit"),
                    OptionCheck.range(PARALLELISM, 1, 1024),
                    OptionCheck.range(SYNC_EVERY, 1, Integer.MAX_VALUE),
                    OptionCheck.range(SLOT_GPUS, 0, 64),
                    LearnerOptions::gpuSlotSized,
                    OptionCheck.matches(DEVICE, "auto|cpu|gpu:\\d+", "cpu, auto or gpu:N"));

    /** A share below 1 mixes new images with older ones, which FIFO does not keep. */
    private static void replayShareNeedsAMemory(Configuration c) {
        if (c.get(REPLAY_SHARE) < 1 && c.get(REPLAY_POLICY).equals("fifo")) {
            throw new IllegalArgumentException(
                    "option 'learner.replay.share' = "
                            + c.get(REPLAY_SHARE)
                            + " mixes each batch with older images, which learner.replay.policy ="
                            + " fifo does not keep; choose reservoir or minred");
        }
    }

    /** Flink sizes a slot that asks for a GPU by its cores and heap as well. */
    private static void gpuSlotSized(Configuration c) {
        if (c.get(SLOT_GPUS) > 0
                && (!(c.get(SLOT_CPU_CORES) > 0) || c.get(SLOT_TASK_HEAP_MB) <= 0)) {
            throw new IllegalArgumentException(
                    "option 'learner.slot.gpus' = "
                            + c.get(SLOT_GPUS)
                            + " needs learner.slot.cpu-cores and"
                            + " learner.slot.task-heap-memory-mb above 0 (Flink sizes a slot"
                            + " that asks for a GPU by all three)");
        }
    }
}
